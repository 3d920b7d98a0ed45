import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface TaskFactoryOptions {
  leadUnitId: string;
  coUnitIds?: string[];
  /** ISO date; null = ongoing (长期) */
  dueDate?: string | null;
  state?: string;
  published?: boolean;
  cadence?: 'monthly' | 'weekly' | 'dekad';
  evidenceRequired?: boolean;
  /** ISO instant of publication (default: now) */
  publishedAt?: string;
  title?: string;
  /** put several tasks under one measure */
  measureId?: string;
  documentId?: string;
}

export interface CreatedTask {
  taskId: string;
  measureId: string;
  documentId: string;
}

/**
 * A task with its document, measure, deadline row and unit assignments, inserted directly.
 * Published by default (bureaus only see published tasks).
 */
export async function createTask(db: DataSource, options: TaskFactoryOptions): Promise<CreatedTask> {
  const documentId = options.documentId ?? randomUUID();
  const measureId = options.measureId ?? randomUUID();
  const taskId = randomUUID();
  const published = options.published ?? true;
  const publishedAt = published ? (options.publishedAt ?? new Date().toISOString()) : null;
  const dueDate = options.dueDate === undefined ? '2030-12-31' : options.dueDate;
  await db.transaction(async (m) => {
    if (!options.documentId) {
      await m.query(
        `INSERT INTO policy_document (id, title, level, default_year, shape, source_hash, status, published_at)
         VALUES ($1, $2, 'district', 2030, 'measures', $3, $4, $5)`,
        [documentId, `测试文件 ${documentId.slice(0, 8)}`, `test-${documentId}`, published ? 'published' : 'draft', publishedAt],
      );
    }
    if (!options.measureId) {
      await m.query(
        `INSERT INTO measure (id, document_id, number, ordinal, title, lead_unit_id, report_cadence)
         VALUES ($1, $2, $3, 1, '测试措施', $4, $5)`,
        [measureId, documentId, String(Math.floor(Math.random() * 1e6)), options.leadUnitId, options.cadence ?? 'monthly'],
      );
    }
    await m.query(
      `INSERT INTO task (id, measure_id, document_id, kind, ordinal, title, text, state, due_date, deadline_precision, deadline_text,
                         report_cadence, evidence_required, published_at)
       VALUES ($1, $2, $3, 'work', 1, $4, '测试任务内容', $5, $6, $7, $8, $9, $10, $11)`,
      [
        taskId,
        measureId,
        documentId,
        options.title ?? `测试任务 ${taskId.slice(0, 8)}`,
        options.state ?? 'in_progress',
        dueDate,
        dueDate ? 'day' : 'ongoing',
        dueDate ?? '长期',
        options.cadence ?? 'monthly',
        options.evidenceRequired ?? false,
        publishedAt,
      ],
    );
    await m.query(`INSERT INTO task_deadline (task_id, due_date, precision, text, source) VALUES ($1, $2, $3, $4, 'import')`, [
      taskId,
      dueDate,
      dueDate ? 'day' : 'ongoing',
      dueDate ?? '长期',
    ]);
    const units = [options.leadUnitId, ...(options.coUnitIds ?? [])];
    for (const [position, unitId] of units.entries()) {
      await m.query(`INSERT INTO task_unit (task_id, unit_id, role, position) VALUES ($1, $2, $3, $4)`, [
        taskId,
        unitId,
        position === 0 ? 'lead' : 'co',
        position,
      ]);
    }
  });
  return { taskId, measureId, documentId };
}
