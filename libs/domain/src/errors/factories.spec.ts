import { DomainError } from './domain-error';
import { noUnit, taskNotFound, validationFailed, versionConflict, versionRequired } from './factories';

describe('error factories', () => {
  it('build the same kind, code and message wherever they are raised', () => {
    expect(taskNotFound()).toMatchObject({ kind: 'not_found', code: 'TASK_NOT_FOUND', message: '未找到该任务' });
    expect(taskNotFound()).toBeInstanceOf(DomainError);
    expect(noUnit('无法查看通知')).toMatchObject({ kind: 'forbidden', code: 'NO_UNIT', message: '账号未绑定单位，无法查看通知' });
    const fields = [{ field: 'name', code: 'IS_DEFINED', message: 'name：必须填写' }];
    expect(validationFailed(fields)).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', details: { fields } });
  });

  it('report only the versions that are known', () => {
    expect(versionConflict(3, 4).details).toEqual({ expectedVersion: 3, currentVersion: 4 });
    expect(versionConflict(3).details).toEqual({ expectedVersion: 3 });
    expect(versionConflict().details).toEqual({});
    expect(versionConflict()).toMatchObject({ kind: 'conflict', code: 'VERSION_CONFLICT' });
  });

  it('default the version-required message and keep a caller’s own', () => {
    expect(versionRequired()).toMatchObject({
      kind: 'precondition_missing',
      code: 'VERSION_REQUIRED',
      message: '请提供读取时的版本号（version 字段或 If-Match 头）',
    });
    expect(versionRequired('本期进展已存在', { reportId: 'r' })).toMatchObject({ message: '本期进展已存在', details: { reportId: 'r' } });
  });
});
