import { addDays, formatDateZh } from '../calendar/iso-date';
import type { Deadline } from '../deadlines/deadline.types';
import type { ImportPreview } from '../parser/preview.types';

/**
 * The preview with every date moved by `days` (issue date, default, measure and task deadlines):
 * the demo seed uses it to place a sample document around today. A moved deadline is a stated
 * day (its text says the new date), since "2022年12月" would no longer describe it; ongoing
 * deadlines (长期) stay as they are. Real imports never go through this.
 */
export function shiftPreviewDates(preview: ImportPreview, days: number): ImportPreview {
  if (!Number.isInteger(days)) throw new Error(`shiftPreviewDates: days must be an integer, got ${days}`);
  return {
    ...preview,
    document: {
      ...preview.document,
      issueDate: preview.document.issueDate === null ? null : addDays(preview.document.issueDate, days),
      defaultDeadline: shiftDeadline(preview.document.defaultDeadline, days),
    },
    measures: preview.measures.map((m) => ({
      ...m,
      deadline: m.deadline === null ? null : shiftDeadline(m.deadline, days),
      tasks: m.tasks.map((t) => ({ ...t, deadline: shiftDeadline(t.deadline, days) })),
    })),
  };
}

function shiftDeadline(deadline: Deadline, days: number): Deadline {
  if (deadline.date === null) return deadline;
  const date = addDays(deadline.date, days);
  return { text: formatDateZh(date), date, precision: 'day' };
}
