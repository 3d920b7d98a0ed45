import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyCorrections, ImportCorrections, shiftPreviewDates } from '@luoshi/domain/imports';
import type { ImportPreview, UnitRef } from '@luoshi/domain/parser/preview.types';
import { parseDocument } from '@luoshi/domain/parser';
import { UnitResolver } from '@luoshi/domain/units';
import { Clock } from '@luoshi/infra';
import { AuditActor, AuditService } from '../audit/audit.service';
import { DocumentImportRepository } from './document-import.repository';
import { insertDocument } from './document-insert';
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
      const documentId = await insertDocument(manager, this.imports, preview, { sourceHash, sourceName: fileName, unitIds, demoShiftDays });
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
}
