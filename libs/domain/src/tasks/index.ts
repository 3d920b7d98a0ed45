export * from './task-state';
export * from './traffic-light';
export * from './notice-level';
export * from './supervision';
export * from './extension';
