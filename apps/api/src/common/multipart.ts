import type { MultipartFile } from '@fastify/multipart';
import '@fastify/multipart'; // FastifyRequest.files() typings
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@luoshi/domain/errors';
import { isUnstorableText, unstorableTextError } from './text-guard';

/** The form field every upload endpoint takes its file from. */
export const FILE_FIELD = 'file';

export interface ReceiveOptions<T> {
  /** Bytes beyond this are never passed on nor parsed: the file stream fails with `tooLarge()` at the limit. */
  maxBytes: number;
  /** The 413 this endpoint answers with. */
  tooLarge: () => DomainError;
  /** Reads the file stream to its end (the parser waits for it); cleans up after itself if it fails. */
  consume: (part: MultipartFile) => Promise<T>;
  /** Undoes a successful `consume` (e.g. removes a temp file) when the upload is rejected afterwards. */
  discard?: (value: T) => Promise<unknown>;
}

export interface ReceivedFile<T> {
  /** the client's file name (busboy decodes it as UTF-8) */
  fileName: string;
  value: T;
}

/**
 * Receives exactly one file, in field `file`, from a multipart request (@fastify/multipart must be
 * registered on the app). Other fields are ignored; a second file, a wrong field name or a malformed
 * body is UPLOAD_INVALID, no file at all (or no multipart body) is FILE_REQUIRED, too large is `tooLarge()`.
 */
export async function receiveSingleFile<T>(req: FastifyRequest, options: ReceiveOptions<T>): Promise<ReceivedFile<T>> {
  let received: ReceivedFile<T> | undefined;
  try {
    // iterate to the end so that a second file surfaces as FST_FILES_LIMIT
    for await (const part of req.files({ limits: { fileSize: options.maxBytes, files: 1 }, throwFileSizeLimit: true })) {
      if (part.fieldname !== FILE_FIELD) {
        part.file.resume(); // let the parser run to the end of the body
        throw uploadInvalid('UNEXPECTED_FIELD');
      }
      if (isUnstorableText(part.filename ?? '')) {
        part.file.resume();
        throw unstorableTextError('file.filename');
      }
      // stop at the limit: ending the file stream with the error ends the parsing, so the client
      // gets its 413 at the limit instead of after sending the rest (which is then dropped unparsed)
      part.file.once('limit', () => part.file.destroy(options.tooLarge()));
      received = { fileName: part.filename ?? '', value: await options.consume(part) };
      // a streamed consumer only sees the limit as a stream that ended early
      if (part.file.truncated) throw options.tooLarge();
    }
  } catch (err) {
    if (received) await options.discard?.(received.value).catch(() => undefined);
    throw toUploadError(err, options.tooLarge);
  }
  if (!received) throw fileRequired();
  return received;
}

/** One file held in memory, for small uploads. */
export function receiveFileBuffer(req: FastifyRequest, maxBytes: number, tooLarge: () => DomainError): Promise<ReceivedFile<Buffer>> {
  // toBuffer() throws FST_REQ_FILE_TOO_LARGE at the limit and drops what it had collected
  return receiveSingleFile(req, { maxBytes, tooLarge, consume: (part) => part.toBuffer() });
}

function fileRequired(): DomainError {
  return new DomainError('invalid', 'FILE_REQUIRED', '请上传文件', { fields: [{ field: FILE_FIELD, code: 'FILE_REQUIRED', message: 'file：请上传文件' }] });
}

function uploadInvalid(multipartCode: string): DomainError {
  return new DomainError('invalid', 'UPLOAD_INVALID', '上传内容不正确：每次上传一个文件，字段名为 file', { multipartCode });
}

/** Maps @fastify/multipart and busboy errors (see node_modules/@fastify/multipart/index.js) to DomainErrors. */
function toUploadError(err: unknown, tooLarge: () => DomainError): DomainError {
  if (err instanceof DomainError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge();
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return fileRequired();
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return uploadInvalid(code);
  }
  // busboy: "Multipart: Boundary not found", "Unexpected end of multipart data", "Part terminated early …"
  if (err instanceof Error && /multipart|malformed|boundary|terminated early/i.test(err.message)) {
    return new DomainError('invalid', 'UPLOAD_INVALID', '上传内容不是有效的 multipart/form-data');
  }
  return new DomainError('invalid', 'UPLOAD_INVALID', '上传未完成，请重试');
}
