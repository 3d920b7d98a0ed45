/**
 * Built-in unit aliases: the names documents use for one and the same unit.
 *
 * Canonical name = the standard short name (规范简称) the model document (003, 周村区) uses:
 * 发展改革, 住房城乡建设, 人力资源社会保障, 卫生健康, 市场监管 … Colloquial contractions (发改局,
 * 住建局, 人社局, 卫健局) and full forms (发展和改革局, 住房和城乡建设局) resolve to it, so a unit
 * keeps one name whichever document it comes from. A district's 发展改革 unit is a 局 (区发展改革委
 * in 003 is the same bureau); a city's is a 委 (市发展改革委). The office adds its own aliases on top.
 */

interface AliasGroup {
  canonical: string;
  aliases: readonly string[];
}

/** district and county level (区…, 县…) */
const DISTRICT_UNITS: readonly AliasGroup[] = [
  { canonical: '发展改革局', aliases: ['发改局', '发展和改革局', '发展改革委', '发改委', '发展和改革委员会'] },
  { canonical: '工业和信息化局', aliases: ['工信局', '工业信息化局'] },
  { canonical: '经济和信息化局', aliases: ['经信局', '经济信息化局'] },
  { canonical: '住房城乡建设局', aliases: ['住房和城乡建设局', '住建局'] },
  { canonical: '人力资源社会保障局', aliases: ['人力资源和社会保障局', '人社局', '人力社保局'] },
  { canonical: '卫生健康局', aliases: ['卫健局', '卫生和健康局', '卫生健康委', '卫健委'] },
  { canonical: '市场监管局', aliases: ['市场监督管理局', '市监局'] },
  { canonical: '科技局', aliases: ['科学技术局'] },
  { canonical: '交通运输局', aliases: ['交通局'] },
  { canonical: '应急管理局', aliases: ['应急局'] },
  { canonical: '人防办', aliases: ['人民防空办公室', '人防办公室'] },
  { canonical: '残联', aliases: ['残疾人联合会'] },
  { canonical: '文化和广电旅游体育局', aliases: ['文广旅体局'] },
];

/** city level (市…) */
const CITY_UNITS: readonly AliasGroup[] = [
  { canonical: '发展改革委', aliases: ['发改委', '发展和改革委员会', '发展改革委员会'] },
  { canonical: '工业和信息化局', aliases: ['工信局', '工业信息化局'] },
  { canonical: '住房城乡建设局', aliases: ['住房和城乡建设局', '住建局'] },
  { canonical: '人力资源社会保障局', aliases: ['人力资源和社会保障局', '人社局', '人力社保局'] },
  { canonical: '卫生健康委', aliases: ['卫健委', '卫生健康委员会', '卫生和健康委员会'] },
  { canonical: '市场监管局', aliases: ['市场监督管理局', '市监局'] },
  { canonical: '自然资源和规划局', aliases: ['自然资源规划局', '资规局'] },
  { canonical: '地方金融监管局', aliases: ['地方金融监督管理局', '金融监管局'] },
  { canonical: '科技局', aliases: ['科学技术局'] },
  { canonical: '生态环境局', aliases: ['环保局', '环境保护局'] },
  { canonical: '城管局', aliases: ['城市管理局'] },
  { canonical: '文化和旅游局', aliases: ['文旅局'] },
  { canonical: '交通运输局', aliases: ['交通局'] },
  { canonical: '医保局', aliases: ['医疗保障局'] },
];

/** Collective placeholders: one "unit" standing for many (all towns, all districts …). */
const COLLECTIVE_UNITS: readonly AliasGroup[] = [
  {
    canonical: '各镇、街道',
    aliases: ['各镇（街道）', '各镇街道', '各镇街', '各镇办', '各镇人民政府、街道办事处', '各镇政府、街道办事处'],
  },
  {
    canonical: '各区市政府、管委',
    aliases: ['各区市人民政府（管委）', '各区市政府（管委）', '各区市人民政府、管委', '各区市政府管委'],
  },
  { canonical: '有关部门和单位', aliases: ['有关部门', '有关单位', '相关部门', '相关单位', '有关部门单位'] },
];

function withPrefixes(prefixes: readonly string[], groups: readonly AliasGroup[]): [string, string][] {
  return prefixes.flatMap((prefix) =>
    groups.flatMap(({ canonical, aliases }) => aliases.map((alias): [string, string] => [prefix + alias, prefix + canonical])),
  );
}

/** alias → canonical unit name */
export const BUILT_IN_UNIT_ALIASES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries([...withPrefixes(['区', '县'], DISTRICT_UNITS), ...withPrefixes(['市'], CITY_UNITS), ...withPrefixes([''], COLLECTIVE_UNITS)]),
);
