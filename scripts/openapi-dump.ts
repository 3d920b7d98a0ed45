/**
 * Prints the API's OpenAPI document (JSON) without a server, a database or Redis: the app is built in
 * Nest's preview mode (modules and routes are read, no provider is started). The web app's client
 * types are generated from it (apps/web/scripts/generate-api-types.sh).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../apps/api/src/app.module';
import { createOpenApiDocument } from '../apps/api/src/app.setup';
import { createHttpAdapter } from '../apps/api/src/http-adapter';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), { preview: true, logger: false });
  process.stdout.write(`${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`);
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
