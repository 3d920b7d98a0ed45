import { unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import type { JobHandler } from '../jobs/job-handler';
import { LedgerRepository } from './ledger.repository';

const DAY_MS = 86_400_000;

/**
 * Retention of ledger (台账) exports: requests older than LEDGER_RETENTION_DAYS lose their file,
 * then their row. Files go first, so a crash in between leaves rows whose files are gone (the next
 * run deletes them) and never files nobody can find. Idempotent: a second run finds nothing.
 */
@Injectable()
export class PurgeLedgersHandler implements JobHandler<'ledgers.purge'> {
  readonly jobName = 'ledgers.purge' as const;
  private readonly logger = new Logger(PurgeLedgersHandler.name);
  private readonly dir: string;

  constructor(
    private readonly ledgers: LedgerRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.dir = resolve(config.LEDGER_DIR);
  }

  async handle(): Promise<{ rows: number; files: number }> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.LEDGER_RETENTION_DAYS * DAY_MS);
    const expired = await this.ledgers.expiredBefore(cutoff);
    if (expired.length === 0) return { rows: 0, files: 0 };
    let files = 0;
    for (const { stored_name } of expired) {
      if (stored_name && (await this.removeFile(stored_name))) files += 1;
    }
    const rows = await this.ledgers.deleteMany(expired.map((r) => r.id));
    this.logger.log({ rows, files, cutoff }, 'expired ledgers purged');
    return { rows, files };
  }

  /** true when the file was there; a file already gone is fine (a rerun after a crash) */
  private async removeFile(storedName: string): Promise<boolean> {
    try {
      await unlink(join(this.dir, basename(storedName)));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}
