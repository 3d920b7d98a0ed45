import type { AttachmentSummaryDto, ReportResponseDto } from './dto/report-response.dto';
import type { AttachmentSummaryRow, ReportRow } from './reports.repository';

/** Postgres timestamps (Date from a column, string from JSON) as ISO 8601 UTC, as the API speaks everywhere. */
function iso(value: Date | string): string;
function iso(value: Date | string | null): string | null;
function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export function toAttachmentSummary(row: AttachmentSummaryRow): AttachmentSummaryDto {
  return {
    id: row.id,
    fileName: row.original_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    createdAt: iso(row.created_at),
  };
}

/** What the API shows of a report: only these fields leave the server. */
export function toReportResponse(row: ReportRow): ReportResponseDto {
  return {
    id: row.id,
    taskId: row.task_id,
    ...(row.task_title !== undefined ? { taskTitle: row.task_title } : {}),
    unitId: row.unit_id,
    ...(row.unit_name !== undefined ? { unitName: row.unit_name } : {}),
    period: row.period,
    status: row.status,
    text: row.text,
    percent: row.percent,
    milestone: row.milestone,
    problems: row.problems,
    nextSteps: row.next_steps,
    warnings: row.warnings ?? [],
    reviewComment: row.review_comment,
    reviewedAt: iso(row.reviewed_at),
    submittedAt: iso(row.submitted_at),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ...(row.attachments !== undefined ? { attachments: (row.attachments ?? []).map(toAttachmentSummary) } : {}),
  };
}

/** The fields of a report an audit entry shows before and after a change. */
export type ReportSnapshotFields = Pick<
  ReportRow,
  'period' | 'unit_id' | 'status' | 'text' | 'percent' | 'milestone' | 'problems' | 'next_steps' | 'warnings' | 'review_comment' | 'version'
>;

export function reportSnapshot(row: ReportSnapshotFields): Record<string, unknown> {
  return {
    period: row.period,
    unitId: row.unit_id,
    status: row.status,
    text: row.text,
    percent: row.percent,
    milestone: row.milestone,
    problems: row.problems,
    nextSteps: row.next_steps,
    warnings: (row.warnings ?? []).map((w) => w.code),
    reviewComment: row.review_comment,
    version: row.version,
  };
}
