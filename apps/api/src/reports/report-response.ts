import type { ReportWarning } from '@luoshi/domain/reports';

/** A progress_report row as read with raw SQL (snake_case), plus optional joined columns. */
export interface ReportRow {
  id: string;
  task_id: string;
  unit_id: string;
  period: string;
  status: string;
  text: string;
  percent: number | null;
  milestone: string | null;
  problems: string | null;
  next_steps: string | null;
  warnings: ReportWarning[];
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
  submitted_at: Date | string | null;
  created_by: string;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  unit_name?: string;
  task_title?: string;
  attachments?: AttachmentSummaryRow[] | null;
}

export interface AttachmentSummaryRow {
  id: string;
  original_name: string;
  media_type: string;
  size_bytes: string | number;
  sha256: string;
  created_at: Date | string;
}

export interface AttachmentSummary {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** What the API shows of a report; only these fields leave the server. */
export interface ReportResponse {
  id: string;
  taskId: string;
  taskTitle?: string;
  unitId: string;
  unitName?: string;
  period: string;
  status: string;
  text: string;
  percent: number | null;
  milestone: string | null;
  problems: string | null;
  nextSteps: string | null;
  warnings: ReportWarning[];
  reviewComment: string | null;
  reviewedAt: string | null;
  submittedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  attachments?: AttachmentSummary[];
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toAttachmentSummary(row: AttachmentSummaryRow): AttachmentSummary {
  return {
    id: row.id,
    fileName: row.original_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    createdAt: iso(row.created_at) as string,
  };
}

export function toReportResponse(row: ReportRow): ReportResponse {
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
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    ...(row.attachments !== undefined ? { attachments: (row.attachments ?? []).map(toAttachmentSummary) } : {}),
  };
}

/** The fields an audit entry shows before and after a change. */
export function reportSnapshot(row: ReportRow | null): Record<string, unknown> | null {
  if (!row) return null;
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
