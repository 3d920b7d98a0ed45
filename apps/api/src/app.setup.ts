import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

/**
 * HTTP concerns that live outside the module graph. main.ts and the e2e tests both call this,
 * so tests exercise the production stack (guards, pipes and filters are providers in AppModule).
 */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.enableShutdownHooks();
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');

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
