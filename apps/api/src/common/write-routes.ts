import { applyDecorators, Delete as NestDelete, Patch as NestPatch, Post as NestPost, Put as NestPut, UseGuards } from '@nestjs/common';
import { IdempotencyGuard } from './idempotency';

/*
 * The route decorators for writes: Nest's own, each with the Idempotency-Key guard (common/idempotency.ts),
 * so every write honours the header. Controllers take Post, Put, Patch and Delete from here: lint
 * forbids Nest's, and test/repeats.e2e-spec.ts checks every route of the app.
 */
type RoutePath = string | string[];

export const Post = (path?: RoutePath): MethodDecorator => applyDecorators(NestPost(path), UseGuards(IdempotencyGuard));
export const Put = (path?: RoutePath): MethodDecorator => applyDecorators(NestPut(path), UseGuards(IdempotencyGuard));
export const Patch = (path?: RoutePath): MethodDecorator => applyDecorators(NestPatch(path), UseGuards(IdempotencyGuard));
export const Delete = (path?: RoutePath): MethodDecorator => applyDecorators(NestDelete(path), UseGuards(IdempotencyGuard));
