import { BUILT_IN_UNIT_ALIASES } from './unit-aliases';
import { UnitResolver, cleanUnitName, isCollectiveUnitName, looksLikeUnitName } from './unit-resolver';

describe('UnitResolver.resolve', () => {
  const resolver = new UnitResolver();

  it.each([
    // one district bureau, several spellings (003 uses 区发展改革局 and 区发展改革委 side by side)
    ['区发展改革局', '区发展改革局'],
    ['区发展改革委', '区发展改革局'],
    ['区发改局', '区发展改革局'],
    ['区发展和改革局', '区发展改革局'],
    ['区住房和城乡建设局', '区住房城乡建设局'],
    ['区住建局', '区住房城乡建设局'],
    ['区人力社保局', '区人力资源社会保障局'],
    ['区卫健局', '区卫生健康局'],
    ['区经信局', '区经济和信息化局'],
    ['县发改局', '县发展改革局'],
    // a city's development bureau is a 委
    ['市发改委', '市发展改革委'],
    ['市发展和改革委员会', '市发展改革委'],
    ['市市场监督管理局', '市市场监管局'],
    ['市卫健委', '市卫生健康委'],
    // no alias: the name is the unit
    ['区财政局', '区财政局'],
    ['市生态环境局周村分局', '市生态环境局周村分局'],
  ])('%s → %s', (written, canonical) => {
    expect(resolver.resolve(written)).toEqual({ name: written, unit: canonical });
  });

  it.each([
    ['各镇、街道', '各镇、街道'],
    ['各镇（街道）', '各镇、街道'],
    ['各镇(街道)', '各镇、街道'],
    ['各镇人民政府、街道办事处', '各镇、街道'],
    ['各区市政府、管委', '各区市政府、管委'],
    ['各区市人民政府（管委）', '各区市政府、管委'],
    ['有关部门', '有关部门和单位'],
    ['各重点产业链链办', '各重点产业链链办'],
  ])('keeps the collective %s as one unit → %s', (written, canonical) => {
    expect(resolver.resolve(written)).toMatchObject({ unit: canonical, collective: true });
  });

  it('cleans what it is given: spaces, half-width brackets, edge punctuation, 按职责分工负责', () => {
    expect(resolver.resolve(' 区 财政局，').name).toBe('区财政局');
    expect(resolver.resolve('有关部门按职责分工负责')).toEqual({ name: '有关部门', unit: '有关部门和单位', collective: true });
  });

  it("applies the office's aliases on top of the built-in table, following chains", () => {
    const office = new UnitResolver({ 财政: '区财政局', 发改: '区发改局' });
    expect(office.resolve('财政').unit).toBe('区财政局');
    expect(office.resolve('发改').unit).toBe('区发展改革局'); // office alias → built-in alias → canonical
  });

  it('lets the office rename a built-in canonical unit', () => {
    // the built-in table maps 区发展和改革局 → 区发展改革局; the office wants it the other way round
    const office = new UnitResolver({ 区发展改革局: '区发展和改革局' });
    expect(office.resolve('区发展改革局').unit).toBe('区发展和改革局');
    expect(office.resolve('区发展和改革局').unit).toBe('区发展和改革局');
    expect(office.resolve('区发改局').unit).toBe('区发展和改革局');
  });

  it('survives an alias cycle entered by the office', () => {
    const cyclic = new UnitResolver({ 甲局: '乙局', 乙局: '甲局' });
    expect(cyclic.resolve('甲局').unit).toBe('乙局');
    expect(cyclic.resolve('乙局').unit).toBe('乙局');
  });
});

describe('UnitResolver.splitUnitList', () => {
  const resolver = new UnitResolver();

  it.each([
    ['区财政局', ['区财政局']],
    ['区发展改革局、区财政局', ['区发展改革局', '区财政局']],
    ['区住房和城乡建设局', ['区住房和城乡建设局']],
    ['区教育和体育局、区公安分局', ['区教育和体育局', '区公安分局']],
    ['市农业农村局和市财政局', ['市农业农村局', '市财政局']],
    ['市住房和城乡建设局和市财政局', ['市住房和城乡建设局', '市财政局']],
    ['市自然资源和规划局、市工业和信息化局', ['市自然资源和规划局', '市工业和信息化局']],
    ['各镇、街道，周村经济开发区，区统计局、区发展改革局', ['各镇、街道', '周村经济开发区', '区统计局', '区发展改革局']],
    ['市农业农村局，各区市政府、管委', ['市农业农村局', '各区市政府、管委']],
    ['各镇人民政府、街道办事处', ['各镇人民政府、街道办事处']],
    ['各镇（街道、社区）、区财政局', ['各镇（街道、社区）', '区财政局']],
    ['市公安局、市营转办等有关部门和单位', ['市公安局', '市营转办', '有关部门和单位']],
    ['市住房城乡建设局，蓝天集团、烟台交通集团', ['市住房城乡建设局', '蓝天集团', '烟台交通集团']],
    ['', []],
  ])('%p → %p', (text, names) => {
    expect(resolver.splitUnitList(text)).toEqual(names);
  });

  it('resolves a list in one go', () => {
    expect(resolver.resolveList('区发展改革委、各镇（街道）')).toEqual([
      { name: '区发展改革委', unit: '区发展改革局' },
      { name: '各镇（街道）', unit: '各镇、街道', collective: true },
    ]);
  });
});

describe('unit name helpers', () => {
  it('tells collectives', () => {
    expect(isCollectiveUnitName('各镇、街道')).toBe(true);
    expect(isCollectiveUnitName('驻烟各海关')).toBe(true);
    expect(isCollectiveUnitName('区财政局')).toBe(false);
  });

  it('tells unit names from person names', () => {
    expect(looksLikeUnitName('区人防办')).toBe(true);
    expect(looksLikeUnitName('区农业技术服务中心')).toBe(true);
    expect(looksLikeUnitName('李雪')).toBe(false);
  });

  it('leaves a clean name alone', () => {
    expect(cleanUnitName('区财政局')).toBe('区财政局');
  });

  it('maps every built-in alias to a name that is no alias itself', () => {
    for (const canonical of Object.values(BUILT_IN_UNIT_ALIASES)) {
      expect(BUILT_IN_UNIT_ALIASES[canonical]).toBeUndefined();
    }
  });
});
