import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { DomainError } from '@luoshi/domain/errors';
import { REDIS } from '../redis/redis.module';

/** An upload's text between preview and commit. */
export interface StagedImport {
  text: string;
  fileName: string;
}

const TTL_SECONDS = 24 * 3600;
const key = (previewId: string) => `import-preview:${previewId}`;

/**
 * Holds previewed uploads for a day so the office can check them before committing.
 * This is work in flight, so it lives in Redis; the commit re-parses the same text.
 */
@Injectable()
export class ImportStagingService {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async stage(staged: StagedImport): Promise<string> {
    const previewId = randomUUID();
    await this.redis.set(key(previewId), JSON.stringify(staged), 'EX', TTL_SECONDS);
    return previewId;
  }

  async get(previewId: string): Promise<StagedImport> {
    const raw = await this.redis.get(key(previewId));
    if (!raw) throw new DomainError('not_found', 'IMPORT_PREVIEW_EXPIRED', '预览已过期或不存在，请重新上传文件');
    return JSON.parse(raw) as StagedImport;
  }

  async discard(previewId: string): Promise<void> {
    await this.redis.del(key(previewId));
  }
}
