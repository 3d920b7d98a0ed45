import { applyDecorators, Delete as NestDelete, Patch as NestPatch, Post as NestPost, Put as NestPut, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/*
 * The route decorators for writes: Nest's own, each with the Idempotency-Key interceptor, so every
 * write honours the header and no read runs an interceptor at all. (Nest runs a route with
 * interceptors through an RxJS pipeline and binds two AsyncResources per request, ~15 µs each on
 * Node 20; GET routes skip all of it.) Controllers take Post, Put, Patch and Delete from here: lint
 * forbids Nest's, and test/repeats.e2e-spec.ts checks every route of the app.
 */
type RoutePath = string | string[];

export const Post = (path?: RoutePath): MethodDecorator => applyDecorators(NestPost(path), UseInterceptors(IdempotencyInterceptor));
export const Put = (path?: RoutePath): MethodDecorator => applyDecorators(NestPut(path), UseInterceptors(IdempotencyInterceptor));
export const Patch = (path?: RoutePath): MethodDecorator => applyDecorators(NestPatch(path), UseInterceptors(IdempotencyInterceptor));
export const Delete = (path?: RoutePath): MethodDecorator => applyDecorators(NestDelete(path), UseInterceptors(IdempotencyInterceptor));
