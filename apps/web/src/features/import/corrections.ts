import type { components } from '@/api/schema';

export type Preview = components['schemas']['ImportPreviewDto'];
export type CommitBody = components['schemas']['CommitImportDto'];

/** One editable line of the preview table: a task of a measure (or a measure without tasks). */
export interface PreviewRow {
  key: string;
  measure: string;
  taskIndex: number | null;
  label: string;
  text: string;
  units: string[];
  deadlineText: string;
  date: string | null;
  ongoing: boolean;
  line: number;
  applicable: boolean;
  warnings: { code: string; message: string }[];
}

const KIND_LABELS: Record<string, string> = { work: '工作任务', safeguard: '保障措施', measure: '措施' };

/** The preview as rows, each with the warnings at its line (or its measure's, for measure-wide ones). */
export function previewRows(preview: Preview): PreviewRow[] {
  const rows: PreviewRow[] = [];
  for (const measure of preview.measures) {
    const measureWarnings = preview.warnings.filter((w) => w.measure === measure.number);
    if (measure.tasks.length === 0) {
      rows.push({
        key: measure.number,
        measure: measure.number,
        taskIndex: null,
        label: `第${measure.number}项`,
        text: measure.applicable ? measure.title : `${measure.title}（不涉及：${measure.notApplicableReason ?? ''}）`,
        units: measure.units.map((unit) => unit.unit),
        deadlineText: measure.deadline?.text ?? '',
        date: measure.deadline?.date ?? null,
        ongoing: measure.deadline?.precision === 'ongoing',
        line: measure.line,
        applicable: measure.applicable,
        warnings: measureWarnings.map(({ code, message }) => ({ code, message })),
      });
      continue;
    }
    measure.tasks.forEach((task, index) => {
      const atLine = measureWarnings.filter((w) => w.line === task.line || (index === 0 && !measure.tasks.some((other) => other.line === w.line)));
      rows.push({
        key: `${measure.number}#${index}`,
        measure: measure.number,
        taskIndex: index,
        label: `第${measure.number}项·${KIND_LABELS[task.kind] ?? ''}${task.ordinal}`,
        text: task.text,
        units: task.units,
        deadlineText: task.deadline.text,
        date: task.deadline.date,
        ongoing: task.deadline.precision === 'ongoing',
        line: task.line,
        applicable: measure.applicable,
        warnings: atLine.map(({ code, message }) => ({ code, message })),
      });
    });
  }
  return rows;
}

export interface RowEdit {
  units?: string[];
  date?: string | null;
  ongoing?: boolean;
}

/** The office's edits as the commit's corrections: only what differs from the preview. */
export function correctionsOf(rows: PreviewRow[], edits: Record<string, RowEdit>, aliases: { alias: string; unit: string }[]): CommitBody {
  const assignments: NonNullable<CommitBody['assignments']> = [];
  const deadlines: NonNullable<CommitBody['deadlines']> = [];
  for (const row of rows) {
    const edit = edits[row.key];
    if (!edit) continue;
    const at = row.taskIndex === null ? {} : { taskIndex: row.taskIndex };
    if (edit.units && edit.units.length > 0 && edit.units.join('|') !== row.units.join('|')) {
      assignments.push({ measure: row.measure, ...at, units: edit.units });
    }
    if (edit.ongoing && !row.ongoing) deadlines.push({ measure: row.measure, ...at, ongoing: true });
    else if (edit.date && edit.date !== row.date) deadlines.push({ measure: row.measure, ...at, date: edit.date });
  }
  return {
    ...(assignments.length > 0 ? { assignments } : {}),
    ...(deadlines.length > 0 ? { deadlines } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  };
}
