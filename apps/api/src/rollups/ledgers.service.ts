import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@luoshi/domain/errors';
import { ledgerDownloadName, type LedgerFilters } from '@luoshi/domain/entities';
import { APP_CONFIG, type AppConfig, Clock, queryRow, queryRows, raw, sql, type Sql } from '@luoshi/infra';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { TaskAccessService } from '../tasks/task-access.service';
import { queryPage } from '../common/paging';
import type { CreateLedgerDto, ListLedgersQueryDto } from './dto/rollup-query.dto';
import type { LedgerDto, PageDto } from './dto/rollup-response.dto';
import { LedgerQueue } from './ledger-queue';
import { unitScope } from './rollups.service';

interface LedgerRow {
  id: string;
  requested_by: string;
  unit_id: string | null;
  filters: LedgerFilters;
  status: string;
  as_of: string | null;
  stored_name: string | null;
  row_count: number | null;
  size_bytes: string | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const LEDGER_COLUMNS = `id, requested_by, unit_id, filters, status, as_of::text, stored_name, row_count, size_bytes, error, created_at, finished_at`;

function toDto(row: LedgerRow): LedgerDto {
  return {
    id: row.id,
    status: row.status,
    filters: row.filters as Record<string, unknown>,
    unitId: row.unit_id,
    asOf: row.as_of,
    rowCount: row.row_count,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    fileUrl: row.status === 'ready' ? `/ledgers/${row.id}/file` : null,
  };
}

/**
 * Ledger (台账) exports: a request stores the task list's filters and the caller's scope (a bureau:
 * its own unit) and enqueues the worker's build; status and download follow. Who may read one:
 * office and leaders any; a bureau the ledgers of its own unit.
 */
@Injectable()
export class LedgersService {
  private readonly dir: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TaskAccessService,
    private readonly queue: LedgerQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.dir = resolve(config.LEDGER_DIR);
  }

  async request(user: AuthUser, body: CreateLedgerDto): Promise<LedgerDto> {
    const scope = unitScope(user);
    // a bureau naming another unit is refused (403, audited) exactly as GET /tasks refuses it
    await this.access.assertUnitFilter(this.dataSource.manager, user, body.unitId);
    const filters: LedgerFilters = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const [row] = await queryRows<LedgerRow>(
      this.dataSource,
      sql`INSERT INTO ledger_export (requested_by, unit_id, filters, created_at)
          VALUES (${user.id}, ${scope}, ${JSON.stringify(filters)}, ${this.clock.now()}) RETURNING ${raw(LEDGER_COLUMNS)}`,
    );
    try {
      await this.queue.enqueueBuild(row.id);
    } catch (err) {
      // without its job the request would wait for ever: take it back, the caller may retry
      await queryRows(this.dataSource, sql`DELETE FROM ledger_export WHERE id = ${row.id}`);
      throw err;
    }
    return toDto(row);
  }

  /** Newest first; a bureau sees its own unit's requests, office and leaders every one. */
  async list(user: AuthUser, query: ListLedgersQueryDto): Promise<PageDto<LedgerDto>> {
    const scope = unitScope(user);
    const where = [scope === null ? null : sql`unit_id = ${scope}`, query.status ? sql`status = ${query.status}` : null].filter((c): c is Sql => c !== null);
    return queryPage<LedgerRow, LedgerDto>(
      this.dataSource,
      { select: raw(LEDGER_COLUMNS), from: sql`ledger_export`, where, orderBy: sql`created_at DESC, id DESC` },
      query,
      toDto,
    );
  }

  async status(user: AuthUser, id: string): Promise<LedgerDto> {
    return toDto(await this.load(user, id));
  }

  async openFile(user: AuthUser, id: string): Promise<{ stream: ReadStream; size: number; fileName: string }> {
    const row = await this.load(user, id);
    if (row.status !== 'ready' || !row.stored_name) {
      throw new DomainError('conflict', 'LEDGER_NOT_READY', row.status === 'failed' ? '台账生成失败，请重新申请' : '台账正在生成，请稍后再下载', {
        status: row.status,
      });
    }
    const path = join(this.dir, basename(row.stored_name));
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      throw new DomainError('not_found', 'LEDGER_FILE_MISSING', '台账文件不存在，请重新申请');
    }
    return { stream: createReadStream(path), size, fileName: ledgerDownloadName(row.as_of as string) };
  }

  private async load(user: AuthUser, id: string): Promise<LedgerRow> {
    const scope = unitScope(user);
    const row = await queryRow<LedgerRow>(this.dataSource, sql`SELECT ${raw(LEDGER_COLUMNS)} FROM ledger_export WHERE id = ${id}`);
    if (!row) throw new DomainError('not_found', 'LEDGER_NOT_FOUND', '未找到该台账');
    // a bureau reads only ledgers limited to its own unit (never an office ledger of every unit)
    if (scope !== null && row.unit_id !== scope) {
      await this.audit.record(this.dataSource.manager, user, {
        action: 'ledger.access',
        entityType: 'ledger_export',
        entityId: id,
        outcome: 'refused',
        after: { code: 'LEDGER_FORBIDDEN' },
      });
      throw new DomainError('forbidden', 'LEDGER_FORBIDDEN', '只能查看本单位的台账');
    }
    return row;
  }
}
