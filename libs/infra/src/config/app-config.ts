import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** five-field cron (minute hour day month weekday), read in Asia/Shanghai */
const CRON = /^\S+ \S+ \S+ \S+ \S+$/;

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
  @IsString()
  @MinLength(1)
  REDIS_PREFIX: string = 'luoshi';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** HMAC key for access tokens; in production it must be set (min 32 chars): the default is public */
  @IsString()
  @MinLength(16)
  JWT_SECRET: string = DEVELOPMENT_JWT_SECRET;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL_SECONDS: number = 14 * 24 * 3600;

  /**
   * how long an authenticated user's row may be reused between requests; changes reach the cache
   * at once (NOTIFY), this only bounds it. 0 reads the user on every request
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  PRINCIPAL_CACHE_SECONDS: number = 60;

  /** largest accepted document upload, bytes */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BYTES: number = 10 * 1024 * 1024;

  /** largest accepted report attachment, bytes */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  ATTACHMENT_MAX_BYTES: number = 20 * 1024 * 1024;

  @IsString()
  ATTACHMENT_DIR: string = './var/attachments';

  /** where the worker writes ledger (台账) .xlsx files and the API reads them for download */
  @IsString()
  LEDGER_DIR: string = './var/ledgers';

  /** ledger files and their rows older than this many days are deleted by the worker's daily purge */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  LEDGER_RETENTION_DAYS: number = 30;

  /** the built web app (`npm run build` writes it); served at `/` when its index.html exists */
  @IsString()
  WEB_DIR: string = './dist/web';

  /** working days a unit has to sign for (签收) a newly published task */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30)
  RECEIPT_WORKING_DAYS: number = 3;

  /** days after a period ends during which its report may still be submitted */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(31)
  REPORT_GRACE_DAYS: number = 5;

  /**
   * how long the office's whole dashboard answer is shared by every office and leader request
   * (one computation per interval, not per request); 0: computed per request
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  DASHBOARD_CACHE_MS: number = 2000;

  /**
   * how long a read waits for the new day's traffic lights to be recomputed before it answers with
   * the previous day's (saying so) while the recompute goes on
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  LIGHT_RECOMPUTE_WAIT_MS: number = 1000;

  /** login attempts allowed per minute per username+IP */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT: number = 10;

  /** requests one authenticated user may make per minute (all routes); generous: it stops floods, not work */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  USER_RATE_LIMIT: number = 1200;

  /** seconds during which concurrent refreshes of one refresh token all get the pair the first one got */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120)
  REFRESH_REUSE_GRACE_SECONDS: number = 10;

  /** outgoing mail server (smtp:// or smtps:// with credentials); unset: the email channel is off */
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_valid_protocol: true }, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** From header of notification mail; Message-IDs use its domain */
  @IsString()
  @MinLength(3)
  SMTP_FROM: string = '落实系统 <noreply@luoshi.local>';

  /** robot API hosts (overridden in tests by local receivers) */
  @IsUrl({ protocols: ['http', 'https'], require_tld: false }, { message: 'WECOM_BASE_URL must be an http(s) URL' })
  WECOM_BASE_URL: string = 'https://qyapi.weixin.qq.com';

  @IsUrl({ protocols: ['http', 'https'], require_tld: false }, { message: 'DINGTALK_BASE_URL must be an http(s) URL' })
  DINGTALK_BASE_URL: string = 'https://oapi.dingtalk.com';

  /** longest wait for one external send (connect to answer), ms */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  CHANNEL_TIMEOUT_MS: number = 10_000;

  /** attempts an external delivery gets before it is marked failed (throttling pauses do not count) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  DELIVERY_MAX_ATTEMPTS: number = 8;

  /** first retry delay and the largest one, ms (exponential backoff with jitter in between) */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DELIVERY_RETRY_BASE_MS: number = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  DELIVERY_RETRY_MAX_MS: number = 6 * 3600_000;

  /** messages one WeCom/DingTalk robot may send per rolling minute, across all workers (both allow 20) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  ROBOT_RATE_LIMIT_PER_MINUTE: number = 20;

  // ── the worker's clock (cron in Asia/Shanghai; issue 10) ──
  /** the daily reminder sweep */
  @Matches(CRON, { message: 'REMINDER_SWEEP_CRON must be a five-field cron expression' })
  REMINDER_SWEEP_CRON: string = '0 9 * * *';

  /** monthly cycle: open the period and ask units with open tasks for their report */
  @Matches(CRON, { message: 'MONTHLY_OPEN_CRON must be a five-field cron expression' })
  MONTHLY_OPEN_CRON: string = '0 9 20 * *';

  /** monthly cycle: remind units that have not reported */
  @Matches(CRON, { message: 'MONTHLY_REMIND_CRON must be a five-field cron expression' })
  MONTHLY_REMIND_CRON: string = '0 9 25 * *';

  /** monthly cycle: close the month before (its rollup is built then) */
  @Matches(CRON, { message: 'MONTHLY_CLOSE_CRON must be a five-field cron expression' })
  MONTHLY_CLOSE_CRON: string = '0 1 1 * *';

  /** weekly (周调度) measures: open Monday, remind Thursday, close the week before on Monday */
  @Matches(CRON, { message: 'WEEKLY_OPEN_CRON must be a five-field cron expression' })
  WEEKLY_OPEN_CRON: string = '0 9 * * 1';
  @Matches(CRON, { message: 'WEEKLY_REMIND_CRON must be a five-field cron expression' })
  WEEKLY_REMIND_CRON: string = '0 9 * * 4';
  @Matches(CRON, { message: 'WEEKLY_CLOSE_CRON must be a five-field cron expression' })
  WEEKLY_CLOSE_CRON: string = '0 1 * * 1';

  /** 旬 (dekad) measures: open on the 1st/11th/21st, remind on the 8th/18th/28th, close the 旬 before */
  @Matches(CRON, { message: 'DEKAD_OPEN_CRON must be a five-field cron expression' })
  DEKAD_OPEN_CRON: string = '0 9 1,11,21 * *';
  @Matches(CRON, { message: 'DEKAD_REMIND_CRON must be a five-field cron expression' })
  DEKAD_REMIND_CRON: string = '0 9 8,18,28 * *';
  @Matches(CRON, { message: 'DEKAD_CLOSE_CRON must be a five-field cron expression' })
  DEKAD_CLOSE_CRON: string = '0 1 1,11,21 * *';

  /** working days before a deadline on which the responsible units are reminded */
  @Matches(/^\d{1,2}(,\d{1,2})*$/, { message: 'REMINDER_WORKING_DAYS_BEFORE must list working days, e.g. 7,3,1' })
  REMINDER_WORKING_DAYS_BEFORE: string = '7,3,1';

  /** while overdue, a reminder every this many days */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30)
  REMINDER_OVERDUE_EVERY_DAYS: number = 3;

  /** days overdue after which the task is escalated to the office */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  ESCALATE_AFTER_DAYS_OVERDUE: number = 7;

  /** how often the reconciler re-dispatches due deliveries from Postgres, ms */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  DELIVERY_DISPATCH_EVERY_MS: number = 30_000;

  /** how often the worker folds the writers' dashboard-counter deltas into the counters (tally.fold), ms */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  TALLY_FOLD_EVERY_MS: number = 5_000;

  /** deliveries one delivery job carries at most */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  DELIVERY_BATCH_SIZE: number = 500;

  /** how long a dispatched batch is held for its job before the reconciler takes it again (a flushed Redis), ms */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  DELIVERY_LEASE_MS: number = 15 * 60_000;

  /** hosts (names or IPs, comma-separated) a webhook may reach although private/loopback/link-local */
  @IsString()
  OUTBOUND_ALLOW_HOSTS: string = '';

  /** on SIGTERM/SIGINT, how long the worker waits for its running jobs before it exits anyway, ms */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_SHUTDOWN_TIMEOUT_MS: number = 30_000;
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
