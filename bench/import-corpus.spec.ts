/**
 * The import corpus as a test: the parser reads the labelled documents (test/fixtures/import-corpus)
 * at ≥ 98 % of their fields and the four samples at 100 %. `npm run import:eval` prints the details.
 */
import { parseDocument } from '@luoshi/domain/parser';
import { CURRENT_YEAR, corpusTexts, evaluateCorpus, percent, totals } from './import-corpus';
import type { DocumentScore } from './import-corpus';

const MIN_CORPUS_ACCURACY = 0.98;

describe('import corpus', () => {
  let scores: DocumentScore[];

  beforeAll(async () => {
    scores = await evaluateCorpus();
  }, 120_000);

  it('has at least 15 labelled documents of its own, as .txt, .tsv, .docx, .xlsx and .pdf', () => {
    const corpus = scores.filter((score) => score.source === 'corpus').map((score) => score.doc);
    expect(corpus.length).toBeGreaterThanOrEqual(15);
    const extensions = new Set(corpus.map((doc) => doc.slice(doc.lastIndexOf('.') + 1)));
    expect([...extensions].sort()).toEqual(expect.arrayContaining(['docx', 'pdf', 'tsv', 'txt', 'xlsx']));
  });

  it(`reads the corpus at ≥ ${MIN_CORPUS_ACCURACY * 100} % of its fields`, () => {
    const corpus = scores.filter((score) => score.source === 'corpus');
    const { correct, total } = totals(corpus);
    const report = corpus
      .filter((score) => score.correct < score.total)
      .map((score) => `${score.doc} ${percent(score.correct, score.total)}: ${score.error ?? score.misses.slice(0, 5).join('; ')}`);
    expect({ accuracy: correct / total >= MIN_CORPUS_ACCURACY, report }).toEqual({ accuracy: true, report: expect.any(Array) });
    expect(corpus.every((score) => score.error === undefined)).toBe(true);
  });

  it('still reads the four samples at 100 %', () => {
    const samples = scores.filter((score) => score.source === 'sample');
    expect(samples).toHaveLength(4);
    expect(samples.flatMap((score) => score.misses.map((miss) => `${score.doc} ${miss}`))).toEqual([]);
    expect(samples.every((score) => score.total > 0 && score.correct === score.total)).toBe(true);
  });

  it('lets no line vanish: every non-blank source line is consumed, reported as unplaced or as page furniture', async () => {
    for (const { doc, text } of await corpusTexts()) {
      const { coverage, warnings } = parseDocument(text, { currentYear: CURRENT_YEAR });
      const nonBlank = text.split(/\r\n|\r|\n/).filter((line) => line.trim().length > 0).length;
      const reported = warnings.filter((warning) => warning.code === 'LINE_UNPLACED' || warning.code === 'PAGE_FURNITURE');
      expect({ doc, nonBlank: coverage?.nonBlankLines, sum: coverage!.consumedLines + coverage!.unplacedLines + (coverage!.furnitureLines ?? 0) }).toEqual({
        doc,
        nonBlank,
        sum: nonBlank,
      });
      // every unplaced or furniture line is named by a warning with its line number
      if (coverage!.unplacedLines + (coverage!.furnitureLines ?? 0) > 0)
        expect(reported.every((warning) => warning.line >= 1 && warning.line <= text.split('\n').length)).toBe(true);
      if (coverage!.unplacedLines > 0) expect(reported.some((warning) => warning.code === 'LINE_UNPLACED')).toBe(true);
    }
  }, 120_000);
});
