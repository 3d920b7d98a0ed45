import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows, sql } from '@luoshi/infra';
import { measureNotFound } from '@luoshi/domain/errors';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import type { MeasureDto } from '../documents/dto/document-response.dto';
import { DocumentsRepository } from '../documents/documents.repository';
import { TaskAccessService } from '../tasks/task-access.service';
import type { MeasureReportingResponseDto, UpdateMeasureReportingDto } from './dto/measure-reporting.dto';

interface ChangedTask {
  id: string;
  version: number;
  before_cadence: string;
  before_evidence: boolean;
  report_cadence: string;
  evidence_required: boolean;
}

/**
 * A measure as a caller may read it, and measure-level settings that fan out to the measure's tasks (a measure may report weekly or
 * by 旬 rather than monthly). One transaction: the measure, every open task of it (and of its
 * sub-items) whose setting differs, with a version bump so a task edit based on the old row
 * gets 409, and one audit entry per changed task plus one for the measure.
 */
@Injectable()
export class MeasuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: AuditedWriter,
    private readonly audit: AuditService,
    private readonly access: TaskAccessService,
    private readonly documents: DocumentsRepository,
  ) {}

  /** A measure as the caller may see it: a bureau only one it has a task on, listing only its tasks (else 404). */
  async get(user: AuthUser, measureId: string): Promise<MeasureDto> {
    const everyMeasure = user.role === 'office' || user.role === 'leader';
    const measure = await this.documents.measure(measureId, this.access.visibleTasks(user), everyMeasure);
    if (!measure) throw measureNotFound();
    return measure;
  }

  async updateReporting(user: AuthUser, measureId: string, dto: UpdateMeasureReportingDto): Promise<MeasureReportingResponseDto> {
    const target: RefusalTarget = { action: 'measure.reporting', entityType: 'measure', entityId: measureId };
    return this.writer.run(user, target, async (manager) => {
      const [measure]: { report_cadence: string }[] = await queryRows(manager, sql`SELECT report_cadence FROM measure WHERE id = ${measureId} FOR UPDATE`);
      if (!measure) throw measureNotFound();
      await queryRows(manager, sql`UPDATE measure SET report_cadence = ${dto.reportCadence} WHERE id = ${measureId} OR parent_id = ${measureId}`);
      // a top-level SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count]
      const evidence = dto.evidenceRequired ?? null;
      const changed = await queryRows<ChangedTask>(
        manager,
        sql`WITH old AS (
           SELECT t.id, t.report_cadence, t.evidence_required FROM task t
            WHERE (t.measure_id = ${measureId} OR t.measure_id IN (SELECT id FROM measure WHERE parent_id = ${measureId}))
              AND t.state NOT IN ('completed', 'not_applicable')
              AND (t.report_cadence <> ${dto.reportCadence} OR (${evidence}::boolean IS NOT NULL AND t.evidence_required <> ${evidence}))
            FOR UPDATE OF t)
         , changed AS (
           UPDATE task t SET report_cadence = ${dto.reportCadence}, evidence_required = coalesce(${evidence}, t.evidence_required), version = t.version + 1, updated_at = now()
             FROM old WHERE t.id = old.id
           RETURNING t.id, t.version, old.report_cadence AS before_cadence, old.evidence_required AS before_evidence, t.report_cadence, t.evidence_required)
         SELECT * FROM changed ORDER BY id`,
      );
      for (const task of changed) {
        await this.audit.record(manager, user, {
          action: 'task.update',
          entityType: 'task',
          entityId: task.id,
          before: { reportCadence: task.before_cadence, evidenceRequired: task.before_evidence, version: task.version - 1 },
          after: { reportCadence: task.report_cadence, evidenceRequired: task.evidence_required, version: task.version, measureId },
        });
      }
      const taskIds = changed.map((task) => task.id).sort();
      await this.audit.record(manager, user, {
        ...target,
        before: { reportCadence: measure.report_cadence },
        after: { reportCadence: dto.reportCadence, evidenceRequired: dto.evidenceRequired ?? null, taskIds },
      });
      return { measureId, reportCadence: dto.reportCadence, tasksChanged: taskIds.length, taskIds };
    });
  }
}
