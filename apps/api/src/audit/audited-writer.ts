import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, type DomainErrorKind, type ErrorCode } from '@luoshi/domain/errors';
import type { AuditAction } from './audit-action';
import { AuditActor, AuditService } from './audit.service';

/**
 * Refusals the business rules (and upload checks: size, type) raise inside a write; 403s are
 * audited where they are decided (TaskAccessService, `forbid`), 404s are not refusals.
 */
const AUDITED_REFUSALS: ReadonlySet<DomainErrorKind> = new Set(['conflict', 'rule_violated', 'invalid', 'precondition_missing', 'too_large', 'unsupported']);

export interface RefusalTarget {
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  /**
   * Facts recorded with a refusal besides its code (e.g. the report an upload was for), so the
   * entry can be found with its task. The work may fill it in once it has read them; what the
   * refusal itself says (code, details) comes after and wins.
   */
  context?: Record<string, unknown>;
}

/**
 * Runs a write in one transaction. When a rule refuses it (conflict, rule_violated, invalid, …) the transaction
 * rolls back, and the refused attempt is then recorded in its own short transaction, so every
 * refused attempt leaves an audit entry (outcome 'refused', the error code in `after`).
 */
@Injectable()
export class AuditedWriter {
  private readonly logger = new Logger(AuditedWriter.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run<T>(actor: AuditActor, target: RefusalTarget, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.attempt(actor, target, () => this.dataSource.transaction(work));
  }

  /**
   * `run` for a write that is atomic without an explicit transaction (one data-modifying
   * statement, e.g. a report and its audit row): a refusal is recorded the same way.
   */
  async attempt<T>(actor: AuditActor, target: RefusalTarget, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof DomainError && AUDITED_REFUSALS.has(err.kind)) await this.refused(actor, target, err);
      throw err;
    }
  }

  /** Records a refused attempt outside any business transaction; never masks the refusal itself. */
  async refused(actor: AuditActor, target: RefusalTarget, err: DomainError): Promise<void> {
    try {
      const { fields: _fields, ...details } = err.details;
      const { context, ...entity } = target;
      await this.audit.record(this.dataSource.manager, actor, { ...entity, outcome: 'refused', after: { ...context, ...details, code: err.code } });
    } catch (auditErr) {
      this.logger.error({ err: auditErr, action: target.action, code: err.code }, 'Could not record a refused attempt');
    }
  }

  /** Throws 403 after recording the refusal (for refusals decided outside TaskAccessService). */
  async forbid(actor: AuditActor, target: RefusalTarget, code: ErrorCode, message: string): Promise<never> {
    const err = new DomainError('forbidden', code, message);
    await this.refused(actor, target, err);
    throw err;
  }
}
