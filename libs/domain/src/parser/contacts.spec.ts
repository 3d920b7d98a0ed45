import { UnitResolver } from '../units/unit-resolver';
import { isContactLine, parseContactLine } from './contacts';

const resolver = new UnitResolver();

describe('parseContactLine', () => {
  const cases: [string, string, string[], [string, string | null, string | null][]][] = [
    ['one contact', '（区发展改革局牵头，联系人：王迎新，联系电话：6195196）', ['区发展改革局'], [['王迎新', '6195196', '区发展改革局']]],
    ['电话 instead of 联系电话', '（区财政局牵头，联系人：陈云，电话：7878152）', ['区财政局'], [['陈云', '7878152', '区财政局']]],
    ['； between name and phone', '（区服务业发展中心牵头，联系人：张鹏；联系电话：6195378）', ['区服务业发展中心'], [['张鹏', '6195378', '区服务业发展中心']]],
    [
      'a second contact without the 联系人 key',
      '（区税务局牵头，联系人：张文超，联系电话：6431137；宋宇，联系电话：6238089）',
      ['区税务局'],
      [
        ['张文超', '6431137', '区税务局'],
        ['宋宇', '6238089', '区税务局'],
      ],
    ],
    [
      'names and phones listed together',
      '（区市场监管局牵头，联系人：姜楠、戴军，联系电话：6196858、6196068）',
      ['区市场监管局'],
      [
        ['姜楠', '6196858', '区市场监管局'],
        ['戴军', '6196068', '区市场监管局'],
      ],
    ],
    [
      'two leading units, each with its contact (003 item 47)',
      '（区发展改革局、区商务局各司其责，区发展改革局联系人：丛湘波，电话：6195397；区商务局联系人：马骏，联系电话：6195136）',
      ['区发展改革局', '区商务局'],
      [
        ['丛湘波', '6195397', '区发展改革局'],
        ['马骏', '6195136', '区商务局'],
      ],
    ],
    ['no 牵头', '（区人防办，联系人：沈东修，联系电话：6182655）', ['区人防办'], [['沈东修', '6182655', '区人防办']]],
    ['a bare name', '（区商务局牵头，李雪，联系电话：6195135）', ['区商务局'], [['李雪', '6195135', '区商务局']]],
    ['a contact without phone', '（区民政局牵头，联系人：许冰）', ['区民政局'], [['许冰', null, '区民政局']]],
  ];

  it.each(cases)('%s', (_name, text, leads, contacts) => {
    const line = parseContactLine(text, resolver);
    expect(line.leads.map((lead) => lead.unit)).toEqual(leads);
    expect(line.contacts.map((contact) => [contact.name, contact.phone, contact.unit])).toEqual(contacts);
    expect(line.unread).toEqual([]);
  });

  it('tells contact lines from assignments', () => {
    expect(isContactLine('（区发展改革局牵头，联系人：王迎新，联系电话：6195196）')).toBe(true);
    expect(isContactLine('（牵头单位：区发展改革局，完成时限：2022年12月）')).toBe(false);
    expect(isContactLine('区发展改革局牵头，联系人：王迎新')).toBe(false);
  });
});
