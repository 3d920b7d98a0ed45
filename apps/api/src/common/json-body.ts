import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { DomainError } from '@luoshi/domain/errors';

/**
 * Deepest nesting of arrays/objects a JSON body may have. The deepest legitimate body (an import
 * commit with corrections) is 4 levels; V8's JSON.parse and every walk over the result are
 * recursive, so a body 200,000 levels deep cost the process a second per request.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Body limits of the anonymous routes: a login or refresh body is well under 1 KB, and nothing
 * about them should be parsed, let alone hashed, when they are bigger.
 */
export const PUBLIC_BODY_LIMIT_BYTES = 4 * 1024;
export const PUBLIC_ROUTES_WITH_SMALL_BODIES = new Set(['/auth/login', '/auth/refresh']);

const malformedJson = () => new DomainError('invalid', 'MALFORMED_JSON', '请求内容不是有效的 JSON');
const tooDeep = () => new DomainError('invalid', 'JSON_TOO_DEEP', `请求内容嵌套层级过深（最多 ${MAX_JSON_DEPTH} 层）`, { maxDepth: MAX_JSON_DEPTH });

/**
 * Whether the JSON text nests deeper than `max`. One pass over the characters, before anything is
 * parsed (brackets inside strings do not count); it does not validate — the parser does that.
 */
export function exceedsJsonDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}

/** Parses a JSON body: depth checked first, then secure-json-parse (refuses `__proto__` / `constructor.prototype`, as Fastify's own parser). */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new DomainError('invalid', 'MALFORMED_JSON', '请求内容为空，不是有效的 JSON');
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) throw tooDeep();
  try {
    return secureJsonParse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw malformedJson();
  }
}

/** Gives the anonymous routes their small body limit (register before the routes are). */
export function limitPublicBodies(instance: FastifyInstance): void {
  instance.addHook('onRoute', (route: RouteOptions) => {
    if (PUBLIC_ROUTES_WITH_SMALL_BODIES.has(route.url)) route.bodyLimit = PUBLIC_BODY_LIMIT_BYTES;
  });
}

/** Replaces the JSON parser (Fastify's, or the one Nest registers at init) with `parseJsonBody`. */
export function replaceJsonParser(instance: FastifyInstance): void {
  instance.removeContentTypeParser('application/json');
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (_request: FastifyRequest, body: string | Buffer, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
