import type { DataSource } from 'typeorm';
import { DomainError, DomainErrorKind } from '@luoshi/domain/errors';
import type { AuditEntry, AuditService } from '../audit/audit.service';
import { AuditedWriter, likePattern, resolveVersion } from './write-support';

describe('resolveVersion', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return err instanceof DomainError ? `${err.kind}:${err.code}` : String(err);
    }
    return 'ok';
  };

  it('takes the body field or the If-Match header, in any of its spellings', () => {
    expect(resolveVersion(3, undefined)).toBe(3);
    expect(resolveVersion(undefined, '"4"')).toBe(4);
    expect(resolveVersion(undefined, 'W/"5"')).toBe(5);
    expect(resolveVersion(undefined, '6')).toBe(6);
    expect(resolveVersion(7, '"7"')).toBe(7);
  });

  it('requires one of them (428) and refuses a malformed or contradicting header (400)', () => {
    expect(code(() => resolveVersion(undefined, undefined))).toBe('precondition_required:VERSION_REQUIRED');
    expect(code(() => resolveVersion(undefined, ' '))).toBe('precondition_required:VERSION_REQUIRED');
    expect(code(() => resolveVersion(undefined, '*'))).toBe('validation:INVALID_IF_MATCH');
    expect(code(() => resolveVersion(2, '"3"'))).toBe('validation:VERSION_MISMATCH');
  });
});

describe('likePattern', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(likePattern('100%_达标\\')).toBe('%100\\%\\_达标\\\\%');
  });
});

describe('AuditedWriter', () => {
  const setup = () => {
    const recorded: AuditEntry[] = [];
    const audit = { record: async (_manager: unknown, _actor: unknown, entry: AuditEntry) => void recorded.push(entry) } as unknown as AuditService;
    return { recorded, writer: new AuditedWriter({ manager: {} } as DataSource, audit) };
  };
  const failWith = (kind: DomainErrorKind, details = {}) => async () => {
    throw new DomainError(kind, `${kind.toUpperCase()}_CODE`, '拒绝', details);
  };

  it('records a refused upload (413, 415) with the context the work gathered; the code cannot be overridden', async () => {
    const { recorded, writer } = setup();
    const target = { action: 'attachment.upload', entityType: 'attachment', entityId: null, context: { reportId: 'r-1', code: 'FORGED' } };
    await expect(writer.attempt(null, target, failWith('payload_too_large'))).rejects.toThrow(DomainError);
    await expect(writer.attempt(null, target, failWith('unsupported_media_type', { detected: 'application/x-msdownload', fields: [] }))).rejects.toThrow(DomainError);
    expect(recorded).toEqual([
      { action: 'attachment.upload', entityType: 'attachment', entityId: null, outcome: 'refused', after: { reportId: 'r-1', code: 'PAYLOAD_TOO_LARGE_CODE' } },
      {
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: null,
        outcome: 'refused',
        after: { reportId: 'r-1', detected: 'application/x-msdownload', code: 'UNSUPPORTED_MEDIA_TYPE_CODE' },
      },
    ]);
  });

  it('leaves 403 (audited where decided) and 404 (not a refusal) alone', async () => {
    const { recorded, writer } = setup();
    const target = { action: 'attachment.delete', entityType: 'attachment', entityId: 'a-1' };
    await expect(writer.attempt(null, target, failWith('forbidden'))).rejects.toThrow(DomainError);
    await expect(writer.attempt(null, target, failWith('not_found'))).rejects.toThrow(DomainError);
    expect(recorded).toEqual([]);
  });
});
