import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AttachmentEntity, ProgressReportEntity } from '@luoshi/domain/entities';
import { empty, EntityRow, queryRow, queryRows, sql } from '@luoshi/infra';

/** An attachment row (`SELECT *`). */
export type AttachmentRow = EntityRow<AttachmentEntity, 'report'>;

/** An attachment with the facts of its report that access decisions need. */
export type AttachmentWithReport = AttachmentRow & { report_task_id: string; report_unit_id: string; report_status: string };

/** What the attachment rules need of a report. */
export type ReportRef = Pick<EntityRow<ProgressReportEntity, 'task' | 'unit'>, 'id' | 'task_id' | 'unit_id' | 'status'>;

/** All SQL of report attachments. */
@Injectable()
export class AttachmentsRepository {
  /** The report (locked for the transaction with `lock`), or undefined. */
  report(manager: EntityManager, reportId: string, lock: boolean): Promise<ReportRef | undefined> {
    return queryRow<ReportRef>(manager, sql`SELECT id, task_id, unit_id, status FROM progress_report WHERE id = ${reportId} ${lock ? sql`FOR UPDATE` : empty}`);
  }

  async countForReport(manager: EntityManager, reportId: string): Promise<number> {
    const row = await queryRow<{ n: number }>(manager, sql`SELECT count(*)::int AS n FROM attachment WHERE report_id = ${reportId}`);
    return row?.n ?? 0;
  }

  async insert(manager: EntityManager, file: Omit<AttachmentRow, 'id' | 'created_at' | 'size_bytes'> & { size_bytes: number }): Promise<AttachmentRow> {
    const row = await queryRow<AttachmentRow>(
      manager,
      sql`INSERT INTO attachment (report_id, unit_id, original_name, stored_name, media_type, size_bytes, sha256, created_by)
          VALUES (${file.report_id}, ${file.unit_id}, ${file.original_name}, ${file.stored_name}, ${file.media_type}, ${file.size_bytes},
                  ${file.sha256}, ${file.created_by})
          RETURNING *`,
    );
    return row!;
  }

  withReport(manager: EntityManager, attachmentId: string): Promise<AttachmentWithReport | undefined> {
    return queryRow<AttachmentWithReport>(
      manager,
      sql`SELECT a.*, r.task_id AS report_task_id, r.unit_id AS report_unit_id, r.status AS report_status
            FROM attachment a JOIN progress_report r ON r.id = a.report_id WHERE a.id = ${attachmentId}`,
    );
  }

  async delete(manager: EntityManager, attachmentId: string): Promise<void> {
    await queryRows(manager, sql`DELETE FROM attachment WHERE id = ${attachmentId}`);
  }
}
