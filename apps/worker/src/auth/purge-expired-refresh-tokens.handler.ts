import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JobHandler } from '../jobs/job-handler';

/**
 * Deletes refresh tokens past their expiry. Rotated tokens are kept (revoked) until they expire so
 * that presenting one again is recognised as a replay; after expiry they prove nothing and only
 * grow the table. Idempotent: a second run deletes nothing.
 */
@Injectable()
export class PurgeExpiredRefreshTokensHandler implements JobHandler<'auth.purge-expired-refresh-tokens'> {
  readonly jobName = 'auth.purge-expired-refresh-tokens' as const;
  private readonly logger = new Logger(PurgeExpiredRefreshTokensHandler.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(): Promise<{ deleted: number }> {
    const [, deleted]: [unknown[], number] = await this.dataSource.query(`DELETE FROM refresh_token WHERE expires_at < now()`);
    this.logger.log({ deleted }, 'expired refresh tokens purged');
    return { deleted };
  }
}
