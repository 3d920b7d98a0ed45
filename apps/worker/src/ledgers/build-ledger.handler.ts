import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AssessmentSettingsSource, enqueueNotification, LightDayService } from '@luoshi/core';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import { shanghaiTimestamp } from '@luoshi/domain/calendar';
import { ledgerDownloadName } from '@luoshi/domain/entities';
import type { JobPayloads } from '@luoshi/jobs';
import type { JobHandler } from '../jobs/job-handler';
import { LedgerLights } from './ledger-light';
import { LedgerRepository } from './ledger.repository';
import { LedgerWorkbook } from './ledger-workbook';

/** The file of a ledger under LEDGER_DIR (the API serves it from the same name). */
export const ledgerFileName = (ledgerId: string) => `${ledgerId}.xlsx`;

/**
 * Writes a requested ledger (台账): the task list's rows for the request's scope and filters, each
 * with its light as of today (the verdict stored on the task, made current first: assessTask's), to `<LEDGER_DIR>/<id>.xlsx` (written under a temporary
 * name, then renamed, so a download never sees half a file), then marks it ready and tells the
 * requester through the outbox in one transaction. Idempotent: a ready ledger is left alone, a
 * rebuilt one overwrites its own file. Throws so BullMQ retries; the last attempt marks it failed.
 */
@Injectable()
export class BuildLedgerHandler implements JobHandler<'ledger.build'> {
  readonly jobName = 'ledger.build' as const;
  private readonly logger = new Logger(BuildLedgerHandler.name);
  private readonly dir: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledgers: LedgerRepository,
    private readonly assessment: AssessmentSettingsSource,
    private readonly lightDays: LightDayService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.dir = resolve(config.LEDGER_DIR);
  }

  async handle({ ledgerId }: JobPayloads['ledger.build'], job?: Job): Promise<{ rowCount: number } | { skipped: string }> {
    const ledger = await this.ledgers.find(ledgerId);
    if (!ledger) return { skipped: 'unknown ledger' };
    if (ledger.status === 'ready') return { skipped: 'already ready' };
    await this.ledgers.markBuilding(ledgerId);
    const { day } = await this.lightDays.ensureCurrent();
    const asOf = day.today;
    const lights = new LedgerLights(await this.assessment.current(), day);
    await mkdir(this.dir, { recursive: true });
    const finalPath = join(this.dir, ledgerFileName(ledgerId));
    const partPath = `${finalPath}.part`;
    try {
      const workbook = new LedgerWorkbook(partPath, '工作台账');
      const light = ledger.filters.light;
      await this.ledgers.eachBatch(ledger.unitId, ledger.filters, day, (rows) => {
        for (const row of rows) {
          const assessment = lights.of(row);
          if (!light || assessment.light === light) workbook.add(row, assessment);
        }
      });
      await workbook.close();
      await rename(partPath, finalPath);
      const { size } = await stat(finalPath);
      await this.dataSource.transaction(async (m) => {
        await this.ledgers.markReady(m, ledgerId, {
          asOf,
          storedName: ledgerFileName(ledgerId),
          rowCount: workbook.rows,
          sizeBytes: size,
          at: this.clock.now(),
        });
        await enqueueNotification(m, {
          kind: 'ledger.ready',
          params: {
            scopeLabel: ledger.unitId ? '本单位' : '全区',
            rowCount: workbook.rows,
            fileName: ledgerDownloadName(asOf),
            generatedAt: shanghaiTimestamp(this.clock.now()).slice(0, 16).replace('T', ' '),
          },
          recipient: { userId: ledger.requestedBy },
          payload: { ledgerId },
          dedupeKey: `ledger.ready:${ledgerId}`,
        });
      });
      this.logger.log({ ledgerId, rows: workbook.rows, bytes: size }, 'ledger built');
      return { rowCount: workbook.rows };
    } catch (err) {
      await unlink(partPath).catch(() => undefined);
      const attempts = job?.opts.attempts ?? 1;
      if (!job || job.attemptsMade + 1 >= attempts) await this.ledgers.markFailed(ledgerId, (err as Error).message, this.clock.now());
      throw err;
    }
  }
}
