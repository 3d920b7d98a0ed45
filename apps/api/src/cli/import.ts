/**
 * Command-line import.
 *   npm run -s import -- --preview FILE   prints the preview JSON; changes nothing and needs no
 *                                         database (saved aliases are used when one answers)
 *   npm run -s import -- FILE [FILE…]     commits each file to DATABASE_URL (idempotent)
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DomainError } from '@luoshi/domain/errors';
import { loadConfig, SystemClock } from '@luoshi/infra';
import { DocumentImportService, sourceHashOf } from '../documents/document-import.service';
import { previewFile } from '../documents/document-preview';
import { openSavedImportState } from '../documents/saved-aliases';
import { extractText } from '../documents/text-extraction';
import { createCliContext } from './cli-context';

@Module({ providers: [DocumentImportService] })
class ImportCliModule {}

const USAGE = 'usage: npm run -s import -- [--preview] FILE [FILE...]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { preview: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (values.preview) return preview(positionals);
  const app = await createCliContext(ImportCliModule);
  const importer = app.get(DocumentImportService);
  let failures = 0;
  try {
    for (const file of positionals) {
      try {
        const data = await readFile(file);
        const { text } = await extractText(data);
        const bar = new SingleBar({
          format: `${basename(file)} [{bar}] {step}`,
          stream: process.stderr,
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 250,
        });
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

/** Previews without Nest or a required database: a user can check a document before installing anything else. */
async function preview(files: readonly string[]): Promise<number> {
  const databaseUrl = configuredDatabaseUrl();
  const saved = databaseUrl ? await openSavedImportState(databaseUrl) : { unavailable: 'DATABASE_URL is not valid' };
  if ('unavailable' in saved) process.stderr.write(`no database reachable (${saved.unavailable}): previewing without the office's saved unit aliases\n`);
  const currentYear = Number(new SystemClock().today().slice(0, 4));
  let failures = 0;
  try {
    for (const file of files) {
      try {
        const { text, preview } = await previewFile(await readFile(file), basename(file), { aliases: 'aliases' in saved ? saved.aliases : {}, currentYear });
        const sourceHash = sourceHashOf(text);
        const existingDocumentId = 'existingDocumentId' in saved ? await saved.existingDocumentId(sourceHash) : null;
        process.stdout.write(`${JSON.stringify({ file: basename(file), sourceHash, existingDocumentId, preview }, null, 2)}\n`);
      } catch (err) {
        failures += 1;
        const reason = err instanceof DomainError ? `${err.code}: ${err.message}` : (err as Error).message;
        process.stderr.write(`failed ${file}: ${reason}\n`);
      }
    }
  } finally {
    if ('close' in saved) await saved.close();
  }
  return failures ? 1 : 0;
}

function configuredDatabaseUrl(): string | null {
  try {
    return loadConfig().DATABASE_URL;
  } catch {
    return null;
  }
}

// exitCode rather than exit(): a large preview on a pipe must be flushed before the process ends
main().then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`import failed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
