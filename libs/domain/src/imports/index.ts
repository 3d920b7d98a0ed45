export * from './apply-corrections';
export * from './shift-dates';
