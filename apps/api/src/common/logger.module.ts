import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';

/**
 * Structured JSON logs. pino-http logs one line per request under the request id Fastify
 * assigned (`createHttpAdapter`: kept from X-Request-Id when well-formed, echoed in the
 * response). Request lines carry method, path, status and timing but no headers, so no
 * credential (Authorization, cookies) can reach the log and nothing needs redacting.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          serializers: {
            req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string }) => ({
              id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress,
            }),
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
        },
      }),
    }),
  ],
})
export class AppLoggerModule {}
