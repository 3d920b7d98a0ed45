export * from './lifecycle';
export * from './report-lifecycle';
export * from './extension-lifecycle';
export * from './notice-lifecycle';
