import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';

/** What the streaming storage learned about an upload while writing it to its temp file. */
export interface StreamedFile {
  path: string;
  size: number;
  sha256: string;
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
 * A multer storage engine that streams each file to `<dir>/.upload-<uuid>` while hashing it.
 * multer's `limits.fileSize` ends the stream at the limit; multer then calls `_removeFile`,
 * so a cut-off upload leaves no file behind.
 */
export class TempFileStorage implements StorageEngine {
  constructor(private readonly dir: string) {}

  _handleFile(_req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<Express.Multer.File> & { sha256?: string }) => void): void {
    const path = join(this.dir, `.upload-${randomUUID()}`);
    const digest = new DigestStream();
    pipeline(file.stream, digest, createWriteStream(path, { flags: 'wx', mode: 0o600 })).then(
      () => callback(null, { path, size: digest.size, sha256: digest.hash.digest('hex') }),
      (err) => {
        unlink(path).catch(() => undefined);
        callback(err);
      },
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    unlink(file.path).then(
      () => callback(null),
      (err: NodeJS.ErrnoException) => callback(err.code === 'ENOENT' ? null : err),
    );
  }
}
