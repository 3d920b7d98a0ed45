/**
 * npm run bench:import
 * Parse throughput on the compendium (MB/s, median after warm-up) and the wall time to commit it
 * to Postgres through the same service the API and CLI use. Targets: ≥ 10 MB/s, commit < 300 ms.
 * Then MB/s per shape: every labelled corpus document (its extracted text) and the compendium
 * rewritten into the hard shapes (one line, cut every 26 characters, Traditional characters,
 * page furniture), so a regular expression that backtracks on one-line text shows up.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { parseDocument } from '@luoshi/domain/parser';
import { DocumentImportService } from '../apps/api/src/documents/document-import.service';
import { CliCoreModule } from '../apps/api/src/cli/cli-context';
import { loadavg } from 'node:os';
import { Converter } from 'opencc-js';
import { createBenchDatabase, machineLine, median } from './bench-db';
import { corpusTexts } from './import-corpus';

const COMPENDIUM = join(__dirname, '../samples/003_e9b96b9635c13b94.txt');

function benchParse(text: string, runs = 20): { mbPerSecond: number; msPerParse: number } {
  const bytes = Buffer.byteLength(text, 'utf8');
  for (let i = 0; i < 30; i++) parseDocument(text, { currentYear: 2026 }); // warm-up (JIT)
  const samples: number[] = [];
  for (let round = 0; round < 15; round++) {
    const start = performance.now();
    for (let i = 0; i < runs; i++) parseDocument(text, { currentYear: 2026 });
    samples.push((performance.now() - start) / runs);
  }
  const ms = median(samples);
  return { mbPerSecond: bytes / 1e6 / (ms / 1000), msPerParse: ms };
}

async function benchCommit(text: string): Promise<{ medianMs: number; firstMs: number; samples: number[] }> {
  const db = await createBenchDatabase('import');
  process.env.DATABASE_URL = db.url;
  process.env.LOG_LEVEL = 'silent';
  @Module({ imports: [CliCoreModule], providers: [DocumentImportService] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  try {
    const importer = app.get(DocumentImportService);
    const dataSource = app.get(DataSource);
    const samples: number[] = [];
    for (let i = 0; i < 8; i++) {
      await dataSource.query('TRUNCATE policy_document, unit, audit_log CASCADE');
      const start = performance.now();
      const result = await importer.commitText(null, text, 'compendium.txt');
      samples.push(performance.now() - start);
      if (!result.created) throw new Error('benchmark commit did not create the document');
    }
    return { firstMs: samples[0], medianMs: median(samples.slice(1)), samples };
  } finally {
    await app.close();
    await db.drop();
  }
}

/** The compendium rewritten into the shapes that stress the reader. */
function stressShapes(text: string): { shape: string; text: string }[] {
  const oneLine = text.replace(/\s*\n\s*/g, '');
  const traditional = Converter({ from: 'cn', to: 't' })(text);
  const pages = text.split('\n').flatMap((line, index) => (index > 0 && index % 40 === 0 ? ['— ' + index / 40 + ' —', '政策措施落实情况汇编', line] : [line]));
  return [
    { shape: 'compendium as one line (web copy)', text: oneLine },
    { shape: 'compendium cut every 26 characters', text: (oneLine.match(/.{1,26}/gu) ?? []).join('\n') },
    { shape: 'compendium in Traditional characters', text: traditional },
    { shape: 'compendium with page numbers and headers', text: pages.join('\n') },
  ];
}

async function main(): Promise<void> {
  const text = readFileSync(COMPENDIUM, 'utf8');
  const parse = benchParse(text);
  const commit = await benchCommit(text);
  const bytes = Buffer.byteLength(text, 'utf8');
  console.log(
    `bench:import  ${new Date().toISOString().slice(0, 10)}  ${machineLine()}  load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(`compendium: ${(bytes / 1024).toFixed(1)} KiB`);
  console.log(
    `parse:  ${parse.mbPerSecond.toFixed(1)} MB/s (median ${parse.msPerParse.toFixed(2)} ms per parse; target >= 10 MB/s) ${parse.mbPerSecond >= 10 ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `commit: ${commit.medianMs.toFixed(0)} ms median of 7 (first, cold: ${commit.firstMs.toFixed(0)} ms; target < 300 ms) ${commit.medianMs < 300 ? 'PASS' : 'FAIL'}`,
  );

  console.log('\nparse throughput per shape (extracted text; small documents are dominated by fixed costs):');
  const rows: { shape: string; text: string }[] = [
    ...stressShapes(text),
    ...(await corpusTexts()).map(({ doc, text: docText }) => ({ shape: doc, text: docText })),
  ];
  const width = Math.max(...rows.map((row) => row.shape.length));
  for (const row of rows) {
    const kib = Buffer.byteLength(row.text, 'utf8') / 1024;
    const result = benchParse(row.text, Math.max(5, Math.round(400 / Math.max(kib, 1))));
    console.log(
      `  ${row.shape.padEnd(width)}  ${kib.toFixed(1).padStart(6)} KiB  ${result.mbPerSecond.toFixed(1).padStart(6)} MB/s  ${result.msPerParse.toFixed(2).padStart(7)} ms${result.mbPerSecond < 10 ? '  (below 10 MB/s)' : ''}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
