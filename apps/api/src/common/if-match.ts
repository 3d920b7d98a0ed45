import { DomainError, versionRequired } from '@luoshi/domain/errors';

const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * The version the client read: the `version` body field, or the `If-Match: "<version>"` header.
 * Neither → 428 VERSION_REQUIRED; both but different → 400.
 */
export function resolveVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  const header = ifMatch?.trim() ? IF_MATCH.exec(ifMatch.trim()) : null;
  if (ifMatch?.trim() && !header) {
    throw new DomainError('invalid', 'INVALID_IF_MATCH', 'If-Match 头格式不正确，应为 "版本号"', {
      fields: [{ field: 'If-Match', code: 'INVALID_IF_MATCH', message: 'If-Match：格式不正确' }],
    });
  }
  const headerVersion = header ? Number(header[1]) : undefined;
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    throw new DomainError('invalid', 'VERSION_MISMATCH', 'version 字段与 If-Match 头不一致', {
      fields: [{ field: 'version', code: 'VERSION_MISMATCH', message: 'version：与 If-Match 头不一致' }],
    });
  }
  const version = bodyVersion ?? headerVersion;
  if (version === undefined) {
    throw versionRequired();
  }
  return version;
}
