import { ClsModule } from 'nestjs-cls';

/** Keys of the per-request context (AsyncLocalStorage via nestjs-cls). */
export const REQUEST_ID_KEY = 'requestId';
/** set by the auth guard once the caller is authenticated */
export const USER_KEY = 'user';

/** Starts a context for every HTTP request, carrying the request id nestjs-pino assigned. */
export const RequestContextModule = ClsModule.forRoot({
  global: true,
  middleware: {
    mount: true,
    setup: (cls, req: { id?: unknown }) => {
      cls.set(REQUEST_ID_KEY, req.id === undefined ? undefined : String(req.id));
    },
  },
});
