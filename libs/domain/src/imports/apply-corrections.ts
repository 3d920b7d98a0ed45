import { DomainError, FieldError } from '../errors';
import type { Deadline } from '../deadlines/deadline.types';
import type { ImportPreview, PreviewMeasure, PreviewTask, PreviewUnit } from '../parser/preview.types';
import type { UnitRef } from '../parser/preview.types';

export interface ImportCorrections {
  assignments?: { measure: string; taskIndex?: number; units: string[] }[];
  deadlines?: { measure: string; taskIndex?: number; date?: string; ongoing?: boolean }[];
}

type ResolveUnit = (name: string) => UnitRef;

/**
 * The office's fixes on top of a parsed preview, applied before commit. Returns a new preview
 * (the input is not touched). Corrections naming a measure or task that does not exist are
 * refused as a whole (422, field-level), so nothing is half-applied.
 */
export function applyCorrections(preview: ImportPreview, corrections: ImportCorrections, resolveUnit: ResolveUnit): ImportPreview {
  const measures = new Map(preview.measures.map((m) => [m.number, structuredClone(m)]));
  const problems: FieldError[] = [];

  const targetTasks = (field: string, measureNumber: string, taskIndex: number | undefined): { measure: PreviewMeasure; tasks: PreviewTask[] } | null => {
    const measure = measures.get(measureNumber);
    if (!measure) {
      problems.push({ field: `${field}.measure`, code: 'MEASURE_NOT_FOUND', message: `第${measureNumber}项不存在` });
      return null;
    }
    if (taskIndex === undefined) return { measure, tasks: measure.tasks };
    const task = measure.tasks[taskIndex];
    if (!task) {
      problems.push({ field: `${field}.taskIndex`, code: 'TASK_NOT_FOUND', message: `第${measureNumber}项没有第${taskIndex + 1}个任务` });
      return null;
    }
    return { measure, tasks: [task] };
  };

  corrections.assignments?.forEach((a, i) => {
    const target = targetTasks(`assignments[${i}]`, a.measure, a.taskIndex);
    if (!target) return;
    const assignments: PreviewUnit[] = a.units.map((name, position) => ({ ...resolveUnit(name), role: position === 0 ? 'lead' : 'co', sections: [] }));
    for (const task of target.tasks) {
      task.assignments = assignments;
      task.units = assignments.map((u) => u.unit);
    }
    refreshMeasureUnits(target.measure);
  });

  corrections.deadlines?.forEach((d, i) => {
    const target = targetTasks(`deadlines[${i}]`, d.measure, d.taskIndex);
    if (!target) return;
    if (!d.ongoing && !d.date) {
      problems.push({ field: `deadlines[${i}].date`, code: 'DEADLINE_REQUIRED', message: '请填写完成时限或标记为长期' });
      return;
    }
    const deadline: Deadline = d.ongoing ? { text: '长期', date: null, precision: 'ongoing' } : { text: d.date!, date: d.date!, precision: 'day' };
    for (const task of target.tasks) task.deadline = deadline;
    target.measure.deadline = latestDeadline(target.measure.tasks) ?? deadline;
  });

  if (problems.length > 0) {
    throw new DomainError('rule_violated', 'IMPORT_CORRECTION_INVALID', '修正内容与文件不符', { fields: problems });
  }
  const corrected = preview.measures.map((m) => measures.get(m.number)!);
  return { ...preview, measures: corrected, stats: { ...preview.stats, unassigned: corrected.filter((m) => m.applicable && m.units.length === 0).length } };
}

/** The measure's unit list is the union of its tasks' units, leads first. */
function refreshMeasureUnits(measure: PreviewMeasure): void {
  const byUnit = new Map<string, PreviewUnit>();
  const all = measure.tasks.flatMap((t) => t.assignments);
  for (const u of [...all.filter((u) => u.role === 'lead'), ...all.filter((u) => u.role !== 'lead')]) {
    if (!byUnit.has(u.unit)) byUnit.set(u.unit, u);
  }
  measure.units = [...byUnit.values()];
  const lead = measure.units.find((u) => u.role === 'lead');
  measure.lead = lead ? { name: lead.name, unit: lead.unit, collective: lead.collective } : null;
}

function latestDeadline(tasks: PreviewTask[]): Deadline | null {
  const dated = tasks.map((t) => t.deadline).filter((d) => d.date !== null);
  return dated.sort((a, b) => (a.date! < b.date! ? 1 : -1))[0] ?? null;
}
