import { describe, expect, it } from 'vitest';
import { correctionsOf, previewRows, type Preview } from './corrections';

const deadline = (date: string | null, precision = 'month') => ({ text: date ?? '长期', date, precision });
const preview = {
  document: {} as Preview['document'],
  sections: [],
  stats: {} as Preview['stats'],
  measures: [
    {
      number: '15',
      parent: null,
      section: null,
      title: '稳外贸',
      applicable: true,
      notApplicableReason: null,
      upstreamText: null,
      upstreamLeads: [],
      goal: null,
      body: null,
      lead: null,
      units: [],
      contacts: [],
      deadline: null,
      line: 360,
      tasks: [
        { kind: 'work', ordinal: 1, text: '做好外贸', units: ['区商务局'], assignments: [], deadline: deadline('2022-12-31'), line: 365 },
        { kind: 'safeguard', ordinal: 1, text: '落实责任', units: ['区商务局'], assignments: [], deadline: deadline('2022-12-31', 'default'), line: 372 },
      ],
    },
    {
      number: '2',
      parent: null,
      section: null,
      title: '不涉及的措施',
      applicable: false,
      notApplicableReason: '我区无此产业',
      upstreamText: null,
      upstreamLeads: [],
      goal: null,
      body: null,
      lead: null,
      units: [],
      contacts: [],
      deadline: null,
      line: 20,
      tasks: [],
    },
  ],
  warnings: [{ line: 372, code: 'TASK_UNIT_INHERITED', message: '第15项保障措施第1条未注明责任单位和完成时限', measure: '15' }],
} as unknown as Preview;

describe('import desk corrections', () => {
  it('puts each warning on the row of its line', () => {
    const rows = previewRows(preview);
    expect(rows.map((row) => [row.key, row.warnings.map((w) => w.code)])).toEqual([
      ['15#0', []],
      ['15#1', ['TASK_UNIT_INHERITED']],
      ['2', []],
    ]);
    expect(rows[2].text).toContain('不涉及：我区无此产业');
  });

  it('sends only what the office changed, per task, plus the aliases', () => {
    const rows = previewRows(preview);
    const body = correctionsOf(rows, { '15#1': { date: '2022-09-30', units: ['区商务局', '区财政局'] }, '15#0': { units: ['区商务局'], date: '2022-12-31' } }, [
      { alias: '区商务委', unit: '区商务局' },
    ]);
    expect(body).toEqual({
      assignments: [{ measure: '15', taskIndex: 1, units: ['区商务局', '区财政局'] }],
      deadlines: [{ measure: '15', taskIndex: 1, date: '2022-09-30' }],
      aliases: [{ alias: '区商务委', unit: '区商务局' }],
    });
    expect(correctionsOf(rows, { '15#0': { ongoing: true } }, [])).toEqual({ deadlines: [{ measure: '15', taskIndex: 0, ongoing: true }] });
    expect(correctionsOf(rows, {}, [])).toEqual({});
  });
});
