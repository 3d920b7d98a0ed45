import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import { REDIS } from '../redis/redis.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { PrincipalCache } from './principal-cache';
import { AppThrottlerGuard, throttlerOptions } from './rate-limit';
import { RefusalAuditService } from './refusal-audit.service';
import { RolesGuard } from './roles.guard';
import { JWT_AUDIENCE, JWT_ISSUER } from './tokens';

/**
 * Authentication and route-level authorization. The guards are APP_GUARD providers, so the
 * e2e tests run exactly the production stack. Order matters and is the order below:
 * authenticate → authorize → rate-limit (the limiter needs to know who is authenticated).
 */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a
        // PEM key on every sign/verify and pays ~1-2 ms for the thrown OpenSSL error (measured).
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.ACCESS_TOKEN_TTL_SECONDS, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
        // pinning the algorithm rejects `alg: none` and tokens signed with any other scheme
        verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => throttlerOptions(config, redis),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PrincipalCache,
    RefusalAuditService,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
  ],
  exports: [AuthService, PrincipalCache, RefusalAuditService],
})
export class AuthModule {}
