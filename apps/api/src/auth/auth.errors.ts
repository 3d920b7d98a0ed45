import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '@luoshi/domain/errors';
import type { ErrorBody } from '../common/error-body';

/**
 * Authentication failures. Codes are stable for clients; messages are shown to users.
 * Login failures are deliberately generic (no hint whether the username exists).
 */
export const AuthErrors = {
  invalidCredentials: () => new DomainError('unauthenticated', 'INVALID_CREDENTIALS', '用户名或密码错误'),
  missingToken: () => new DomainError('unauthenticated', 'UNAUTHENTICATED', '请先登录'),
  invalidToken: () => new DomainError('unauthenticated', 'INVALID_TOKEN', '登录凭证无效，请重新登录'),
  tokenExpired: () => new DomainError('unauthenticated', 'TOKEN_EXPIRED', '登录已过期，请重新登录'),
  tokenRevoked: () => new DomainError('unauthenticated', 'TOKEN_REVOKED', '登录状态已失效，请重新登录'),
  sessionEnded: () => new DomainError('unauthenticated', 'SESSION_ENDED', '您已退出登录，请重新登录'),
  userDisabled: () => new DomainError('unauthenticated', 'USER_DISABLED', '账号已停用，请联系统筹办'),
  invalidRefreshToken: () => new DomainError('unauthenticated', 'INVALID_REFRESH_TOKEN', '刷新凭证无效，请重新登录'),
  refreshTokenExpired: () => new DomainError('unauthenticated', 'REFRESH_TOKEN_EXPIRED', '刷新凭证已过期，请重新登录'),
  refreshTokenReused: () => new DomainError('unauthenticated', 'REFRESH_TOKEN_REUSED', '检测到刷新凭证被重复使用，该账号的全部登录已注销，请重新登录'),
};

/** 429 in the shared ErrorBody shape (DomainError has no rate-limit kind). */
export function tooManyRequests(code: string, message: string): HttpException {
  const body: ErrorBody = { statusCode: HttpStatus.TOO_MANY_REQUESTS, code, message };
  return new HttpException(body, HttpStatus.TOO_MANY_REQUESTS);
}
