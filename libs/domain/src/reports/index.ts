export * from './period';
export * from './report-warnings';
