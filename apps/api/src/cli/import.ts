/**
 * Command-line import.
 *   npm run -s import -- --preview FILE   prints the preview JSON; changes nothing
 *   npm run -s import -- FILE [FILE…]     commits each file to DATABASE_URL (idempotent)
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DomainError } from '@luoshi/domain/errors';
import { DocumentImportService } from '../documents/document-import.service';
import { extractText } from '../documents/text-extraction';
import { createCliContext } from './cli-context';

@Module({ providers: [DocumentImportService] })
class ImportCliModule {}

const USAGE = 'usage: npm run -s import -- [--preview] FILE [FILE...]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { preview: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  if (values.help || positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const app = await createCliContext(ImportCliModule);
  const importer = app.get(DocumentImportService);
  let failures = 0;
  try {
    for (const file of positionals) {
      try {
        const data = await readFile(file);
        if (values.preview) {
          const { preview, existingDocumentId, sourceHash } = await importer.parseFile(data, basename(file));
          process.stdout.write(`${JSON.stringify({ file: basename(file), sourceHash, existingDocumentId, preview }, null, 2)}\n`);
          continue;
        }
        const { text } = await extractText(data);
        const bar = new SingleBar({ format: `${basename(file)} [{bar}] {step}`, stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 250 });
        bar.start(4, 0, { step: 'parsing' });
        const result = await importer.commitText(null, text, basename(file), {}, (step, done) => bar.update(done, { step }));
        bar.stop();
        process.stderr.write(
          result.created
            ? `imported ${basename(file)}: document ${result.documentId}, ${result.measures} measures, ${result.tasks} tasks, ${result.units} units\n`
            : `unchanged ${basename(file)}: already imported as document ${result.documentId} (${result.measures} measures, ${result.tasks} tasks)\n`,
        );
      } catch (err) {
        failures += 1;
        const reason = err instanceof DomainError ? `${err.code}: ${err.message}` : (err as Error).message;
        process.stderr.write(`failed ${file}: ${reason}\n`);
      }
    }
  } finally {
    await app.close();
  }
  return failures ? 1 : 0;
}

// exitCode rather than exit(): a large preview on a pipe must be flushed before the process ends
main().then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`import failed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
