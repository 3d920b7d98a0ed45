import type { DataSource } from 'typeorm';
import { DomainError, type DomainErrorKind, type ErrorCode } from '@luoshi/domain/errors';
import type { AuditEntry, AuditService } from './audit.service';
import { AuditedWriter, type RefusalTarget } from './audited-writer';

describe('AuditedWriter', () => {
  const setup = () => {
    const recorded: AuditEntry[] = [];
    const record = (_manager: unknown, _actor: unknown, entry: AuditEntry): Promise<void> => {
      recorded.push(entry);
      return Promise.resolve();
    };
    const audit = { record } as unknown as AuditService;
    return { recorded, writer: new AuditedWriter({ manager: {} } as DataSource, audit) };
  };
  const failWith =
    (kind: DomainErrorKind, code: ErrorCode, details = {}) =>
    (): Promise<never> =>
      Promise.reject(new DomainError(kind, code, '拒绝', details));

  it('records a refused upload (413, 415) with the context the work gathered; the code cannot be overridden', async () => {
    const { recorded, writer } = setup();
    const target: RefusalTarget = { action: 'attachment.upload', entityType: 'attachment', entityId: null, context: { reportId: 'r-1', code: 'FORGED' } };
    await expect(writer.attempt(null, target, failWith('too_large', 'ATTACHMENT_TOO_LARGE'))).rejects.toThrow(DomainError);
    await expect(
      writer.attempt(null, target, failWith('unsupported', 'ATTACHMENT_TYPE_NOT_ALLOWED', { detected: 'application/x-msdownload', fields: [] })),
    ).rejects.toThrow(DomainError);
    expect(recorded).toEqual([
      { action: 'attachment.upload', entityType: 'attachment', entityId: null, outcome: 'refused', after: { reportId: 'r-1', code: 'ATTACHMENT_TOO_LARGE' } },
      {
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: null,
        outcome: 'refused',
        after: { reportId: 'r-1', detected: 'application/x-msdownload', code: 'ATTACHMENT_TYPE_NOT_ALLOWED' },
      },
    ]);
  });

  it('leaves 403 (audited where decided) and 404 (not a refusal) alone', async () => {
    const { recorded, writer } = setup();
    const target: RefusalTarget = { action: 'attachment.delete', entityType: 'attachment', entityId: 'a-1' };
    await expect(writer.attempt(null, target, failWith('forbidden', 'ATTACHMENT_FORBIDDEN'))).rejects.toThrow(DomainError);
    await expect(writer.attempt(null, target, failWith('not_found', 'ATTACHMENT_NOT_FOUND'))).rejects.toThrow(DomainError);
    expect(recorded).toEqual([]);
  });
});
