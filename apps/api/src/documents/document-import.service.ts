import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyCorrections, ImportCorrections, shiftPreviewDates } from '@luoshi/domain/imports';
import { DomainError } from '@luoshi/domain/errors';
import type { ImportPreview, PreviewMeasure, PreviewTask, UnitRef } from '@luoshi/domain/parser/preview.types';
import { parseDocument } from '@luoshi/domain/parser';
import { UnitResolver } from '@luoshi/domain/units';
import { PolicyDocumentEntity, UnitAliasEntity } from '@luoshi/domain/entities';
import { Clock } from '@luoshi/infra';
import { AuditActor, AuditService } from '../audit/audit.service';
import { previewFile } from './document-preview';

export interface ParsedFile {
  text: string;
  sourceHash: string;
  preview: ImportPreview;
  /** set when this exact document was imported before: committing is then a no-op */
  existingDocumentId: string | null;
}

export type ImportRequest = ImportCorrections & { aliases?: { alias: string; unit: string }[] };

export interface CommitResult {
  documentId: string;
  created: boolean;
  measures: number;
  tasks: number;
  units: number;
}

export type CommitProgress = (step: string, done: number, total: number) => void;

/** Normalises line endings and trailing blanks so the same document always hashes the same. */
export function sourceHashOf(text: string): string {
  const canonical = text.replace(/\r\n?/g, '\n').replace(/[ \t\u3000]+$/gm, '').trim();
  return createHash('sha256').update(canonical).digest('hex');
}

function unitKind(ref: UnitRef): string {
  if (ref.collective) return 'collective';
  return /(镇|街道|街道办事处|镇人民政府)$/.test(ref.unit) ? 'town' : 'bureau';
}

/**
 * Document import: file → text → preview (nothing stored) → commit (one transaction).
 * The API and the command line both go through this service.
 */
