import { Clock, queryRows, returningRows, sql } from '@luoshi/infra';
import { Injectable } from '@nestjs/common';
import { DomainError, documentNotFound } from '@luoshi/domain/errors';
import { AuditActor, AuditService } from '../audit/audit.service';
import { insertAssignedNotifications, UnitAssignments } from '../tasks/task-commands.service';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';

export interface PublishResult {
  documentId: string;
  status: 'published';
  publishedAt: string;
  tasks: number;
  units: number;
  notifications: number;
}

/**
 * 交办: makes a document's tasks visible to their units and tells each unit once. One
 * transaction, with the document row locked so two concurrent publishes serialise; the second
 * (and any later) publish is refused with 409 ALREADY_PUBLISHED and changes nothing.
 */
@Injectable()
export class PublishingService {
  constructor(
    private readonly writer: AuditedWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async publish(actor: AuditActor, documentId: string): Promise<PublishResult> {
    const target: RefusalTarget = { action: 'document.publish', entityType: 'document', entityId: documentId };
    return this.writer.run(actor, target, async (manager) => {
      const [doc]: { id: string; title: string; status: string; published_at: Date | null }[] = await queryRows(
        manager,
        sql`SELECT id, title, status, published_at FROM policy_document WHERE id = ${documentId} FOR UPDATE`,
      );
      if (!doc) throw documentNotFound();
      if (doc.status === 'published') {
        throw new DomainError('conflict', 'ALREADY_PUBLISHED', '该文件已交办，无需重复交办', { publishedAt: doc.published_at });
      }
      // every task that is not 不涉及 needs a lead unit before anyone can be held to it
      const unassigned = await queryRows<{ measureId: string; number: string; title: string; tasks: number }>(
        manager,
        sql`SELECT m.id AS "measureId", m.number, m.title, count(*)::int AS tasks
           FROM task t JOIN measure m ON m.id = t.measure_id
          WHERE t.document_id = ${documentId} AND t.state <> 'not_applicable'
            AND NOT EXISTS (SELECT 1 FROM task_unit tu WHERE tu.task_id = t.id AND tu.role = 'lead')
          GROUP BY m.id, m.number, m.title, m.ordinal
          ORDER BY m.ordinal`,
      );
      if (unassigned.length > 0) {
        throw new DomainError(
          'rule_violated',
          'PUBLISH_UNASSIGNED_MEASURES',
          `有${unassigned.length}项措施尚未确定牵头单位，请先设置：${unassigned
            .slice(0, 10)
            .map((m) => `第${m.number}项`)
            .join('、')}${unassigned.length > 10 ? '等' : ''}`,
          { measures: unassigned },
        );
      }
      const now = this.clock.now();
      await queryRows(manager, sql`UPDATE policy_document SET status = 'published', published_at = ${now} WHERE id = ${documentId}`);
      const published = await returningRows<{ id: string }>(
        manager,
        sql`UPDATE task SET published_at = ${now}, version = version + 1, updated_at = ${now}
          WHERE document_id = ${documentId} AND published_at IS NULL RETURNING id`,
      );
      const perUnit = await queryRows<UnitAssignments>(
        manager,
        sql`SELECT tu.unit_id AS "unitId",
                array_agg(t.id::text ORDER BY tu.role = 'co', t.ordinal, t.id) AS "taskIds",
                count(*) FILTER (WHERE tu.role = 'lead')::int AS "leadCount",
                count(*) FILTER (WHERE tu.role = 'co')::int AS "coCount"
           FROM task_unit tu JOIN task t ON t.id = tu.task_id
          WHERE t.document_id = ${documentId}
          GROUP BY tu.unit_id ORDER BY tu.unit_id`,
      );
      const notifications = await insertAssignedNotifications(manager, documentId, doc.title, perUnit);
      const result: PublishResult = {
        documentId,
        status: 'published',
        publishedAt: now.toISOString(),
        tasks: published.length,
        units: perUnit.length,
        notifications,
      };
      await this.audit.record(manager, actor, {
        ...target,
        before: { status: doc.status, publishedAt: null },
        after: { status: 'published', publishedAt: result.publishedAt, tasks: result.tasks, units: result.units, notifications },
      });
      return result;
    });
  }
}
