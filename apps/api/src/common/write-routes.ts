import { applyDecorators, Delete as NestDelete, Patch as NestPatch, Post as NestPost, Put as NestPut, UseGuards } from '@nestjs/common';
import { IdempotencyGuard } from './idempotency';

/*
 * The route decorators for writes: Nest's own, each with the Idempotency-Key guard (common/idempotency.ts),
 * so every write honours the header. Controllers take Post, Put, Patch and Delete from here: lint
 * forbids Nest's, and test/repeats.e2e-spec.ts checks every route of the app.
 */
type RoutePath = string | string[];

const idempotent =
  (route: (path?: RoutePath) => MethodDecorator) =>
  (path?: RoutePath): MethodDecorator =>
    applyDecorators(route(path), UseGuards(IdempotencyGuard));

export const Post = idempotent(NestPost);
export const Put = idempotent(NestPut);
export const Patch = idempotent(NestPatch);
export const Delete = idempotent(NestDelete);
