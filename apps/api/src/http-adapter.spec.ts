import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { helmetHeaders, requestIdFor } from './http-adapter';

const request = (remoteAddress: string, id?: unknown) =>
  ({ headers: id === undefined ? {} : { 'x-request-id': id }, socket: { remoteAddress } as Socket }) as Pick<IncomingMessage, 'headers' | 'socket'>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('keeps a well-formed id from the proxy on this host (%s)', (address) => {
    expect(requestIdFor(request(address, 'nginx-5f2c.01'))).toBe('nginx-5f2c.01');
  });

  it('ignores a remote client’s id, so it cannot reuse another request’s', () => {
    expect(requestIdFor(request('10.1.2.3', 'nginx-5f2c.01'))).toMatch(UUID);
  });

  it.each([
    ['too long', 'x'.repeat(65)],
    ['with spaces', 'a b'],
    ['with a newline', 'a\nb'],
    ['repeated', ['a', 'b']],
    ['empty', ''],
  ])('replaces an id that is %s', (_, id) => {
    expect(requestIdFor(request('127.0.0.1', id))).toMatch(UUID);
  });

  it('gives every request without one a fresh id', () => {
    expect(requestIdFor(request('127.0.0.1'))).not.toBe(requestIdFor(request('127.0.0.1')));
  });
});

describe('helmetHeaders', () => {
  it('records helmet’s default security headers', () => {
    const headers = helmetHeaders();
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers).not.toHaveProperty('x-powered-by');
  });
});
