import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';

/**
 * Structured JSON logs (pino) for Nest's Logger. Requests are logged by one Fastify hook
 * (common/request-logging.ts) rather than nestjs-pino's pino-http middleware, which built a
 * child logger and an AsyncLocalStorage scope per request.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL }, forRoutes: [] }),
    }),
  ],
})
export class AppLoggerModule {}
