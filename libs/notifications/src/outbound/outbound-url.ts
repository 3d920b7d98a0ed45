import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where the office may point a webhook (SSRF guard). An address is refused when it is not http(s),
 * carries credentials, or names/resolves to loopback, private, link-local (cloud metadata at
 * 169.254.169.254 included), carrier-grade NAT, multicast or otherwise reserved space, unless its host
 * is on the allow-list (OUTBOUND_ALLOW_HOSTS: an intranet SMS gateway, the tests' local receivers).
 * Checked when saved (a clear 422) and again before every send (DNS may have changed since); and
 * the send connects through `lookup`, which checks the addresses it hands the socket, so a name that
 * resolves to a public address for the check and to a private one a moment later (DNS rebinding)
 * still cannot reach the private one.
 */
export interface OutboundRefusal {
  code: 'OUTBOUND_URL_SCHEME' | 'OUTBOUND_URL_CREDENTIALS' | 'OUTBOUND_URL_INVALID' | 'OUTBOUND_URL_UNRESOLVABLE' | 'OUTBOUND_URL_PRIVATE';
  /** Chinese, for the office */
  message: string;
  /** English, for logs and the delivery's last error */
  reason: string;
}

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** true for an address no webhook may reach (an IPv4-mapped IPv6 address is judged as its IPv4) */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type Resolver = (host: string) => Promise<string[]>;

/** A connection refused by `OutboundUrlPolicy.lookup`: the host resolved to a refused address. */
export class OutboundRefusedError extends Error {
  readonly code = 'OUTBOUND_URL_PRIVATE';

  constructor(reason: string) {
    super(reason);
    this.name = 'OutboundRefusedError';
  }
}

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export class OutboundUrlPolicy {
  private readonly allowed: ReadonlySet<string>;

  /** `allowHosts`: comma-separated host names or IP addresses (OUTBOUND_ALLOW_HOSTS), matched exactly, case-insensitively */
  constructor(
    allowHosts: string = '',
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.allowed = new Set(
      allowHosts
        .split(',')
        .map((h) => normaliseHost(h.trim()))
        .filter((h) => h.length > 0),
    );
  }

  /** The refusal for `url`, or null when it may be posted to. Never throws. */
  async check(url: string): Promise<OutboundRefusal | null> {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      return refusal('OUTBOUND_URL_INVALID', '接收地址不是有效的网址', 'not a valid URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return refusal('OUTBOUND_URL_SCHEME', '接收地址只能以 http:// 或 https:// 开头', `scheme ${parsed.protocol} is not allowed`);
    }
    if (parsed.username || parsed.password) {
      return refusal('OUTBOUND_URL_CREDENTIALS', '接收地址中不能包含用户名或密码，请改用签名密钥', 'credentials in the URL are not allowed');
    }
    if (this.allowed.has(normaliseHost(parsed.hostname))) return null;
    const vetted = await this.vet(parsed.hostname);
    return 'code' in vetted ? vetted : null;
  }

  /**
   * For the connection itself (http.request's `lookup`): resolves the host once, refuses it when any
   * address is refused (an allow-listed host excepted), and gives the socket those same addresses,
   * so what was checked is what is connected to. An IP literal never reaches a lookup (check() judges it).
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.vet(hostname).then(
      (vetted) => {
        if ('code' in vetted) return callback(new OutboundRefusedError(vetted.reason), '', 0);
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const found = vetted.addresses.map((address) => ({ address, family: isIP(address) })).filter((a) => !family || a.family === family);
        if (found.length === 0) {
          return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        }
        if (options.all) return callback(null, found);
        callback(null, found[0].address, found[0].family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };

  /** The host's addresses when it may be reached, else the refusal. */
  private async vet(hostname: string): Promise<{ addresses: string[] } | OutboundRefusal> {
    const host = normaliseHost(hostname);
    if (isIP(host)) return this.allowed.has(host) || !isBlockedAddress(host) ? { addresses: [host] } : privateRefusal(host, host);
    let addresses: string[];
    try {
      addresses = await this.resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) return refusal('OUTBOUND_URL_UNRESOLVABLE', '接收地址的域名无法解析', `host ${host} does not resolve`);
    const blocked = this.allowed.has(host) ? undefined : addresses.find(isBlockedAddress);
    return blocked ? privateRefusal(host, blocked) : { addresses };
  }
}

function privateRefusal(host: string, address: string): OutboundRefusal {
  return refusal(
    'OUTBOUND_URL_PRIVATE',
    '接收地址指向内网、本机或保留地址，不允许发送；如确需使用，请运维人员加入 OUTBOUND_ALLOW_HOSTS',
    `host ${host} resolves to ${address}, a private or reserved address`,
  );
}

/** lower case, without the brackets of an IPv6 literal */
function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function refusal(code: OutboundRefusal['code'], message: string, reason: string): OutboundRefusal {
  return { code, message, reason };
}
