import { DomainError } from '@luoshi/domain/errors';
import { resolveVersion } from './if-match';

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
    expect(code(() => resolveVersion(undefined, undefined))).toBe('precondition_missing:VERSION_REQUIRED');
    expect(code(() => resolveVersion(undefined, ' '))).toBe('precondition_missing:VERSION_REQUIRED');
    expect(code(() => resolveVersion(undefined, '*'))).toBe('invalid:INVALID_IF_MATCH');
    expect(code(() => resolveVersion(2, '"3"'))).toBe('invalid:VERSION_MISMATCH');
  });
});
