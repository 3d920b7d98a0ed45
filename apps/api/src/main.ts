import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { preflight } from '@luoshi/infra';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  const config = await preflight();
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  configureApp(app);
  await app.listen(config.PORT, '0.0.0.0');
}

void bootstrap();