@Injectable()
export class DocumentImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** the year assumed for a document that names none */
  private currentYear(): number {
    return Number(this.clock.today().slice(0, 4));
  }

  /** Extracts and parses a file with the office's saved aliases. Changes nothing. */
  async parseFile(data: Buffer, fileName: string): Promise<ParsedFile> {
    const aliases = await this.savedAliases(this.dataSource.manager);
    const { text, preview } = await previewFile(data, fileName, { aliases, currentYear: this.currentYear() });
    const sourceHash = sourceHashOf(text);
    return { text, sourceHash, preview, existingDocumentId: await this.findExisting(sourceHash) };
  }

  /**
   * Parses `text` (with saved + new aliases), applies corrections and persists everything in
   * one transaction. The same document (by normalised text hash) is imported at most once.
   */
  async commitText(
    actor: AuditActor,
    text: string,
    fileName: string,
    corrections: ImportRequest = {},
    onProgress: CommitProgress = () => undefined,
  ): Promise<CommitResult> {
    return this.commit(actor, text, fileName, corrections, onProgress, null);
  }

  /**
   * The demo seed's import: the sample document with its dates moved by `shiftDays` (recorded on
   * the document as its demo marker). Same transaction, rules and idempotency as commitText.
   */
  async commitShiftedSample(text: string, fileName: string, shiftDays: number): Promise<CommitResult> {
    return this.commit(null, text, fileName, {}, () => undefined, shiftDays);
  }

  private async commit(
    actor: AuditActor,
    text: string,
    fileName: string,
    corrections: ImportRequest,
    onProgress: CommitProgress,
    demoShiftDays: number | null,
  ): Promise<CommitResult> {
    const sourceHash = sourceHashOf(text);
    return this.dataSource.transaction(async (manager) => {
      // serialise concurrent imports of the same document
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [sourceHash]);
      const existing = await this.findExisting(sourceHash, manager);
      if (existing) {
        const counts = await this.countsOf(manager, existing);
        return { documentId: existing, created: false, ...counts };
      }
      const newAliases = Object.fromEntries((corrections.aliases ?? []).map((a) => [a.alias.trim(), a.unit.trim()]));
      const aliases = { ...(await this.savedAliases(manager)), ...newAliases };
      const resolver = new UnitResolver(aliases);
      const parsed = parseDocument(text, { aliases, fileName, currentYear: this.currentYear() });
      const corrected = applyCorrections(parsed, corrections, (name) => resolver.resolve(name));
      const preview = demoShiftDays === null ? corrected : shiftPreviewDates(corrected, demoShiftDays);
      onProgress('parsed', 1, 4);
      const unitIds = await this.upsertUnits(manager, preview, newAliases);
      onProgress('units', 2, 4);
      const documentId = await this.insertDocument(manager, preview, sourceHash, fileName, unitIds, demoShiftDays);
      onProgress('document', 3, 4);
      const counts = await this.countsOf(manager, documentId);
      await this.audit.record(manager, actor, {
        action: 'document.import',
        entityType: 'policy_document',
        entityId: documentId,
        after: { title: preview.document.title, sourceHash, fileName, ...counts, warnings: preview.warnings.length, ...(demoShiftDays === null ? {} : { demoShiftDays }) },
      });
      onProgress('done', 4, 4);
      return { documentId, created: true, ...counts };
    });
  }

  private async findExisting(sourceHash: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const doc = await manager.findOne(PolicyDocumentEntity, { where: { sourceHash }, select: { id: true } });
    return doc?.id ?? null;
  }

  private async countsOf(manager: EntityManager, documentId: string): Promise<Omit<CommitResult, 'documentId' | 'created'>> {
    const [row] = await manager.query(
      `SELECT (SELECT count(*) FROM measure WHERE document_id = $1)::int AS measures,
              (SELECT count(*) FROM task WHERE document_id = $1)::int AS tasks,
              (SELECT count(DISTINCT tu.unit_id) FROM task_unit tu JOIN task t ON t.id = tu.task_id WHERE t.document_id = $1)::int AS units`,
      [documentId],
    );
    return row;
  }

  private async savedAliases(manager: EntityManager): Promise<Record<string, string>> {
    const rows = await manager
      .createQueryBuilder(UnitAliasEntity, 'a')
      .innerJoin('a.unit', 'u')
      .select(['a.alias AS alias', 'u.name AS unit'])
      .getRawMany<{ alias: string; unit: string }>();
    return Object.fromEntries(rows.map((r) => [r.alias, r.unit]));
  }

  /** Creates missing units, sections and aliases in bulk; returns canonical name → id. */
  private async upsertUnits(manager: EntityManager, preview: ImportPreview, newAliases: Record<string, string>): Promise<Map<string, string>> {
    const refs = new Map<string, UnitRef>();
    const sections = new Map<string, Set<string>>();
    const add = (ref: UnitRef | null, sectionNames: string[] = []) => {
      if (!ref) return;
      if (!refs.has(ref.unit)) refs.set(ref.unit, ref);
      const set = sections.get(ref.unit) ?? new Set<string>();
      sectionNames.forEach((s) => set.add(s));
      sections.set(ref.unit, set);
    };
    preview.sections.forEach((s) => add(s.lead));
    for (const m of preview.measures) {
      m.units.forEach((u) => add(u, u.sections));
      m.tasks.forEach((t) => t.assignments.forEach((u) => add(u, u.sections)));
      m.contacts.forEach((c) => c.unit && add({ name: c.unit, unit: c.unit }));
    }
    for (const unit of Object.values(newAliases)) add({ name: unit, unit });
    const names = [...refs.keys()];
    if (names.length === 0) return new Map();
    await manager.query(
      `INSERT INTO unit (name, kind) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (name) DO NOTHING`,
      [names, names.map((n) => unitKind(refs.get(n)!))],
    );
    const rows: { id: string; name: string }[] = await manager.query('SELECT id, name FROM unit WHERE name = ANY($1)', [names]);
    const ids = new Map(rows.map((r) => [r.name, r.id]));

    const sectionPairs = [...sections].flatMap(([unit, set]) => [...set].map((s) => [ids.get(unit)!, s] as const));
    if (sectionPairs.length) {
      await manager.query(
        `INSERT INTO unit_section (unit_id, name) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (unit_id, name) DO NOTHING`,
        [sectionPairs.map((p) => p[0]), sectionPairs.map((p) => p[1])],
      );
    }
    // Spellings seen in the document and aliases the office added both teach future imports.
    const aliasPairs = new Map<string, string>();
    for (const ref of refs.values()) if (ref.name !== ref.unit) aliasPairs.set(ref.name, ref.unit);
    for (const m of preview.measures) for (const u of m.units) if (u.name !== u.unit) aliasPairs.set(u.name, u.unit);
    for (const [alias, unit] of Object.entries(newAliases)) if (alias !== unit) aliasPairs.set(alias, unit);
    const aliasList = [...aliasPairs].filter(([alias]) => !ids.has(alias));
    if (aliasList.length) {
      await manager.query(
        `INSERT INTO unit_alias (alias, unit_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT (alias) DO NOTHING`,
        [aliasList.map((a) => a[0]), aliasList.map((a) => ids.get(a[1])!)],
      );
    }
    return ids;
  }

  private async insertDocument(
    manager: EntityManager, preview: ImportPreview, sourceHash: string, fileName: string, unitIds: Map<string, string>, demoShiftDays: number | null,
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
      sourceName: fileName,
      status: 'draft',
      importedBy: null,
      demoShiftDays,
    });

    const sectionIds = new Map<string, string>();
    const sectionRows = preview.sections.map((s, i) => {
      const id = randomUUID();
      sectionIds.set(s.heading, id);
      return [id, documentId, i + 1, s.heading, s.lead ? unitIds.get(s.lead.unit) ?? null : null];
    });
    await bulkInsert(manager, 'document_section', ['id', 'document_id', 'ordinal', 'heading', 'lead_unit_id'], ['uuid', 'uuid', 'int', 'text', 'uuid'], sectionRows);

    const measureIds = new Map<string, string>(preview.measures.map((m) => [m.number, randomUUID()]));
    const measureRows = preview.measures.map((m, i) => [
      measureIds.get(m.number), documentId, m.section ? sectionIds.get(m.section) ?? null : null,
      m.parent ? measureIds.get(m.parent) ?? null : null, m.number, i + 1, m.title, m.body, m.upstreamText,
      `{${m.upstreamLeads.map((l) => JSON.stringify(l)).join(',')}}`, m.goal, m.applicable, m.notApplicableReason,
      m.lead ? unitIds.get(m.lead.unit) ?? null : null, m.line,
    ]);
    await bulkInsert(
      manager, 'measure',
      ['id', 'document_id', 'section_id', 'parent_id', 'number', 'ordinal', 'title', 'body', 'upstream_text', 'upstream_leads', 'goal', 'applicable', 'not_applicable_reason', 'lead_unit_id', 'source_line'],
      ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'int', 'text', 'text', 'text', 'text[]', 'text', 'bool', 'text', 'uuid', 'int'],
      measureRows,
    );

    const contactRows = preview.measures.flatMap((m) =>
      m.contacts.map((c) => [randomUUID(), measureIds.get(m.number), c.unit ? unitIds.get(c.unit) ?? null : null, c.name, c.phone]),
    );
    await bulkInsert(manager, 'contact', ['id', 'measure_id', 'unit_id', 'name', 'phone'], ['uuid', 'uuid', 'uuid', 'text', 'text'], contactRows);

    const taskRows: unknown[][] = [];
    const taskUnitRows: unknown[][] = [];
    const deadlineRows: unknown[][] = [];
    const sectionIdOf = await this.sectionIdLookup(manager);
    for (const m of preview.measures) {
      const tasks: PreviewTask[] = m.applicable ? m.tasks : [notApplicableTask(m)];
      for (const [i, t] of tasks.entries()) {
        const taskId = randomUUID();
        taskRows.push([
          taskId, measureIds.get(m.number), documentId, t.kind, i + 1, taskTitle(m, t), t.text,
          m.applicable ? 'not_started' : 'not_applicable', m.applicable ? null : m.notApplicableReason,
          t.deadline.date, t.deadline.precision, t.deadline.text, t.line,
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
    await bulkInsert(
      manager, 'task',
      ['id', 'measure_id', 'document_id', 'kind', 'ordinal', 'title', 'text', 'state', 'state_reason', 'due_date', 'deadline_precision', 'deadline_text', 'source_line'],
      ['uuid', 'uuid', 'uuid', 'text', 'int', 'text', 'text', 'text', 'text', 'date', 'text', 'text', 'int'],
      taskRows,
    );
    await bulkInsert(manager, 'task_deadline', ['id', 'task_id', 'due_date', 'precision', 'text', 'source'], ['uuid', 'uuid', 'date', 'text', 'text', 'text'], deadlineRows);
    await bulkInsert(
      manager, 'task_unit', ['id', 'task_id', 'unit_id', 'role', 'position', 'section_id', 'name_as_written'],
      ['uuid', 'uuid', 'uuid', 'text', 'int', 'uuid', 'text'], taskUnitRows,
    );
    return documentId;
  }

  private async sectionIdLookup(manager: EntityManager): Promise<(unitId: string, name: string) => string | null> {
    const rows: { id: string; unit_id: string; name: string }[] = await manager.query('SELECT id, unit_id, name FROM unit_section');
    const map = new Map(rows.map((r) => [`${r.unit_id}\u0000${r.name}`, r.id]));
    return (unitId, name) => map.get(`${unitId}\u0000${name}`) ?? null;
  }
}

/** A 情况说明 item still gets one task so dashboards count it as 不涉及. */
function notApplicableTask(m: PreviewMeasure): PreviewTask {
  return { kind: 'measure', ordinal: 1, text: m.notApplicableReason ?? m.title, units: [], assignments: [], deadline: { text: '', date: null, precision: 'default' }, line: m.line };
}

const KIND_LABEL: Record<string, string> = { work: '工作任务', safeguard: '保障措施', measure: '' };

function taskTitle(m: PreviewMeasure, t: PreviewTask): string {
  const label = KIND_LABEL[t.kind];
  const prefix = label ? `第${m.number}项·${label}${t.ordinal}` : `第${m.number}项`;
  const firstSentence = t.text.split(/[。；;]/)[0].slice(0, 60);
  return `${prefix}：${firstSentence}`;
}

/** One INSERT … SELECT FROM unnest(…) per table: a constant number of round trips per import. */
async function bulkInsert(manager: EntityManager, table: string, columns: string[], types: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map((_, c) => rows.map((r) => r[c] ?? null));
  // text[] columns cannot be unnested from a 2-D array; they travel as array literals and are cast back
  const selects = types.map((t, i) => (t === 'text[]' ? `$${i + 1}::text[]` : `$${i + 1}::${t}[]`));
  const casts = types.map((t, i) => (t === 'text[]' ? `c${i}::text[]` : `c${i}`));
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  await manager.query(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${casts.join(', ')} FROM unnest(${selects.join(', ')}) AS x(${aliases})`,
    arrays,
  );
}
