/**
 * Loads the sample documents and local-only accounts (README lists the passwords).
 * Idempotent: documents import once; existing accounts are left as they are.
 */
import 'reflect-metadata';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PolicyDocumentEntity, UserEntity } from '@luoshi/domain/entities';
import { DocumentImportService } from '../documents/document-import.service';
import { PublishingService } from '../publishing/publishing.service';
import { AuditedWriter } from '../tasks/write-support';
import { extractText } from '../documents/text-extraction';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { PrincipalCache } from '../auth/principal-cache';
import { createCliContext } from './cli-context';
import type { Role } from '../auth/auth.decorators';

const SAMPLES_DIR = join(__dirname, '../../../../samples');

const SAMPLE_ACCOUNTS: { username: string; displayName: string; password: string; role: Role; unit?: string }[] = [
  { username: 'office', displayName: '区统筹办', password: 'Office#2022', role: 'office' },
  { username: 'leader', displayName: '区领导', password: 'Leader#2022', role: 'leader' },
  { username: 'fgj', displayName: '区发展改革局', password: 'Bureau#2022', role: 'bureau', unit: '区发展改革局' },
  { username: 'czj', displayName: '区财政局', password: 'Bureau#2022', role: 'bureau', unit: '区财政局' },
  { username: 'gxj', displayName: '区工业和信息化局', password: 'Bureau#2022', role: 'bureau', unit: '区工业和信息化局' },
];

/** The compendium is published (交办) so the bureau accounts have tasks to work on. */
const PUBLISHED_SAMPLE = '003_e9b96b9635c13b94.txt';

@Module({ providers: [DocumentImportService, UsersService, PrincipalCache, UnitsService, PublishingService, AuditedWriter] })
class SeedModule {}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to load sample data with NODE_ENV=production');
  const app = await createCliContext(SeedModule);
  try {
    const importer = app.get(DocumentImportService);
    const files = (await readdir(SAMPLES_DIR)).filter((f) => f.endsWith('.txt')).sort();
    for (const file of files) {
      const { text } = await extractText(await readFile(join(SAMPLES_DIR, file)));
      const result = await importer.commitText(null, text, file);
      process.stderr.write(`${result.created ? 'imported' : 'unchanged'} ${file}: ${result.measures} measures, ${result.tasks} tasks\n`);
      const document = await app.get(DataSource).getRepository(PolicyDocumentEntity).findOneByOrFail({ id: result.documentId });
      if (file === PUBLISHED_SAMPLE && document.status !== 'published') {
        await app.get(PublishingService).publish(null, result.documentId);
        process.stderr.write(`published ${file}\n`);
      }
    }
    const users = app.get(UsersService);
    const units = app.get(UnitsService);
    const dataSource = app.get(DataSource);
    for (const account of SAMPLE_ACCOUNTS) {
      if (await dataSource.getRepository(UserEntity).exists({ where: { username: account.username } })) continue;
      const unitId = account.unit ? await units.resolveOrCreate(dataSource.manager, null, account.unit) : undefined;
      await users.create(null, { username: account.username, displayName: account.displayName, password: account.password, role: account.role, unitId });
      process.stderr.write(`created account ${account.username} (${account.role}${account.unit ? `, ${account.unit}` : ''})\n`);
    }
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  process.stderr.write(`seed failed: ${(err as Error).message}\n`);
  process.exit(1);
});
