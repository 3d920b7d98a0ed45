/** The API's one error shape (apps/api/src/common/error-body.ts). */
export interface FieldErrorBody {
  field: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
  fields?: FieldErrorBody[];
  details?: Record<string, unknown>;
  requestId?: string;
}

/** Messages for when the API gave no Chinese message of its own (no body, a proxy's page, the network). */
const FALLBACK_BY_STATUS: Record<number, string> = {
  401: '登录已过期，请重新登录',
  403: '无权访问',
  404: '未找到该内容',
  413: '文件超过大小限制',
  429: '操作过于频繁，请稍后再试',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrorBody[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static from(status: number, body: ErrorBody | undefined): ApiError {
    const message = body?.message ?? FALLBACK_BY_STATUS[status] ?? (status >= 500 ? '服务器暂时无法处理，请稍后重试' : '请求未能完成');
    return new ApiError(status, body?.code ?? `HTTP_${status}`, message, body?.fields ?? [], body?.details ?? {});
  }

  static network(): ApiError {
    return new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }

  /** Another unit's object or a role's forbidden page: the API answers 403, or 404 to hide that it exists. */
  get isForbiddenOrMissing(): boolean {
    return this.status === 403 || this.status === 404;
  }
}
