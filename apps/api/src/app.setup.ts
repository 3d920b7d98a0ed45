import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import { registerRequestLogging } from './common/request-logging';

/**
 * HTTP concerns that live outside the module graph. main.ts, the e2e tests and the benchmark
 * all call this, so tests exercise the production stack (guards, pipes and filters are
 * providers in AppModule). Create the app with `createHttpAdapter()`.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  registerRequestLogging(app, app.get<AppConfig>(APP_CONFIG).LOG_LEVEL);
  // upload routes set their own file-size limit per request (imports vs attachments)
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, parts: 12, fieldSize: 4096 } });
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Luoshi 落实 API')
    .setDescription('Policy-implementation tracking: documents, measures, tasks, reports, supervision.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
}
