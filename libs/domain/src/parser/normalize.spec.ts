import { continuesOnNextLine, normalizeDocument, normalizeLine } from './normalize';

describe('normalizeLine', () => {
  it.each([
    // PDF spaces between Chinese characters and around digits
    ['第 1 项', '第1项'],
    ['完成时限：2022 年 12 月', '完成时限：2022年12月'],
    ['(一) 政策原文', '（一）政策原文'],
    ['第 19 项政策 19—4', '第19项政策19—4'],
    // punctuation in one spelling; numbers keep theirs
    ['(牵头单位:区发展改革局,责任科室:能源科;完成时限:2022年12月)', '（牵头单位：区发展改革局，责任科室：能源科；完成时限：2022年12月）'],
    ['按照 1:1.5 的比例扣减', '按照1:1.5的比例扣减'],
    ['规模 1,000 万元', '规模1,000万元'],
    ['１２月', '12月'],
    // Latin text keeps its spaces
    ['支持 eBay Store 开店', '支持eBay Store开店'],
    // a duplicated key
    ['完成时限：完成时限：2022年12月', '完成时限：2022年12月'],
    // traditional characters
    ['（責任單位：區財政局；完成時限：2022年12月）', '（责任单位：区财政局；完成时限：2022年12月）'],
    ['印花稅和教育費附加', '印花税和教育费附加'],
    // markdown bold and zero-width characters
    ['**周村区落实省“稳中求进”', '周村区落实省“稳中求进”'],
    ['\u200B第1项\uFEFF', '第1项'],
  ])('%p → %p', (raw, normalised) => {
    expect(normalizeLine(raw)).toBe(normalised);
  });
});

describe('normalizeDocument', () => {
  it('joins a sentence broken across lines and a blank line, keeping the first line number', () => {
    const text = ['（二）落实目标', '', '积极争取地方政府专项债券资金，优先支持和保障现代水网、市政公用设施', '', '网、新型基础设施网等“七网”项目建设。'].join(
      '\n',
    );
    expect(normalizeDocument(text)).toEqual([
      { text: '（二）落实目标', line: 1, endLine: 1, sourceLines: 1 },
      {
        text: '积极争取地方政府专项债券资金，优先支持和保障现代水网、市政公用设施网、新型基础设施网等“七网”项目建设。',
        line: 3,
        endLine: 5,
        sourceLines: 2,
      },
    ]);
  });

  it('joins an open parenthesis however its line ends', () => {
    const text = '3. 落实资金保障。（牵头单位：区住房城乡建设局；责任单位：区财\n\n政局，责任科室：综合科；\n完成时限：2022 年 12 月）';
    expect(normalizeDocument(text).map((paragraph) => paragraph.text)).toEqual([
      '3.落实资金保障。（牵头单位：区住房城乡建设局；责任单位：区财政局，责任科室：综合科；完成时限：2022年12月）',
    ]);
  });

  it('does not join headings, titles, signatures and dates', () => {
    const lines = [
      '区委统筹疫情防控和经济运行',
      '工作领导小组（指挥部）办公室',
      '2022 年 4 月 8 日',
      '杭州市临安区人民政府关于进一步推动经济高质量发展若干政策的通知',
      '各镇人民政府、街道办事处,区政府各部门、各直属单位:',
      '一、培育壮大有效需求',
      '第 1 项',
      '（一）政策原文',
    ];
    expect(normalizeDocument(lines.join('\n'))).toHaveLength(lines.length);
  });

  it('does not glue a numbered item or a contact line onto an unfinished line', () => {
    expect(continuesOnNextLine('1. 加强工作协调，做好信息共享', '2. 落实工作责任。')).toBe(false);
    expect(continuesOnNextLine('按照要求，做好工作', '（区商务局牵头，联系人：马骏，联系电话：6195136）')).toBe(false);
    expect(continuesOnNextLine('3. 严格考评。确保各项税收优惠政策不折不扣落实到', '位。')).toBe(true);
  });

  it('treats ； as inside a sentence and 。 as its end', () => {
    expect(continuesOnNextLine('单项示范工程项目最高支持1000万元；', '对研发周期长的项目，可连续三年给予支持。')).toBe(true);
    expect(continuesOnNextLine('单项示范工程项目最高支持1000万元。', '对研发周期长的项目，可连续三年给予支持。')).toBe(false);
  });

  it('accepts any line break', () => {
    expect(normalizeDocument('第1项\r\n（一）政策原文\r（二）落实目标').map((paragraph) => paragraph.line)).toEqual([1, 2, 3]);
  });
});
