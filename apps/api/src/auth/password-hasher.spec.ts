import { hashPassword, passwordNeedsRehash, verifyPassword } from './password-hasher';

describe('password hasher', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('正确的密码-correct');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    await expect(verifyPassword(hash, '正确的密码-correct')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'wrong')).resolves.toBe(false);
    expect(passwordNeedsRehash(hash)).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch that needs rehashing', async () => {
    await expect(verifyPassword('not-a-hash', 'x')).resolves.toBe(false);
    expect(passwordNeedsRehash('not-a-hash')).toBe(true);
  });
});
