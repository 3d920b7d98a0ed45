/**
 * The labelled import corpus (test/fixtures/import-corpus/, plus the four samples): each file's
 * expected measures in expected.jsonl, one JSON object per measure. Scores the parser field by
 * field: number (the measure was found), applicability, title, lead, all units, deadline,
 * contacts. A measure the parser invents counts as wrong in every field; a file that fails to
 * parse counts as wrong in all of its fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportPreview, PreviewMeasure } from '@luoshi/domain/parser';
import { previewFile } from '../apps/api/src/documents/document-preview';

export const CORPUS_DIR = join(__dirname, '../test/fixtures/import-corpus');
export const SAMPLES_DIR = join(__dirname, '../samples');
/** the corpus documents name their years; a fixed current year keeps the evaluation reproducible */
const CURRENT_YEAR = 2026;

export const FIELDS = ['number', 'applicable', 'title', 'lead', 'units', 'deadline', 'contacts'] as const;
export type Field = (typeof FIELDS)[number];

export interface ExpectedMeasure {
  doc: string;
  number: string;
  applicable: boolean;
  title: string;
  lead: string | null;
  units: string[];
  /** ISO date, or 'ongoing' */
  deadline: string;
  /** [name, phone] */
  contacts: [string, string | null][];
}

export interface DocumentScore {
  doc: string;
  /** corpus (written for the tests) or sample (samples/) */
  source: 'corpus' | 'sample';
  shape: string;
  correct: number;
  total: number;
  byField: Record<Field, { correct: number; total: number }>;
  /** what was wrong, for reading the report: `3.lead: expected 市商务局, got null` */
  misses: string[];
  error?: string;
}

export function readExpectations(file: string): Map<string, ExpectedMeasure[]> {
  const byDoc = new Map<string, ExpectedMeasure[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim().length === 0) continue;
    const measure = JSON.parse(line) as ExpectedMeasure;
    byDoc.set(measure.doc, [...(byDoc.get(measure.doc) ?? []), measure]);
  }
  return byDoc;
}

/** What the evaluation compares, from a preview measure. */
export function actualFields(measure: PreviewMeasure): Omit<ExpectedMeasure, 'doc'> {
  return {
    number: measure.number,
    applicable: measure.applicable,
    title: measure.title,
    lead: measure.lead?.unit ?? null,
    units: measure.units.map((unit) => unit.unit),
    deadline: measure.deadline === null ? 'none' : (measure.deadline.date ?? 'ongoing'),
    contacts: measure.contacts.map((contact) => [contact.name, contact.phone]),
  };
}

export function scorePreview(
  doc: string,
  source: DocumentScore['source'],
  expected: readonly ExpectedMeasure[],
  preview: ImportPreview | null,
  error?: string,
): DocumentScore {
  const byField = Object.fromEntries(FIELDS.map((field) => [field, { correct: 0, total: 0 }])) as DocumentScore['byField'];
  const misses: string[] = [];
  const actualByNumber = new Map((preview?.measures ?? []).map((measure) => [measure.number, actualFields(measure)]));
  for (const want of expected) {
    const got = actualByNumber.get(want.number);
    actualByNumber.delete(want.number);
    for (const field of FIELDS) {
      byField[field].total++;
      const ok = got !== undefined && JSON.stringify(got[field]) === JSON.stringify(want[field]);
      if (ok) byField[field].correct++;
      else if (got === undefined && field === 'number') misses.push(`${want.number}: not found`);
      else if (got !== undefined) misses.push(`${want.number}.${field}: expected ${JSON.stringify(want[field])}, got ${JSON.stringify(got[field])}`);
    }
  }
  for (const invented of actualByNumber.keys()) {
    misses.push(`${invented}: not in the document's measures`);
    for (const field of FIELDS) byField[field].total++;
  }
  const correct = FIELDS.reduce((sum, field) => sum + byField[field].correct, 0);
  const total = FIELDS.reduce((sum, field) => sum + byField[field].total, 0);
  return { doc, source, shape: preview?.document.shape ?? 'error', correct, total, byField, misses, ...(error ? { error } : {}) };
}

export async function evaluateFile(path: string, doc: string, source: DocumentScore['source'], expected: readonly ExpectedMeasure[]): Promise<DocumentScore> {
  try {
    const { preview } = await previewFile(readFileSync(path), doc, { currentYear: CURRENT_YEAR });
    return scorePreview(doc, source, expected, preview);
  } catch (err) {
    return scorePreview(doc, source, expected, null, (err as Error).message);
  }
}

/** Every labelled document: the corpus's, then the samples'. */
export async function evaluateCorpus(): Promise<DocumentScore[]> {
  const scores: DocumentScore[] = [];
  for (const [dir, source] of [
    [CORPUS_DIR, 'corpus'],
    [SAMPLES_DIR, 'sample'],
  ] as const) {
    const expectations = readExpectations(join(CORPUS_DIR, source === 'corpus' ? 'expected.jsonl' : 'expected-samples.jsonl'));
    for (const [doc, expected] of [...expectations].sort(([a], [b]) => a.localeCompare(b))) {
      scores.push(await evaluateFile(join(dir, doc), doc, source, expected));
    }
  }
  return scores;
}

export function totals(scores: readonly DocumentScore[]): { correct: number; total: number; byField: DocumentScore['byField'] } {
  const byField = Object.fromEntries(FIELDS.map((field) => [field, { correct: 0, total: 0 }])) as DocumentScore['byField'];
  for (const score of scores) {
    for (const field of FIELDS) {
      byField[field].correct += score.byField[field].correct;
      byField[field].total += score.byField[field].total;
    }
  }
  const correct = scores.reduce((sum, score) => sum + score.correct, 0);
  const total = scores.reduce((sum, score) => sum + score.total, 0);
  return { correct, total, byField };
}

export function percent(correct: number, total: number): string {
  return total === 0 ? '—' : `${((100 * correct) / total).toFixed(1)} %`;
}

/** Each labelled document's extracted text (what the parser reads), for tests that vary it. */
export async function corpusTexts(): Promise<{ doc: string; text: string }[]> {
  const expectations = readExpectations(join(CORPUS_DIR, 'expected.jsonl'));
  const texts: { doc: string; text: string }[] = [];
  for (const doc of [...expectations.keys()].sort()) {
    const { text } = await previewFile(readFileSync(join(CORPUS_DIR, doc)), doc, { currentYear: CURRENT_YEAR });
    texts.push({ doc, text });
  }
  return texts;
}

export { CURRENT_YEAR };
