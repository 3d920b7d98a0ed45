/**
 * npm run import:eval — the parser against the labelled corpus: accuracy per document and per
 * field, and the total (the test suite requires ≥ 98 % over the corpus and 100 % on the samples).
 *   npm run import:eval -- --verbose   also lists every wrong field
 */
import { FIELDS, evaluateCorpus, percent, totals } from './import-corpus';

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const scores = await evaluateCorpus();
  const width = Math.max(...scores.map((score) => score.doc.length));
  console.log(`${'document'.padEnd(width)}  shape       fields   accuracy`);
  for (const score of scores) {
    console.log(
      `${score.doc.padEnd(width)}  ${score.shape.padEnd(10)}  ${`${score.correct}/${score.total}`.padStart(7)}  ${percent(score.correct, score.total).padStart(8)}${score.error ? `  ERROR ${score.error}` : ''}`,
    );
    if (verbose) for (const miss of score.misses) console.log(`    ${miss}`);
  }
  for (const source of ['corpus', 'sample'] as const) {
    const subset = totals(scores.filter((score) => score.source === source));
    console.log(
      `\n${source === 'corpus' ? 'corpus (test/fixtures/import-corpus)' : 'samples (samples/)'}: ${subset.correct}/${subset.total} fields, ${percent(subset.correct, subset.total)}`,
    );
    console.log(FIELDS.map((field) => `${field} ${percent(subset.byField[field].correct, subset.byField[field].total)}`).join(' · '));
  }
  const all = totals(scores);
  console.log(`\ntotal: ${all.correct}/${all.total} fields, ${percent(all.correct, all.total)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
