import { isBlockedAddress, OutboundUrlPolicy } from './outbound-url';

// names resolve through a table, never the network
const DNS: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'intranet.example.com': ['10.1.2.3'],
  'sneaky.example.com': ['93.184.216.34', '127.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'v6.example.com': ['2606:2800:220:1:248:1893:25c8:1946'],
  'sms-gateway.internal': ['192.168.10.5'],
};
const resolve = (host: string) => (DNS[host] ? Promise.resolve(DNS[host]) : Promise.reject(new Error('ENOTFOUND')));

describe('OutboundUrlPolicy (SSRF guard)', () => {
  const policy = new OutboundUrlPolicy('', resolve);
  const codeOf = async (url: string, p = policy) => (await p.check(url))?.code ?? null;

  it('allows public http(s) addresses, by name or literal', async () => {
    expect(await codeOf('https://hooks.example.com/luoshi')).toBeNull();
    expect(await codeOf('http://hooks.example.com:8080/x?y=1')).toBeNull();
    expect(await codeOf('https://93.184.216.34/hook')).toBeNull();
    expect(await codeOf('https://v6.example.com/hook')).toBeNull();
  });

  it('refuses other schemes and credentials in the URL', async () => {
    expect(await codeOf('ftp://hooks.example.com/x')).toBe('OUTBOUND_URL_SCHEME');
    expect(await codeOf('file:///etc/passwd')).toBe('OUTBOUND_URL_SCHEME');
    expect(await codeOf('https://user:secret@hooks.example.com/x')).toBe('OUTBOUND_URL_CREDENTIALS');
    expect(await codeOf('https://user@hooks.example.com/x')).toBe('OUTBOUND_URL_CREDENTIALS');
    expect(await codeOf('not a url')).toBe('OUTBOUND_URL_INVALID');
    expect(await codeOf('https://nowhere.example.com/x')).toBe('OUTBOUND_URL_UNRESOLVABLE');
  });

  it('refuses loopback, private, link-local and metadata addresses, literal or resolved, whatever the spelling', async () => {
    for (const url of [
      'http://127.0.0.1:3000/x',
      'http://localhost.:1/x',
      'http://10.0.0.8/x',
      'http://172.16.5.4/x',
      'http://192.168.1.1/x',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/x',
      'http://0.0.0.0/x',
      'http://[::1]/x',
      'http://[fe80::1]/x',
      'http://[fd00:ec2::254]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://2130706433/x',
      'http://0x7f.1/x',
      'https://intranet.example.com/x',
      'https://metadata.example.com/x',
      'https://sneaky.example.com/x',
    ]) {
      const code = await codeOf(url);
      // localhost. does not resolve in this table: refused either way
      expect([url, code]).toEqual([url, url.includes('localhost') ? 'OUTBOUND_URL_UNRESOLVABLE' : 'OUTBOUND_URL_PRIVATE']);
    }
    const refusal = await policy.check('http://10.0.0.8/x');
    expect(refusal).toMatchObject({ message: expect.stringContaining('内网'), reason: expect.stringContaining('10.0.0.8') });
  });

  it('OUTBOUND_ALLOW_HOSTS lets named hosts through (names or IPs, case-insensitive), nothing else', async () => {
    const allowing = new OutboundUrlPolicy(' 127.0.0.1, SMS-Gateway.internal ,[::1]', resolve);
    expect(await codeOf('http://127.0.0.1:4000/hook', allowing)).toBeNull();
    expect(await codeOf('http://sms-gateway.internal/send', allowing)).toBeNull();
    expect(await codeOf('http://[::1]:8080/x', allowing)).toBeNull();
    expect(await codeOf('http://127.0.0.2/hook', allowing)).toBe('OUTBOUND_URL_PRIVATE');
    expect(await codeOf('http://intranet.example.com/x', allowing)).toBe('OUTBOUND_URL_PRIVATE');
    expect(await codeOf('https://u:p@sms-gateway.internal/send', allowing)).toBe('OUTBOUND_URL_CREDENTIALS');
  });

  it('classifies addresses', () => {
    expect(isBlockedAddress('8.8.8.8')).toBe(false);
    expect(isBlockedAddress('2001:4860:4860::8888')).toBe(false);
    expect(isBlockedAddress('::ffff:10.0.0.1')).toBe(true);
    expect(isBlockedAddress('224.0.0.1')).toBe(true);
    expect(isBlockedAddress('not-an-ip')).toBe(true);
  });
});
