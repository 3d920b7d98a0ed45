import { UnitResolver } from '../units/unit-resolver';
import { isAssignment, parseAssignment, splitTrailingAssignment, splitTrailingParenthesis } from './assignment';
import type { UnitRole } from './preview.types';

const resolver = new UnitResolver();

/** [canonical unit, role, sections] per unit, leads first */
type Expected = [string, UnitRole, string[]][];

function unitsOf(inner: string, firstListedLeads = true): Expected {
  return parseAssignment(inner, resolver, { firstListedLeads }).units.map((unit) => [unit.unit, unit.role, unit.sections]);
}

describe('parseAssignment', () => {
  const cases: [string, string, Expected, string | null][] = [
    [
      'lead with section, co-unit, deadline (003 item 1)',
      '牵头单位：区发展改革局，责任科室：商贸流通和社会事业科；责任单位：区财政局；完成时限：2022年12月',
      [
        ['区发展改革局', 'lead', ['商贸流通和社会事业科']],
        ['区财政局', 'co', []],
      ],
      '2022年12月',
    ],
    [
      'no 牵头单位: the 责任单位 leads (003 item 1 safeguard 1)',
      '责任单位：区财政局，责任科室：政府债务管理科，完成时限：2022年12月',
      [['区财政局', 'lead', ['政府债务管理科']]],
      '2022年12月',
    ],
    [
      'co-units each with their section, one of them bare (003 item 14)',
      '牵头单位：区工业和信息化局，责任科室：投资发展科；责任单位：区财政局，责任科室：工商贸易科；区住房和城乡建设局，责任科室：区公用事业服务中心；完成时限：2022年12月',
      [
        ['区工业和信息化局', 'lead', ['投资发展科']],
        ['区财政局', 'co', ['工商贸易科']],
        ['区住房城乡建设局', 'co', ['区公用事业服务中心']],
      ],
      '2022年12月',
    ],
    [
      'a bare section after a bare unit (003 item 27)',
      '牵头单位：区发展改革局，责任科室：动能转换推进科；责任单位：区科技局，责任科室：综合管理科；区财政局，经济建设科；完成时限：2022年12月',
      [
        ['区发展改革局', 'lead', ['动能转换推进科']],
        ['区科技局', 'co', ['综合管理科']],
        ['区财政局', 'co', ['经济建设科']],
      ],
      '2022年12月',
    ],
    [
      'a bare deadline (003 item 27 safeguard 3)',
      '牵头单位：区发展改革局，责任科室：动能转换推进科，2022年12月',
      [['区发展改革局', 'lead', ['动能转换推进科']]],
      '2022年12月',
    ],
    [
      'two leads (003 item 47)',
      '牵头单位：区发展改革局，责任科室：能源科；牵头单位：区商务局，责任科室：商贸流通科，完成时限：2022年12月',
      [
        ['区发展改革局', 'lead', ['能源科']],
        ['区商务局', 'lead', ['商贸流通科']],
      ],
      '2022年12月',
    ],
    [
      'collectives and comma-separated lists (003 item 15)',
      '牵头单位：区商务局，责任科室：商贸流通科；责任单位：各镇、街道，周村经济开发区，区统计局、区发展改革局；完成时限：长期',
      [
        ['区商务局', 'lead', ['商贸流通科']],
        ['各镇、街道', 'co', []],
        ['周村经济开发区', 'co', []],
        ['区统计局', 'co', []],
        ['区发展改革局', 'co', []],
      ],
      '长期',
    ],
    [
      '责任单位 listed first, 牵头单位 later',
      '责任单位：区发展改革局、区财政局，牵头单位：区人防办，完成时限：2022年12月',
      [
        ['区人防办', 'lead', []],
        ['区发展改革局', 'co', []],
        ['区财政局', 'co', []],
      ],
      '2022年12月',
    ],
    [
      'a unit named twice is one unit, with both sections',
      '牵头单位：区民政局，责任科室：社会救助服务中心；牵头单位：区民政局，责任科室：慈善事业促进和社会工作科',
      [['区民政局', 'lead', ['社会救助服务中心', '慈善事业促进和社会工作科']]],
      null,
    ],
    [
      'measures style: first listed leads (001)',
      '责任单位：市农业农村局、市海洋发展和渔业局、市财政局',
      [
        ['市农业农村局', 'lead', []],
        ['市海洋发展和渔业局', 'co', []],
        ['市财政局', 'co', []],
      ],
      null,
    ],
    ['traditional keys, once normalised', '配合单位：区财政局，时间节点：2022年6月', [['区财政局', 'co', []]], '2022年6月'],
  ];

  it.each(cases)('%s', (_name, inner, units, deadline) => {
    expect(unitsOf(inner)).toEqual(units);
    expect(parseAssignment(inner, resolver).deadlineText).toBe(deadline);
  });

  it('returns the sentences after the first as remarks (001 measure 1)', () => {
    const assignment = parseAssignment('责任单位：市农业农村局，各区市政府、管委。以下措施责任单位均包括各区市政府、管委，不再一一列出', resolver);
    expect(assignment.units.map((unit) => [unit.unit, unit.role, unit.collective ?? false])).toEqual([
      ['市农业农村局', 'lead', false],
      ['各区市政府、管委', 'co', true],
    ]);
    expect(assignment.remarks).toEqual(['以下措施责任单位均包括各区市政府、管委，不再一一列出']);
  });

  it('lists no lead when the document says the order means nothing', () => {
    expect(unitsOf('责任单位：区财政局、区商务局', false)).toEqual([
      ['区财政局', 'co', []],
      ['区商务局', 'co', []],
    ]);
  });

  it('reports fields it cannot read', () => {
    expect(parseAssignment('其他说明：无，完成时限：2022年12月', resolver).unread).toEqual(['其他说明：无']);
  });
});

describe('trailing parentheses', () => {
  it('splits the last balanced parenthesis off the text', () => {
    expect(splitTrailingParenthesis('正文（含说明）。（牵头单位：区财政局（预算科））')).toEqual({
      body: '正文（含说明）。',
      inner: '牵头单位：区财政局（预算科）',
    });
    expect(splitTrailingParenthesis('正文。')).toBeNull();
  });

  it('takes only assignments', () => {
    expect(splitTrailingAssignment('正文。（牵头单位：省发展改革委）')).not.toBeNull();
    expect(splitTrailingAssignment('加大宣传力度。（根据《道路运输条例》，职责在省级）')).toBeNull();
    expect(isAssignment('完成时限：2022年12月')).toBe(true);
    expect(isAssignment('区商务局牵头，联系人：马骏')).toBe(false);
  });
});
