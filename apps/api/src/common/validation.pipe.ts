import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@luoshi/domain/errors';
import type { ErrorBody } from './error-body';

/** Chinese messages per class-validator constraint; the constraint name becomes the stable code. */
const MESSAGES_ZH: Record<string, string> = {
  whitelistValidation: '不允许提交该字段',
  isDefined: '必须填写',
  isNotEmpty: '不能为空',
  isString: '必须是文本',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isBoolean: '必须是布尔值',
  isUUID: '必须是有效的编号',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  isISO8601: '必须是有效日期（YYYY-MM-DD）',
  isDateString: '必须是有效日期（YYYY-MM-DD）',
  matches: '格式不正确',
  min: '数值过小',
  max: '数值过大',
  minLength: '长度过短',
  maxLength: '长度过长',
  arrayMinSize: '至少需要一项',
  arrayMaxSize: '项目过多',
  isArray: '必须是列表',
  isObject: '必须是对象',
  nestedValidation: '内容格式不正确',
  isEmail: '必须是有效的邮箱地址',
  dateInWindow: '必须是 2000-01-01 至 2100-12-31 之间的有效日期（YYYY-MM-DD）',
  periodInWindow: '必须是 2000 至 2100 年间的调度周期（如 2022-05、2022-W18、2022-05-2）',
};

/** Constraints whose code is not their upper-cased name. */
const CODES: Record<string, string> = {
  whitelistValidation: 'FIELD_NOT_ALLOWED',
  dateInWindow: 'DATE_INVALID',
  periodInWindow: 'PERIOD_INVALID',
};

function toCode(constraint: string): string {
  if (CODES[constraint]) return CODES[constraint];
  return constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((constraint) => ({
      field,
      code: toCode(constraint),
      message: `${field}：${MESSAGES_ZH[constraint] ?? '内容不正确'}`,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Whitelisting, transforming validation with field-level Chinese errors (400 VALIDATION_FAILED). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const body: ErrorBody = {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: '提交的内容有误，请检查标注的字段',
        fields: flattenValidationErrors(errors),
      };
      return new BadRequestException(body);
    },
  });
}
