export * from './config/app-config';
export * from './database/data-source';
export * from './preflight';
export * from './redis/redis';
export * from './config/config.module';
export * from './clock/clock';
export * from './database/query';
export * from './database/entity-row';
