import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies development defaults and converts numbers', () => {
    const config = loadConfig({ PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/luoshi');
    expect(config.REPORT_GRACE_DAYS).toBe(5);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT: .*integer/);
      expect((err as Error).message).toContain('DATABASE_URL must be a postgres:// URL');
    }
  });

  it('refuses the published development JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'dev-only-insecure-secret-change-me' })).toThrow(/JWT_SECRET must be set/);
    expect(loadConfig({ NODE_ENV: 'development' }).JWT_SECRET).toBe('dev-only-insecure-secret-change-me');
  });

  it('demands a long JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short-but-16-chars' })).toThrow(/JWT_SECRET must be at least 32/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).NODE_ENV).toBe('production');
  });

  it('ignores unrelated variables', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/bin' })).not.toHaveProperty('HOME');
  });
});
