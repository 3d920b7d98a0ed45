import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PolicyDocumentEntity } from '@luoshi/domain/entities';
import type { ImportPreview, PreviewMeasure, PreviewTask } from '@luoshi/domain/parser/preview.types';
import type { DocumentImportRepository } from './document-import.repository';

/**
 * Writes a previewed document in the import's transaction: the document, its sections, measures,
 * contacts, tasks with their deadlines and units, each table in one bulk statement.
 */
export async function insertDocument(
  manager: EntityManager,
  imports: DocumentImportRepository,
  preview: ImportPreview,
  { sourceHash, sourceName, unitIds, demoShiftDays }: { sourceHash: string; sourceName: string; unitIds: Map<string, string>; demoShiftDays: number | null },
): Promise<string> {
  const doc = preview.document;
  const documentId = randomUUID();
  await manager.insert(PolicyDocumentEntity, {
    id: documentId,
    title: doc.title,
    issuer: doc.issuer,
    docNumber: doc.docNumber,
    issueDate: doc.issueDate,
    level: doc.level,
    defaultYear: doc.defaultYear,
    shape: doc.shape,
    sourceHash,
    sourceName,
    status: 'draft',
    importedBy: null,
    demoShiftDays,
  });

  const sectionIds = new Map<string, string>();
  const sectionRows = preview.sections.map((s, i) => {
    const id = randomUUID();
    sectionIds.set(s.heading, id);
    return [id, documentId, i + 1, s.heading, s.lead ? (unitIds.get(s.lead.unit) ?? null) : null];
  });
  await imports.bulkInsert(manager, {
    table: 'document_section',
    columns: ['id', 'document_id', 'ordinal', 'heading', 'lead_unit_id'],
    types: ['uuid', 'uuid', 'int', 'text', 'uuid'],
    rows: sectionRows,
  });

  const measureIds = new Map<string, string>(preview.measures.map((m) => [m.number, randomUUID()]));
  const measureRows = preview.measures.map((m, i) => [
    measureIds.get(m.number),
    documentId,
    m.section ? (sectionIds.get(m.section) ?? null) : null,
    m.parent ? (measureIds.get(m.parent) ?? null) : null,
    m.number,
    i + 1,
    m.title,
    m.body,
    m.upstreamText,
    `{${m.upstreamLeads.map((l) => JSON.stringify(l)).join(',')}}`,
    m.goal,
    m.applicable,
    m.notApplicableReason,
    m.lead ? (unitIds.get(m.lead.unit) ?? null) : null,
    m.line,
  ]);
  await imports.bulkInsert(manager, {
    table: 'measure',
    columns: [
      'id',
      'document_id',
      'section_id',
      'parent_id',
      'number',
      'ordinal',
      'title',
      'body',
      'upstream_text',
      'upstream_leads',
      'goal',
      'applicable',
      'not_applicable_reason',
      'lead_unit_id',
      'source_line',
    ],
    types: ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'int', 'text', 'text', 'text', 'text[]', 'text', 'bool', 'text', 'uuid', 'int'],
    rows: measureRows,
  });

  const contactRows = preview.measures.flatMap((m) =>
    m.contacts.map((c) => [randomUUID(), measureIds.get(m.number), c.unit ? (unitIds.get(c.unit) ?? null) : null, c.name, c.phone]),
  );
  await imports.bulkInsert(manager, {
    table: 'contact',
    columns: ['id', 'measure_id', 'unit_id', 'name', 'phone'],
    types: ['uuid', 'uuid', 'uuid', 'text', 'text'],
    rows: contactRows,
  });

  const taskRows: unknown[][] = [];
  const taskUnitRows: unknown[][] = [];
  const deadlineRows: unknown[][] = [];
  const sectionIdOf = await imports.sectionLookup(manager);
  for (const m of preview.measures) {
    const tasks: PreviewTask[] = m.applicable ? m.tasks : [notApplicableTask(m)];
    for (const [i, t] of tasks.entries()) {
      const taskId = randomUUID();
      taskRows.push([
        taskId,
        measureIds.get(m.number),
        documentId,
        t.kind,
        i + 1,
        taskTitle(m, t),
        t.text,
        m.applicable ? 'not_started' : 'not_applicable',
        m.applicable ? null : m.notApplicableReason,
        t.deadline.date,
        t.deadline.precision,
        t.deadline.text,
        t.line,
      ]);
      deadlineRows.push([randomUUID(), taskId, t.deadline.date, t.deadline.precision, t.deadline.text, 'import']);
      const seen = new Set<string>();
      t.assignments.forEach((a, position) => {
        const unitId = unitIds.get(a.unit);
        if (!unitId || seen.has(unitId)) return;
        seen.add(unitId);
        taskUnitRows.push([randomUUID(), taskId, unitId, a.role, position, a.sections[0] ? sectionIdOf(unitId, a.sections[0]) : null, a.name]);
      });
    }
  }
  await imports.bulkInsert(manager, {
    table: 'task',
    columns: [
      'id',
      'measure_id',
      'document_id',
      'kind',
      'ordinal',
      'title',
      'text',
      'state',
      'state_reason',
      'due_date',
      'deadline_precision',
      'deadline_text',
      'source_line',
    ],
    types: ['uuid', 'uuid', 'uuid', 'text', 'int', 'text', 'text', 'text', 'text', 'date', 'text', 'text', 'int'],
    rows: taskRows,
  });
  await imports.bulkInsert(manager, {
    table: 'task_deadline',
    columns: ['id', 'task_id', 'due_date', 'precision', 'text', 'source'],
    types: ['uuid', 'uuid', 'date', 'text', 'text', 'text'],
    rows: deadlineRows,
  });
  await imports.bulkInsert(manager, {
    table: 'task_unit',
    columns: ['id', 'task_id', 'unit_id', 'role', 'position', 'section_id', 'name_as_written'],
    types: ['uuid', 'uuid', 'uuid', 'text', 'int', 'uuid', 'text'],
    rows: taskUnitRows,
  });
  return documentId;
}

/** A 情况说明 item still gets one task so dashboards count it as 不涉及. */
function notApplicableTask(m: PreviewMeasure): PreviewTask {
  return {
    kind: 'measure',
    ordinal: 1,
    text: m.notApplicableReason ?? m.title,
    units: [],
    assignments: [],
    deadline: { text: '', date: null, precision: 'default' },
    line: m.line,
  };
}

const KIND_LABEL: Record<string, string> = { work: '工作任务', safeguard: '保障措施', measure: '' };

function taskTitle(m: PreviewMeasure, t: PreviewTask): string {
  const label = KIND_LABEL[t.kind];
  const prefix = label ? `第${m.number}项·${label}${t.ordinal}` : `第${m.number}项`;
  const firstSentence = t.text.split(/[。；;]/)[0].slice(0, 60);
  return `${prefix}：${firstSentence}`;
}
