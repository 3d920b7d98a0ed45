import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyCorrections, ImportCorrections, shiftPreviewDates } from '@luoshi/domain/imports';
import type { ImportPreview, PreviewMeasure, PreviewTask, UnitRef } from '@luoshi/domain/parser/preview.types';
import { parseDocument } from '@luoshi/domain/parser';
import { UnitResolver } from '@luoshi/domain/units';
import { PolicyDocumentEntity } from '@luoshi/domain/entities';
import { Clock } from '@luoshi/infra';
import { AuditActor, AuditService } from '../audit/audit.service';
import { DocumentImportRepository } from './document-import.repository';
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

/** A document text to commit, with the office's corrections and a progress callback (CLI). */
export interface CommitFile {
  text: string;
  fileName: string;
  corrections?: ImportRequest;
  onProgress?: CommitProgress;
}

/** Normalises line endings and trailing blanks so the same document always hashes the same. */
export function sourceHashOf(text: string): string {
  const canonical = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+$/gm, '')
    .trim();
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
    private readonly imports: DocumentImportRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** the year assumed for a document that names none */
  private currentYear(): number {
    return Number(this.clock.today().slice(0, 4));
  }

  /** Extracts and parses a file with the office's saved aliases. Changes nothing. */
  async parseFile(data: Buffer, fileName: string): Promise<ParsedFile> {
    const aliases = await this.imports.savedAliases(this.dataSource.manager);
    const { text, preview } = await previewFile(data, fileName, { aliases, currentYear: this.currentYear() });
    const sourceHash = sourceHashOf(text);
    return { text, sourceHash, preview, existingDocumentId: await this.imports.findBySource(this.dataSource.manager, sourceHash) };
  }

  /**
   * Parses `text` (with saved + new aliases), applies corrections and persists everything in
   * one transaction. The same document (by normalised text hash) is imported at most once.
   */
  async commitText(actor: AuditActor, file: CommitFile): Promise<CommitResult> {
    return this.commit(actor, { corrections: {}, onProgress: () => undefined, ...file, demoShiftDays: null });
  }

  /**
   * The demo seed's import: the sample document with its dates moved by `shiftDays` (recorded on
   * the document as its demo marker). Same transaction, rules and idempotency as commitText.
   */
  async commitShiftedSample(text: string, fileName: string, shiftDays: number): Promise<CommitResult> {
    return this.commit(null, { text, fileName, corrections: {}, onProgress: () => undefined, demoShiftDays: shiftDays });
  }

  private async commit(actor: AuditActor, file: Required<CommitFile> & { demoShiftDays: number | null }): Promise<CommitResult> {
    const { text, fileName, corrections, onProgress, demoShiftDays } = file;
    const sourceHash = sourceHashOf(text);
    return this.dataSource.transaction(async (manager) => {
      // serialise concurrent imports of the same document
      await this.imports.lockSource(manager, sourceHash);
      const existing = await this.imports.findBySource(manager, sourceHash);
      if (existing) {
        const counts = await this.imports.counts(manager, existing);
        return { documentId: existing, created: false, ...counts };
      }
      const newAliases = Object.fromEntries((corrections.aliases ?? []).map((a) => [a.alias.trim(), a.unit.trim()]));
      const aliases = { ...(await this.imports.savedAliases(manager)), ...newAliases };
      const resolver = new UnitResolver(aliases);
      const parsed = parseDocument(text, { aliases, fileName, currentYear: this.currentYear() });
      const corrected = applyCorrections(parsed, corrections, (name) => resolver.resolve(name));
      const preview = demoShiftDays === null ? corrected : shiftPreviewDates(corrected, demoShiftDays);
      onProgress('parsed', 1, 4);
      const unitIds = await this.upsertUnits(manager, preview, newAliases);
      onProgress('units', 2, 4);
      const documentId = await this.insertDocument(manager, preview, { sourceHash, sourceName: fileName, unitIds, demoShiftDays });
      onProgress('document', 3, 4);
      const counts = await this.imports.counts(manager, documentId);
      await this.audit.record(manager, actor, {
        action: 'document.import',
        entityType: 'policy_document',
        entityId: documentId,
        after: {
          title: preview.document.title,
          sourceHash,
          fileName,
          ...counts,
          warnings: preview.warnings.length,
          ...(demoShiftDays === null ? {} : { demoShiftDays }),
        },
      });
      onProgress('done', 4, 4);
      return { documentId, created: true, ...counts };
    });
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
    const ids = await this.imports.ensureUnits(
      manager,
      names.map((name) => ({ name, kind: unitKind(refs.get(name)!) })),
    );
    await this.imports.ensureSections(
      manager,
      [...sections].flatMap(([unit, set]) => [...set].map((name) => ({ unitId: ids.get(unit)!, name }))),
    );
    // Spellings seen in the document and aliases the office added both teach future imports.
    const aliasPairs = new Map<string, string>();
    for (const ref of refs.values()) if (ref.name !== ref.unit) aliasPairs.set(ref.name, ref.unit);
    for (const m of preview.measures) for (const u of m.units) if (u.name !== u.unit) aliasPairs.set(u.name, u.unit);
    for (const [alias, unit] of Object.entries(newAliases)) if (alias !== unit) aliasPairs.set(alias, unit);
    const aliasList = [...aliasPairs].filter(([alias]) => !ids.has(alias));
    await this.imports.ensureAliases(
      manager,
      aliasList.map(([alias, unit]) => ({ alias, unitId: ids.get(unit)! })),
    );
    return ids;
  }

  private async insertDocument(
    manager: EntityManager,
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
    await this.imports.bulkInsert(manager, {
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
    await this.imports.bulkInsert(manager, {
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
    await this.imports.bulkInsert(manager, {
      table: 'contact',
      columns: ['id', 'measure_id', 'unit_id', 'name', 'phone'],
      types: ['uuid', 'uuid', 'uuid', 'text', 'text'],
      rows: contactRows,
    });

    const taskRows: unknown[][] = [];
    const taskUnitRows: unknown[][] = [];
    const deadlineRows: unknown[][] = [];
    const sectionIdOf = await this.imports.sectionLookup(manager);
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
    await this.imports.bulkInsert(manager, {
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
    await this.imports.bulkInsert(manager, {
      table: 'task_deadline',
      columns: ['id', 'task_id', 'due_date', 'precision', 'text', 'source'],
      types: ['uuid', 'uuid', 'date', 'text', 'text', 'text'],
      rows: deadlineRows,
    });
    await this.imports.bulkInsert(manager, {
      table: 'task_unit',
      columns: ['id', 'task_id', 'unit_id', 'role', 'position', 'section_id', 'name_as_written'],
      types: ['uuid', 'uuid', 'uuid', 'text', 'int', 'uuid', 'text'],
      rows: taskUnitRows,
    });
    return documentId;
  }
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
