import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { mapApiErrorToForm } from './form-errors';

const validation = (fields: { field: string; code: string; message: string }[]) =>
  ApiError.from(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查标注的字段', fields });

describe('mapApiErrorToForm', () => {
  it('puts each field error next to its input, without the field name the label already shows', () => {
    const error = validation([
      { field: 'percent', code: 'MAX', message: 'percent：不能大于 100' },
      { field: 'text', code: 'IS_NOT_EMPTY', message: 'text：必须填写' },
      { field: 'text', code: 'MAX_LENGTH', message: 'text：不能超过 5000 个字符' },
    ]);
    const mapped = mapApiErrorToForm(error, ['text', 'percent']);
    expect(mapped.fields).toEqual([
      { name: ['percent'], errors: ['不能大于 100'] },
      { name: ['text'], errors: ['必须填写', '不能超过 5000 个字符'] },
    ]);
    expect(mapped.summary).toBe('提交的内容有误，请检查标注的字段');
  });

  it('turns nested paths into antd name paths (items.0.version → ["items", 0, "version"])', () => {
    const mapped = mapApiErrorToForm(validation([{ field: 'items.0.version', code: 'IS_INT', message: 'items.0.version：必须是整数' }]), ['items']);
    expect(mapped.fields).toEqual([{ name: ['items', 0, 'version'], errors: ['必须是整数'] }]);
  });

  it('keeps errors of fields the form lacks in the summary, so none is lost', () => {
    const mapped = mapApiErrorToForm(validation([{ field: 'unitId', code: 'IS_UUID', message: 'unitId：格式不正确' }]), ['text']);
    expect(mapped.fields).toEqual([]);
    expect(mapped.summary).toBe('提交的内容有误，请检查标注的字段；unitId：格式不正确');
  });

  it('maps an API field name onto a differently named form field', () => {
    const mapped = mapApiErrorToForm(validation([{ field: 'proposedDate', code: 'IS_DATE', message: 'proposedDate：日期格式不正确' }]), ['date'], {
      proposedDate: 'date',
    });
    expect(mapped.fields).toEqual([{ name: ['date'], errors: ['日期格式不正确'] }]);
  });

  it('shows a conflict or any other coded error as the summary, in Chinese', () => {
    const conflict = ApiError.from(409, { code: 'VERSION_CONFLICT', message: '内容已被他人修改，请刷新后重试' });
    expect(mapApiErrorToForm(conflict, ['text'])).toEqual({ fields: [], summary: '内容已被他人修改，请刷新后重试' });
  });

  it('falls back to a Chinese message when the response had no body, and for non-API errors', () => {
    expect(ApiError.from(413, undefined).message).toBe('文件超过大小限制');
    expect(ApiError.from(502, undefined).message).toBe('服务器暂时无法处理，请稍后重试');
    expect(mapApiErrorToForm(new TypeError('boom'), ['text']).summary).toBe('操作未能完成，请稍后重试');
  });
});
