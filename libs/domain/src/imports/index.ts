export * from './apply-corrections';
