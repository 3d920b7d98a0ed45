/**
 * The import preview: what the parser makes of a document, before anything is stored.
 * The API and the command line return exactly this JSON (see docs/domain.md).
 */
import type { Deadline } from '../deadlines/deadline.types';

export type DocumentShape = 'compendium' | 'measures' | 'table';
export type DocumentLevel = 'province' | 'city' | 'district' | 'unknown';
export type UnitRole = 'lead' | 'co';
export type TaskKind = 'work' | 'safeguard' | 'measure';

/** A unit as written in the document and the canonical unit it resolves to. */
export interface UnitRef {
  /** as written, after whitespace clean-up */
  name: string;
  /** canonical name after alias resolution */
  unit: string;
  /** true for placeholders such as 各镇、街道 / 各区市政府、管委 */
  collective?: boolean;
}

export interface PreviewUnit extends UnitRef {
  role: UnitRole;
  /** responsible sections (责任科室) inside that unit */
  sections: string[];
}

export interface PreviewContact {
  name: string;
  phone: string | null;
  /** canonical unit the contact answers for, when known */
  unit: string | null;
}

export interface PreviewTask {
  kind: TaskKind;
  /** 1-based position among tasks of the same kind in the measure */
  ordinal: number;
  text: string;
  /** canonical unit names, leads first */
  units: string[];
  assignments: PreviewUnit[];
  deadline: Deadline;
  line: number;
}

export interface PreviewMeasure {
  /** '1', '19-1', '36-2' (ASCII hyphen) */
  number: string;
  /** number of the parent item for sub-items ('19' for '19-1'), else null */
  parent: string | null;
  section: string | null;
  title: string;
  applicable: boolean;
  notApplicableReason: string | null;
  /** 政策原文 */
  upstreamText: string | null;
  /** 政策原文's 牵头单位, as written (省发展改革委 …) */
  upstreamLeads: string[];
  /** 落实目标 */
  goal: string | null;
  /** the measure's own text in a measures-style document */
  body: string | null;
  lead: UnitRef | null;
  /** union over the measure's tasks (and contact line): leads first */
  units: PreviewUnit[];
  contacts: PreviewContact[];
  /** latest task deadline (compendium) or the measure's deadline (measures) */
  deadline: Deadline | null;
  tasks: PreviewTask[];
  line: number;
  /** the measure's source lines as written, when the document was converted from Traditional characters */
  originalText?: string;
}

export interface PreviewSection {
  heading: string;
  lead: UnitRef | null;
  line: number;
  /** every lead the heading names (`由区农业农村局、区发改局牵头实施`); `lead` is the first */
  leads?: UnitRef[];
  /** unnumbered text between the heading and its first measure; not imported as a measure */
  intro?: string;
}

export interface PreviewWarning {
  line: number;
  /** stable code, e.g. UNIT_UNASSIGNED, DEADLINE_UNPARSED, LINE_UNPLACED */
  code: string;
  /** Simplified Chinese, for the coordination office */
  message: string;
  /** measure number the warning belongs to, when any */
  measure?: string;
}

export interface PreviewDocument {
  title: string;
  issuer: string | null;
  /** 文号, e.g. 烟政发〔2024〕3号 */
  docNumber: string | null;
  /** ISO date */
  issueDate: string | null;
  level: DocumentLevel;
  defaultYear: number;
  shape: DocumentShape;
  /** document-wide default deadline when stated, else the year's end */
  defaultDeadline: Deadline;
  /** set when the document was written in Traditional characters (read in Simplified, shown as written) */
  originalScript?: 'traditional';
}

/** What became of the document's non-blank source lines (for checking that nothing was dropped). */
export interface ParseCoverage {
  nonBlankLines: number;
  /** lines that went into the preview (metadata, sections, measures, tasks, contacts …) */
  consumedLines: number;
  /** lines reported as LINE_UNPLACED warnings */
  unplacedLines: number;
  /** page numbers and running headers/footers, reported in one PAGE_FURNITURE warning */
  furnitureLines?: number;
}

export interface ImportPreview {
  document: PreviewDocument;
  sections: PreviewSection[];
  measures: PreviewMeasure[];
  warnings: PreviewWarning[];
  stats: {
    measures: number;
    applicable: number;
    notApplicable: number;
    tasks: number;
    /** measures without any responsible unit */
    unassigned: number;
    /** distinct canonical units referenced */
    units: number;
  };
  coverage?: ParseCoverage;
}
