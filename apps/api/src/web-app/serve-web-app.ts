import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** `/assets/…` is the web build's only folder: file names carry a content hash, so they never change. */
const ASSETS_PREFIX = '/assets/';

export function firstSegment(url: string): string {
  return url.split('?')[0].split('/')[1] ?? '';
}

/**
 * The first path segments that belong to the API (`tasks`, `auth`, `docs`, …), collected from every
 * route registered after this call. Call it before the routes exist (configureApp runs before init).
 */
export function collectApiSegments(app: NestFastifyApplication): Set<string> {
  const segments = new Set<string>();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const segment = firstSegment(route.url);
      if (segment && segment !== '*' && !route.url.startsWith(ASSETS_PREFIX)) segments.add(segment);
    });
  return segments;
}

/**
 * Serves the built web app at `/`: hashed assets from `/assets/`, and index.html for every other GET
 * that is not under an API segment, so a client route typed by hand or reloaded (`/my-tasks`,
 * `/task/…`) opens the app. API paths keep their answers, and unknown ones still get the JSON 404.
 * Without a build (API-only tests, a fresh checkout) nothing is served and `/` is a 404.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string, apiSegments: Set<string>): Promise<boolean> {
  const root = resolve(webDir);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  const indexHtml = readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: ASSETS_PREFIX,
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      if (apiSegments.has(firstSegment(request.url)) || request.url.startsWith(ASSETS_PREFIX)) {
        reply.callNotFound();
        return;
      }
      // the page itself is always revalidated, so a new deployment's assets are picked up at once
      void reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml);
    });
  return true;
}
