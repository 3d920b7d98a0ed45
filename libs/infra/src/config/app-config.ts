import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** The development default, published in this repository: never a valid key in production. */
const DEVELOPMENT_JWT_SECRET = 'dev-only-insecure-secret-change-me';

/** The environment, as validated once at start-up. Defaults suit local development only. */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false }, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/luoshi';

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false }, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** namespaces every Redis key (queues, rate limits) so several deployments or test runs can share one Redis */
  @IsString() @MinLength(1)
  REDIS_PREFIX: string = 'luoshi';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT: number = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** HMAC key for access tokens; in production it must be set (min 32 chars): the default is public */
  @IsString() @MinLength(16)
  JWT_SECRET: string = DEVELOPMENT_JWT_SECRET;

  @Transform(toInt) @IsInt() @Min(30)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @Transform(toInt) @IsInt() @Min(60)
  REFRESH_TOKEN_TTL_SECONDS: number = 14 * 24 * 3600;

  /**
   * how long an authenticated user's row may be reused between requests; changes reach the cache
   * at once (NOTIFY), this only bounds it. 0 reads the user on every request
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  PRINCIPAL_CACHE_SECONDS: number = 60;

  /** largest accepted document upload, bytes */
  @Transform(toInt) @IsInt() @Min(1024)
  IMPORT_MAX_BYTES: number = 10 * 1024 * 1024;

  /** largest accepted report attachment, bytes */
  @Transform(toInt) @IsInt() @Min(1024)
  ATTACHMENT_MAX_BYTES: number = 20 * 1024 * 1024;

  @IsString()
  ATTACHMENT_DIR: string = './var/attachments';

  /** the built web app (`npm run build` writes it); served at `/` when its index.html exists */
  @IsString()
  WEB_DIR: string = './dist/web';

  /** working days a unit has to sign for (签收) a newly published task */
  @Transform(toInt) @IsInt() @Min(1) @Max(30)
  RECEIPT_WORKING_DAYS: number = 3;

  /** days after a period ends during which its report may still be submitted */
  @Transform(toInt) @IsInt() @Min(0) @Max(31)
  REPORT_GRACE_DAYS: number = 5;

  /** login attempts allowed per minute per username+IP */
  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_RATE_LIMIT: number = 10;

  @IsOptional() @IsString()
  SMTP_URL?: string;
}

export type AppConfig = Readonly<EnvironmentVariables>;

export class ConfigError extends Error {}

/** Validates `env` into the typed config; throws ConfigError with one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => known.includes(k) && v !== undefined && v !== ''));
  const config = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid environment: ${lines.join(' | ')}`);
  }
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
    throw new ConfigError('Invalid environment: JWT_SECRET must be set in production (the development default is public)');
  }
  if (config.NODE_ENV === 'production' && config.JWT_SECRET.length < 32) {
    throw new ConfigError('Invalid environment: JWT_SECRET must be at least 32 characters in production');
  }
  return Object.freeze(config);
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
