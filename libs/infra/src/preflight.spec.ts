import { checkPostgres, checkRedis } from './preflight';

// Nothing listens on port 9 (discard) on loopback here: both checks must fail fast with one clear line.
describe('preflight checks', () => {
  it('names PostgreSQL, hides the password and says how to fix it', async () => {
    await expect(checkPostgres('postgres://u:secret@127.0.0.1:9/db', 2000)).rejects.toThrow(
      /^Cannot reach PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:9\/db \(.*ECONNREFUSED.*\)\. Start it .* or set DATABASE_URL\.$/,
    );
  });

  it('names Redis with the underlying cause', async () => {
    await expect(checkRedis('redis://127.0.0.1:9', 2000)).rejects.toThrow(
      /^Cannot reach Redis at redis:\/\/127\.0\.0\.1:9 \(.*ECONNREFUSED.*\)\. .*REDIS_URL\.$/,
    );
  });
});
