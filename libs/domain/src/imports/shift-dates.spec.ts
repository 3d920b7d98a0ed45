import type { ImportPreview } from '../parser/preview.types';
import { shiftPreviewDates } from './shift-dates';

const preview = {
  document: {
    title: 'T',
    issuer: null,
    docNumber: null,
    issueDate: '2022-04-08',
    level: 'district',
    defaultYear: 2022,
    shape: 'compendium',
    defaultDeadline: { text: '2022年', date: '2022-12-31', precision: 'default' },
  },
  sections: [],
  measures: [
    {
      number: '1',
      deadline: { text: '2022年12月', date: '2022-12-31', precision: 'month' },
      tasks: [
        { kind: 'work', ordinal: 1, text: 'a', deadline: { text: '2022年12月', date: '2022-12-31', precision: 'month' } },
        { kind: 'work', ordinal: 2, text: 'b', deadline: { text: '长期', date: null, precision: 'ongoing' } },
      ],
    },
  ],
  warnings: [],
} as unknown as ImportPreview;

describe('shiftPreviewDates', () => {
  it('moves the issue date and every dated deadline, saying the new day; ongoing stays', () => {
    const shifted = shiftPreviewDates(preview, 1436);
    expect(shifted.document.issueDate).toBe('2026-03-14');
    expect(shifted.document.defaultDeadline).toEqual({ text: '2026年12月6日', date: '2026-12-06', precision: 'day' });
    expect(shifted.measures[0].deadline).toEqual({ text: '2026年12月6日', date: '2026-12-06', precision: 'day' });
    expect(shifted.measures[0].tasks.map((t) => t.deadline)).toEqual([
      { text: '2026年12月6日', date: '2026-12-06', precision: 'day' },
      { text: '长期', date: null, precision: 'ongoing' },
    ]);
    // the input is left as it was
    expect(preview.measures[0].tasks[0].deadline.date).toBe('2022-12-31');
  });

  it('refuses a fractional shift', () => {
    expect(() => shiftPreviewDates(preview, 1.5)).toThrow(/integer/);
  });
});
