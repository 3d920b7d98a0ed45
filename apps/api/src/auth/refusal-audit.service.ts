import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from './auth.decorators';

export interface RefusalEntry {
  /** the authenticated caller who was refused */
  actor: AuthUser;
  /** e.g. access.refused, task.read */
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  /** the error code the caller received */
  code: string;
  details?: Record<string, unknown>;
}

/**
 * Records a refused attempt (outcome 'refused') in its own short transaction: the request is
 * about to fail, so there is no business transaction to join. A failure to write is logged and
 * swallowed: the caller is refused either way.
 */
@Injectable()
export class RefusalAuditService {
  private readonly logger = new Logger(RefusalAuditService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async record(entry: RefusalEntry): Promise<void> {
    try {
      await this.audit.record(this.dataSource.manager, entry.actor, {
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        outcome: 'refused',
        after: { code: entry.code, ...entry.details },
      });
    } catch (err) {
      this.logger.error({ err, action: entry.action, code: entry.code }, 'Could not record a refused attempt');
    }
  }
}
