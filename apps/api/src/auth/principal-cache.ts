import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import type { Role } from './auth.decorators';

/** The channel the app_user triggers (migration PrincipalChangeNotify) announce changes on. */
export const PRINCIPAL_CHANNEL = 'luoshi_principal';

/** An app_user row as authentication reads it. */
export interface PrincipalRow {
  id: string;
  username: string;
  role: Role;
  unit_id: string | null;
  disabled: boolean;
  token_version: number;
  /** sessions ended by logout: session id → epoch seconds (see UserEntity.endedSessions) */
  ended_sessions: Record<string, number>;
}

const MAX_ENTRIES = 10_000;
const RECONNECT_MS = { first: 500, max: 30_000 };

/**
 * Principals kept in memory between requests, so authenticating a request costs no database
 * round trip (a quarter of a report submission's API time). It is only as good as its
 * invalidation, so every path that changes a principal reaches it:
 *  - the database announces every change of an app_user row that authentication reads (triggers
 *    → NOTIFY luoshi_principal with the user id, delivered at commit to every API instance,
 *    whoever wrote: the API, the CLI, SQL by hand);
 *  - this instance also drops the entry itself right after committing its own change
 *    (`invalidate`), so the very next request here never depends on the notification's timing;
 *  - entries are served only while the LISTEN connection is up: when it drops, the cache is
 *    emptied and every request reads the database until it is back;
 *  - a lookup that was in flight when a notification arrived is not stored (generation check);
 *  - entries expire after PRINCIPAL_CACHE_SECONDS regardless; 0 turns the cache off.
 * Another instance learns of a change when Postgres delivers the notification, at commit, before
 * the change's own HTTP response has left.
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, { row: PrincipalRow; expiresAt: number }>();
  private readonly ttlMs: number;
  /** bumped by every invalidation: a lookup started before it must not be stored */
  private generation = 0;
  /** true while the LISTEN connection is up (and the cache may answer) */
  private armed = false;
  private listener: Client | null = null;
  private reconnectDelay = RECONNECT_MS.first;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.ttlMs = config.PRINCIPAL_CACHE_SECONDS * 1000;
  }

  async onModuleInit(): Promise<void> {
    if (this.ttlMs > 0) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.disarm();
    await listener?.end().catch(() => undefined);
  }

  /** Whether cached principals are being served (the LISTEN connection is up). */
  get active(): boolean {
    return this.armed;
  }

  /** The cached principal, if any and fresh. */
  get(userId: string): PrincipalRow | undefined {
    if (!this.armed) return undefined;
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(userId);
      return undefined;
    }
    return entry.row;
  }

  /** Loads a principal through the cache: `read` runs on a miss, and its row is kept unless something changed meanwhile. */
  async load(userId: string, read: () => Promise<PrincipalRow | undefined>): Promise<PrincipalRow | undefined> {
    const cached = this.get(userId);
    if (cached) return cached;
    const generation = this.generation;
    const row = await read();
    if (row && this.armed && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(userId, { row, expiresAt: Date.now() + this.ttlMs });
    }
    return row;
  }

  /** Drops one user's entry (after committing a change to that user), or every entry. */
  invalidate(userId?: string): void {
    this.generation++;
    if (userId) this.entries.delete(userId);
    else this.entries.clear();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'luoshi-principal-cache' });
    this.listener = client;
    // an empty payload (TRUNCATE) means everyone
    client.on('notification', (message) => this.invalidate(message.payload || undefined));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PRINCIPAL_CHANNEL}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.listener !== client) return;
    // whatever was cached before the connection was up may have missed a notification
    this.invalidate();
    this.armed = true;
    this.reconnectDelay = RECONNECT_MS.first;
  }

  private lost(client: Client, err?: unknown): void {
    if (this.listener !== client) return;
    this.disarm();
    client.end().catch(() => undefined);
    if (this.closing) return;
    this.logger.warn({ err, retryInMs: this.reconnectDelay }, 'Principal cache listener lost; authenticating from the database until it is back');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen();
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MS.max);
  }

  private disarm(): void {
    this.armed = false;
    this.listener = null;
    this.invalidate();
  }
}
