import { loginTracker } from './rate-limit';

describe('loginTracker', () => {
  it('keys on IP and the normalised username', () => {
    expect(loginTracker('::ffff:127.0.0.1', { username: ' Admin ' })).toBe(loginTracker('::ffff:127.0.0.1', { username: 'admin' }));
    expect(loginTracker('10.0.0.1', { username: 'admin' })).not.toBe(loginTracker('10.0.0.2', { username: 'admin' }));
    expect(loginTracker('10.0.0.1', { username: 'admin' })).not.toBe(loginTracker('10.0.0.1', { username: 'other' }));
  });

  it('still produces a key for a missing or non-text username', () => {
    expect(loginTracker('10.0.0.1', undefined)).toBe('10.0.0.1|');
    expect(loginTracker('10.0.0.1', { username: 42 })).toBe('10.0.0.1|');
    expect(loginTracker(undefined, {})).toBe('unknown|');
  });
});
