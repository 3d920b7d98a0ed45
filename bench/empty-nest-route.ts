/**
 * The yardstick for this benchmark: "an empty NestJS route" (the default Express platform,
 * one controller returning a constant), which the issue quotes at about 4,100 req/s, p99 14 ms, on
 * its 2-core machine at 10 connections. bench:api starts this in its own process and drives it with
 * the same load as the real scenarios, so a run says how fast the machine it ran on was against the
 * machine the targets were set on.
 *
 * Run alone: PORT=3100 npx ts-node --transpile-only bench/empty-nest-route.ts
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class EmptyController {
  @Get()
  empty(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [EmptyController] })
class EmptyModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(EmptyModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
}

void main();
