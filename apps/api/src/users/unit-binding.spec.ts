import { unitBindingError } from './unit-binding';

describe('unitBindingError', () => {
  const unitId = '00000000-0000-4000-8000-000000000001';

  it('requires a unit for bureau users', () => {
    expect(unitBindingError('bureau', unitId)).toBeNull();
    expect(unitBindingError('bureau', null)?.code).toBe('UNIT_REQUIRED');
    expect(unitBindingError('bureau', undefined)?.code).toBe('UNIT_REQUIRED');
  });

  it('refuses a unit for office and leader users', () => {
    expect(unitBindingError('office', null)).toBeNull();
    expect(unitBindingError('leader', undefined)).toBeNull();
    expect(unitBindingError('office', unitId)?.code).toBe('UNIT_NOT_ALLOWED');
    expect(unitBindingError('leader', unitId)?.code).toBe('UNIT_NOT_ALLOWED');
  });
});
