/**
 * Route discovery for the access matrix, from two independent sources:
 *
 * 1. `controllerRoutes(AppModule)`: the Nest module graph, read statically through the same
 *    decorator metadata Nest's router uses (MODULE_METADATA imports/controllers, PATH_METADATA,
 *    METHOD_METADATA). It needs no running app, so the spec can generate one test per route at
 *    definition time — a route added later shows up as a failing test naming it.
 * 2. `servedRoutes(testApp)`: the routes Fastify registered in the running app, i.e. what is actually
 *    answered over HTTP. The spec checks both agree, so a route registered outside a controller
 *    (or under a prefix the static walk does not know) cannot slip past the matrix.
 */
import { RequestMethod, Type } from '@nestjs/common';
import { GUARDS_METADATA, INTERCEPTORS_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { IS_PUBLIC } from '../../../apps/api/src/auth/auth.decorators';

export interface DiscoveredRoute {
  /** `METHOD /path`, e.g. `GET /tasks/:id` — the key of the expectations table */
  key: string;
  method: string;
  path: string;
  /** `Controller.handler` */
  handler: string;
  /** @Public() on the handler or its controller */
  isPublic: boolean;
  /** the guards and interceptors Nest runs for it besides global ones (@UseGuards, @UseInterceptors on the handler and its controller) */
  guards: unknown[];
  interceptors: unknown[];
}

/**
 * Served by SwaggerModule.setup in configureApp, not by a controller: the OpenAPI document and
 * the Swagger UI (`/docs`, `/docs/openapi.json`, `/docs/swagger-ui-init.js`, …). They are
 * deliberately public, static, carry no business data and read nothing from the database
 * (test/health.e2e-spec.ts covers them), so they are excluded from the matrix — and only
 * they are: the prefix check below is anchored.
 */
export const isSwaggerRoute = (path: string): boolean => path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');

const joinPath = (...parts: string[]): string => {
  const joined = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part.length > 0)
    .join('/');
  return `/${joined}`;
};

/** Nest's PATH_METADATA: one path or several */
const asArray = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : [value ?? '/']);

function controllersOf(root: Type<unknown>): Type<unknown>[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type<unknown>>();
  const visit = (ref: unknown): void => {
    if (!ref) return;
    if (typeof ref === 'object' && 'forwardRef' in ref) return visit((ref as { forwardRef: () => unknown }).forwardRef());
    if (ref instanceof Promise) throw new Error('access matrix: an async dynamic module cannot be walked statically; extend route-discovery.ts');
    const isDynamic = typeof ref === 'object' && 'module' in ref;
    const moduleClass = (isDynamic ? (ref as { module: Type<unknown> }).module : ref) as Type<unknown>;
    if (seen.has(ref)) return;
    seen.add(ref);
    const imports: unknown[] = [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? [])];
    const own: Type<unknown>[] = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? [])];
    if (isDynamic) {
      const dynamic = ref as { imports?: unknown[]; controllers?: Type<unknown>[] };
      imports.push(...(dynamic.imports ?? []));
      own.push(...(dynamic.controllers ?? []));
    }
    own.forEach((controller) => controllers.add(controller));
    imports.forEach(visit);
  };
  visit(root);
  return [...controllers];
}

function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let proto = prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function') names.add(name);
    }
  }
  return [...names];
}

/** Every route declared by a controller reachable from `root`, sorted by path then method. */
export function controllerRoutes(root: Type<unknown>): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const controller of controllersOf(root)) {
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller));
    const controllerPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
    for (const name of methodNames(controller.prototype)) {
      const handler = controller.prototype[name] as object;
      const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      const paths = Reflect.getMetadata(PATH_METADATA, handler);
      if (requestMethod === undefined || paths === undefined) continue; // not a route handler
      const method = RequestMethod[requestMethod];
      for (const prefix of prefixes) {
        for (const sub of asArray(paths)) {
          const path = joinPath(prefix, sub);
          routes.push({
            key: `${method} ${path}`,
            method,
            path,
            handler: `${controller.name}.${name}`,
            isPublic: controllerPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true,
            guards: [...(Reflect.getMetadata(GUARDS_METADATA, controller) ?? []), ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? [])],
            interceptors: [...(Reflect.getMetadata(INTERCEPTORS_METADATA, controller) ?? []), ...(Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [])],
          });
        }
      }
    }
  }
  const duplicates = routes.map((r) => r.key).filter((key, i, all) => all.indexOf(key) !== i);
  if (duplicates.length) throw new Error(`access matrix: route declared twice: ${duplicates.join(', ')}`);
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** `METHOD /path` of every route the running app serves (recorded by createTestApp; Swagger's included). */
export function servedRoutes(app: { routes: string[] }): string[] {
  return [...new Set(app.routes)].sort();
}
