import { classifyHttpStatus, classifyNetworkError, classifyRobotResponse, classifySmtpError, parseRetryAfter } from './classify';

const now = new Date('2022-11-30T01:00:00Z');

describe('outcome classification', () => {
  it('reads Retry-After as seconds or an HTTP date, relative to the given now', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 30 Nov 2022 01:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Wed, 30 Nov 2022 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });

  it('HTTP: 2xx delivered, 408/425/429/5xx transient, other 4xx and 3xx permanent', () => {
    expect(classifyHttpStatus(204, undefined).status).toBe('delivered');
    for (const s of [408, 425, 429, 500, 502, 503, 504, 599]) expect(classifyHttpStatus(s, undefined).status).toBe('transient');
    for (const s of [301, 400, 401, 403, 404, 410, 413, 422]) expect(classifyHttpStatus(s, undefined).status).toBe('permanent');
    expect(classifyHttpStatus(503, 5_000)).toEqual({ status: 'transient', error: 'HTTP 503', retryAfterMs: 5_000 });
  });

  it('robots: errcode 0 delivered; throttling codes pause; a string errcode is read as a number', () => {
    expect(classifyRobotResponse('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}', undefined)).toEqual({ status: 'delivered' });
    expect(classifyRobotResponse('dingtalk', 200, '{"errcode":410100,"errmsg":"限流"}', undefined)).toMatchObject({
      status: 'throttled',
      retryAfterMs: 600_000,
    });
    expect(classifyRobotResponse('wecom', 200, '{"errcode":"45009","errmsg":"freq"}', undefined)).toMatchObject({ status: 'throttled', retryAfterMs: 60_000 });
    // a WeCom code means nothing special to DingTalk
    expect(classifyRobotResponse('dingtalk', 200, '{"errcode":45009,"errmsg":"x"}', undefined).status).toBe('permanent');
    expect(classifyRobotResponse('dingtalk', 200, '{"ok":true}', undefined).status).toBe('permanent');
    expect(classifyRobotResponse('dingtalk', 429, '', undefined)).toMatchObject({ status: 'throttled', retryAfterMs: 600_000 });
  });

  it('SMTP: 4xx transient, 5xx permanent, a broken conversation transient, a malformed address permanent', () => {
    expect(classifySmtpError({ responseCode: 421, response: '421 try later' })).toEqual({ status: 'transient', error: 'SMTP 421: 421 try later' });
    expect(classifySmtpError({ responseCode: 554, response: '554 rejected' })).toEqual({ status: 'permanent', error: 'SMTP 554: 554 rejected' });
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Greeting never received' })).toEqual({
      status: 'transient',
      error: 'ETIMEDOUT: Greeting never received',
    });
    expect(classifySmtpError({ code: 'EENVELOPE', message: 'No recipients defined' }).status).toBe('permanent');
  });

  it('network: timeouts and refused connections are transient', () => {
    expect(classifyNetworkError(Object.assign(new Error('aborted'), { name: 'TimeoutError' }))).toEqual({
      status: 'transient',
      error: 'timeout: no answer in time',
    });
    expect(classifyNetworkError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toEqual({
      status: 'transient',
      error: 'network: ECONNRESET',
    });
    expect(classifyNetworkError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }))).toEqual({
      status: 'transient',
      error: 'network: ECONNREFUSED',
    });
  });
});
