import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { preflight } from '@luoshi/infra';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { createHttpAdapter } from './http-adapter';

async function bootstrap(): Promise<void> {
  const config = await preflight();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), { bufferLogs: true });
  await configureApp(app);
  await app.listen(config.PORT, '0.0.0.0');
}

void bootstrap();
