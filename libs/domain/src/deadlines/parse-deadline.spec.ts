import { chineseDigitsToNumber, chineseNumeralToNumber } from './chinese-numerals';
import { findDefaultDeadline, findStatedDefaultDeadline } from './default-deadline';
import type { DeadlinePrecision } from './deadline.types';
import { cleanDeadlineText, parseDeadline } from './parse-deadline';

describe('parseDeadline', () => {
  const cases: [string, string | null, DeadlinePrecision][] = [
    // months → last day of the month
    ['2022年12月', '2022-12-31', 'month'],
    ['2022 年 12 月', '2022-12-31', 'month'],
    ['2022年2月', '2022-02-28', 'month'],
    ['2024年2月', '2024-02-29', 'month'],
    ['2022年3月底前', '2022-03-31', 'month'],
    ['2022年6月底前完成', '2022-06-30', 'month'],
    ['2022年4月份', '2022-04-30', 'month'],
    ['2022.12', '2022-12-31', 'month'],
    // year ends
    ['2022年年底', '2022-12-31', 'year'],
    ['2022年底前', '2022-12-31', 'year'],
    ['2022年年底前', '2022-12-31', 'year'],
    ['2024年全年', '2024-12-31', 'year'],
    ['2022年', '2022-12-31', 'year'],
    ['年底前', '2023-12-31', 'year'],
    ['年内', '2023-12-31', 'year'],
    // days
    ['2022年6月30日', '2022-06-30', 'day'],
    ['2022年6月30日前', '2022-06-30', 'day'],
    ['2024-03-31', '2024-03-31', 'day'],
    ['2024/3/1', '2024-03-01', 'day'],
    ['6月30日前', '2023-06-30', 'day'],
    ['2022年6月上旬', '2022-06-10', 'day'],
    ['2022年6月中旬', '2022-06-20', 'day'],
    // quarters and halves
    ['2022年第二季度', '2022-06-30', 'quarter'],
    ['2022年第一季度', '2022-03-31', 'quarter'],
    ['2022年四季度', '2022-12-31', 'quarter'],
    ['第3季度', '2023-09-30', 'quarter'],
    ['2022年上半年', '2022-06-30', 'quarter'],
    ['2022年下半年', '2022-12-31', 'year'],
    // ranges → the end
    ['2022年3月-12月', '2022-12-31', 'month'],
    ['2022年3月至6月', '2022-06-30', 'month'],
    ['2022年3-6月', '2022-06-30', 'month'],
    ['2023年—2025年', '2025-12-31', 'year'],
    ['2022.3-2022.9', '2022-09-30', 'month'],
    ['到2024年底', '2024-12-31', 'year'],
    // Chinese numerals
    ['二〇二二年十二月', '2022-12-31', 'month'],
    ['2022年三月底前', '2022-03-31', 'month'],
    ['2022年十二月三十一日', '2022-12-31', 'day'],
    ['２０２２年１２月', '2022-12-31', 'month'],
    // ongoing
    ['长期', null, 'ongoing'],
    ['长期坚持', null, 'ongoing'],
    ['持续推进', null, 'ongoing'],
    ['常态化推进', null, 'ongoing'],
  ];

  it.each(cases)('%s → %s (%s)', (text, date, precision) => {
    expect(parseDeadline(text, { defaultYear: 2023 })).toEqual({ text: cleanDeadlineText(text), date, precision });
  });

  it('keeps the text as written, cleaned of PDF spaces and a repeated key', () => {
    expect(parseDeadline('完成时限：完成时限：2022 年 12 月')).toEqual({
      text: '2022年12月',
      date: '2022-12-31',
      precision: 'month',
    });
  });

  it.each([['尽快完成'], [''], ['   '], ['三个月内'], ['2022年13月'], ['2022年2月30日']])('returns null for %p', (text) => {
    expect(parseDeadline(text, { defaultYear: 2023 })).toBeNull();
  });

  it('returns null for a deadline without year when no default year is given', () => {
    expect(parseDeadline('年底前')).toBeNull();
    expect(parseDeadline('6月底')).toBeNull();
  });
});

describe('findDefaultDeadline', () => {
  it('reads a stated default: 除标明具体实施期限外,均为2024年全年实施有效', () => {
    const text = '本通知明确的各项政策除标明具体实施期限外,均为2024年全年实施有效。国家、省、市制定实施相关政策措施,遵照执行。';
    expect(findDefaultDeadline(text, 2023)).toEqual({
      text: '除标明具体实施期限外,均为2024年全年实施有效',
      date: '2024-12-31',
      precision: 'year',
    });
  });

  it('reads a stated validity period: 有效期至2025年12月31日', () => {
    expect(findStatedDefaultDeadline('本措施自印发之日起施行，有效期至2025年12月31日。')).toMatchObject({
      date: '2025-12-31',
      precision: 'day',
    });
  });

  it("falls back to the year's end with precision 'default'", () => {
    expect(findDefaultDeadline('没有期限说明的文件。', 2022)).toEqual({
      text: '2022年',
      date: '2022-12-31',
      precision: 'default',
    });
    expect(findStatedDefaultDeadline('没有期限说明的文件。')).toBeNull();
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['七十四', 74],
    ['一百零五', 105],
    ['两', 2],
  ])('%s → %d', (numeral, value) => {
    expect(chineseNumeralToNumber(numeral)).toBe(value);
  });

  it('rejects what is no numeral', () => {
    expect(chineseNumeralToNumber('')).toBeNull();
    expect(chineseNumeralToNumber('十a')).toBeNull();
  });

  it('reads years digit by digit', () => {
    expect(chineseDigitsToNumber('二〇二二')).toBe(2022);
    expect(chineseDigitsToNumber('二零二四')).toBe(2024);
    expect(chineseDigitsToNumber('二十')).toBeNull();
  });
});

describe('deadline forms seen in other documents', () => {
  it.each([
    ['每季度末', null, 'ongoing'],
    ['每月底前', null, 'ongoing'],
    ['2024年第三季度', '2024-09-30', 'quarter'],
    ['上半年', '2023-06-30', 'quarter'],
    ['6月底前', '2023-06-30', 'month'],
    ['年底前', '2023-12-31', 'year'],
  ] as const)('%s → %s (%s)', (text, date, precision) => {
    expect(parseDeadline(text, { defaultYear: 2023 })).toEqual({ text, date, precision });
  });

  it('reads a document-wide rule: 未注明时限的，均于…前完成', () => {
    expect(findStatedDefaultDeadline('以上措施未注明完成时限的，均于2024年11月底前完成。')).toMatchObject({ date: '2024-11-30', precision: 'month' });
    expect(findStatedDefaultDeadline('未明确时限的任务，须在2024年底前完成。')).toMatchObject({ date: '2024-12-31', precision: 'year' });
  });
});
