/**
 * One factory per error raised in more than one place, so its kind, code and Chinese message
 * cannot drift apart between features. Errors raised in one place stay where they are raised.
 */
import { DomainError, type FieldError } from './domain-error';

export const taskNotFound = (): DomainError => new DomainError('not_found', 'TASK_NOT_FOUND', '未找到该任务');
export const reportNotFound = (): DomainError => new DomainError('not_found', 'REPORT_NOT_FOUND', '未找到该进展报告');
export const noticeNotFound = (): DomainError => new DomainError('not_found', 'NOTICE_NOT_FOUND', '未找到该督办');
export const documentNotFound = (): DomainError => new DomainError('not_found', 'DOCUMENT_NOT_FOUND', '未找到该文件');
export const extensionNotFound = (): DomainError => new DomainError('not_found', 'EXTENSION_NOT_FOUND', '未找到该延期申请');
export const unitNotFound = (): DomainError => new DomainError('not_found', 'UNIT_NOT_FOUND', '未找到该单位');
export const measureNotFound = (): DomainError => new DomainError('not_found', 'MEASURE_NOT_FOUND', '未找到该政策措施');

/**
 * An import the server cannot read: refused by its file name (`name`) or by its bytes (`content`,
 * a renamed binary); `supportedZh` says which types are accepted.
 */
export const importUnsupportedType = (by: 'name' | 'content', supportedZh: string): DomainError =>
  new DomainError('unsupported', 'IMPORT_UNSUPPORTED_TYPE', `${by === 'name' ? '不支持' : '无法识别'}的文件类型。${supportedZh}`);

/** A report already submitted or accepted is changed: its content (`report`) or its attachments. */
export const reportNotEditable = (what: 'report' | 'attachments', details: Record<string, unknown>): DomainError =>
  new DomainError('conflict', 'REPORT_NOT_EDITABLE', what === 'report' ? '本期进展已报送，不能再修改' : '报告已报送，不能再修改附件', details);

/** The actor's account has no unit, so `consequenceZh` (e.g. 无法访问任务) follows. */
export const noUnit = (consequenceZh: string): DomainError => new DomainError('forbidden', 'NO_UNIT', `账号未绑定单位，${consequenceZh}`);

/** Field-level refusals found outside the validation pipe (the pipe answers with the same code and message). */
export const validationFailed = (fields: FieldError[]): DomainError =>
  new DomainError('invalid', 'VALIDATION_FAILED', '提交的内容有误，请检查标注的字段', { fields });

/**
 * A stale write: the record changed since the client read it. The versions are reported when
 * known (a unique-index race knows neither).
 */
export function versionConflict(expectedVersion?: number, currentVersion?: number): DomainError {
  return new DomainError('conflict', 'VERSION_CONFLICT', '数据已被他人修改，请刷新后重试', {
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    ...(currentVersion !== undefined ? { currentVersion } : {}),
  });
}

/** A write that must say which version it read did not. */
export function versionRequired(
  message = '请提供读取时的版本号（version 字段或 If-Match 头）',
  details: ConstructorParameters<typeof DomainError>[3] = {},
): DomainError {
  return new DomainError('precondition_missing', 'VERSION_REQUIRED', message, details);
}
