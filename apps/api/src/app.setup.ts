import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import { registerIdempotentAnswers } from './common/idempotency';
import { registerRequestLogging } from './common/request-logging';
import { collectApiSegments, serveWebApp } from './web-app/serve-web-app';

/**
 * HTTP concerns that live outside the module graph. main.ts, the e2e tests and the benchmark
 * all call this, so tests exercise the production stack (guards, pipes and filters are
 * providers in AppModule). Create the app with `createHttpAdapter()`.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(APP_CONFIG);
  const apiSegments = collectApiSegments(app);
  registerRequestLogging(app, config.LOG_LEVEL);
  registerIdempotentAnswers(app);
  // upload routes set their own file-size limit per request (imports vs attachments)
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, parts: 12, fieldSize: 4096 } });
  // only the refresh cookie (see auth/refresh-cookie.ts); it carries no signature, the token is its own secret
  await app.register(fastifyCookie);
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
  await serveWebApp(app, config.WEB_DIR, apiSegments);
}

/** The OpenAPI document of the app's routes; the web app's client types are generated from it. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const openApi = new DocumentBuilder()
    .setTitle('Luoshi 落实 API')
    .setDescription('Policy-implementation tracking: documents, measures, tasks, reports, supervision.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, openApi);
}
