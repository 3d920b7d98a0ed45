import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { DomainError } from '@luoshi/domain/errors';
import { receiveSingleFile } from '../common/multipart';

/** What we learned about an upload while streaming it to its temp file. */
export interface StreamedFile {
  path: string;
  size: number;
  sha256: string;
  /** the client's file name */
  fileName: string;
}

/** Counts and hashes bytes on their way to disk, so nothing is held in memory. */
class DigestStream extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Streams the request's one file to `<dir>/.upload-<uuid>` while hashing it. The parser stops
 * passing bytes on at `maxBytes` (and discards the rest of the body), so at most `maxBytes` reach
 * the disk; an upload over the limit, or one that fails half-way, leaves no file behind.
 */
export async function receiveToTempFile(req: FastifyRequest, dir: string, maxBytes: number, tooLarge: () => DomainError): Promise<StreamedFile> {
  const { fileName, value } = await receiveSingleFile(req, {
    maxBytes,
    tooLarge,
    consume: async (part) => {
      const path = join(dir, `.upload-${randomUUID()}`);
      const digest = new DigestStream();
      try {
        await pipeline(part.file, digest, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      } catch (err) {
        await unlink(path).catch(() => undefined);
        throw err;
      }
      return { path, size: digest.size, sha256: digest.hash.digest('hex') };
    },
    discard: (file) => unlink(file.path),
  });
  return { ...value, fileName };
}
