// Entry point for the TypeORM CLI (migration:generate/run/revert); the apps use dataSourceOptions().
import { loadConfig } from '../config/app-config';
import { createDataSource } from './data-source';

export default createDataSource(loadConfig().DATABASE_URL);
