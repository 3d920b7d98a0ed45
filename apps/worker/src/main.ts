import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { preflight } from '@luoshi/infra';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  await preflight();
  // createApplicationContext fails (and no worker starts) if a contract job has no handler
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('worker started');
}

bootstrap().catch((err: Error) => {
  process.stderr.write(`luoshi-worker: ${err.message}\n`);
  process.exit(1);
});
