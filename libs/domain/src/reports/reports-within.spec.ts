import { reportsWithin } from './reports-within';

describe('reportsWithin', () => {
  it('a monthly rollup counts the month, the weeks whose Sunday is in it and its three 旬', () => {
    // November 2026: Sunday 1 November ends 2026-W44; Sunday 29 November ends W48; W49 ends on 6 December
    expect(reportsWithin('monthly', '2026-11')).toEqual({
      cadences: ['monthly', 'weekly', 'dekad'],
      keys: ['2026-11', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-11-1', '2026-11-2', '2026-11-3'],
      lastKey: { monthly: '2026-11', weekly: '2026-W48', dekad: '2026-11-3' },
    });
  });

  it('a week across the new year belongs to the month of its Sunday', () => {
    // 2026-W53 runs Monday 28 December 2026 to Sunday 3 January 2027
    expect(reportsWithin('monthly', '2026-12').keys).not.toContain('2026-W53');
    expect(reportsWithin('monthly', '2027-01').keys).toContain('2026-W53');
  });

  it('weekly and 旬 rollups count their own period only', () => {
    expect(reportsWithin('weekly', '2026-W48')).toEqual({ cadences: ['weekly'], keys: ['2026-W48'], lastKey: { weekly: '2026-W48' } });
    expect(reportsWithin('dekad', '2026-11-2')).toEqual({ cadences: ['dekad'], keys: ['2026-11-2'], lastKey: { dekad: '2026-11-2' } });
  });
});
