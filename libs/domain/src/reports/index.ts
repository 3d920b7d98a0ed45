export * from './period';
export * from './report-warnings';
export * from './reports-within';
