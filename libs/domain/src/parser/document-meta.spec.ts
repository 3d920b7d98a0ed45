import type { DocumentLevel } from './preview.types';
import { chooseDefaultYear, levelOfIssuer, readDocumentMeta } from './document-meta';
import { normalizeDocument } from './normalize';

function metaOf(lines: string[], fileName?: string) {
  const paragraphs = normalizeDocument(lines.join('\n'));
  return readDocumentMeta(paragraphs, paragraphs, fileName);
}

describe('readDocumentMeta', () => {
  it('reads a letterhead, a document number with square brackets and a bracketed date', () => {
    expect(metaOf(['山东省人民政府文件', '鲁政发[2023]7号', '关于印发《山东省稳经济若干措施》的通知', '（2023年3月1日）'])).toEqual({
      title: '山东省稳经济若干措施',
      issuer: '山东省人民政府',
      docNumber: '鲁政发〔2023〕7号',
      issueDate: '2023-03-01',
      level: 'province',
    });
  });

  it('prefers a stand-alone 关于… title to the notice that forwards it', () => {
    expect(metaOf(['某县人民政府关于印发若干措施的通知', '关于支持实体经济发展的若干措施']).title).toBe('关于支持实体经济发展的若干措施');
  });

  it('takes the title from the notice when nothing else names it, and the issuer from its start', () => {
    expect(metaOf(['杭州市临安区人民政府关于进一步推动经济高质量发展若干政策的通知'])).toMatchObject({
      title: '关于进一步推动经济高质量发展若干政策',
      issuer: '杭州市临安区人民政府',
      level: 'district',
    });
  });

  it('falls back on the file name, then on the first line', () => {
    expect(metaOf(['为促进发展，制定本措施。'], '临安区2024年政策.txt').title).toBe('临安区2024年政策');
    expect(metaOf(['为促进发展，制定本措施。']).title).toBe('为促进发展，制定本措施。');
  });

  it('takes the printing date when no date stands under the signature', () => {
    expect(metaOf(['关于若干措施', '正文。', '烟台市人民政府办公室', '2024年2月8日印发']).issueDate).toBe('2024-02-08');
  });
});

describe('levelOfIssuer', () => {
  const cases: [string, DocumentLevel][] = [
    ['山东省人民政府', 'province'],
    ['广西壮族自治区人民政府', 'province'],
    ['烟台市人民政府', 'city'],
    ['烟台市人民政府办公室', 'city'],
    ['杭州市临安区人民政府', 'district'],
    ['某某县人民政府', 'district'],
    ['区委统筹疫情防控和经济运行工作领导小组（指挥部）办公室', 'district'],
    ['国务院', 'unknown'],
  ];

  it.each(cases)('%s → %s', (issuer, level) => {
    expect(levelOfIssuer(issuer)).toBe(level);
  });
});

describe('chooseDefaultYear', () => {
  const meta = { title: '关于若干措施', issuer: null, docNumber: null, issueDate: null, level: 'unknown' as const };

  it('reads the title first, then a stated default, then the issue date', () => {
    expect(chooseDefaultYear({ ...meta, title: '2022年若干措施', issueDate: '2021-12-30' }, '', 2030, 2020).year).toBe(2022);
    expect(chooseDefaultYear({ ...meta, issueDate: '2023-12-30' }, '除标明具体实施期限外，均为2024年全年实施有效', 2030, 2020).year).toBe(2024);
    expect(chooseDefaultYear({ ...meta, issueDate: '2023-12-30' }, '', 2030, 2020).year).toBe(2023);
  });

  it("then the caller's option, then the year the text names most", () => {
    expect(chooseDefaultYear(meta, '2024年…2024年…2025年', 2030, 2020)).toEqual({ year: 2020, found: true });
    expect(chooseDefaultYear(meta, '2024年…2024年…2025年', 2030)).toEqual({ year: 2024, found: true });
    expect(chooseDefaultYear(meta, '没有年份', 2030).found).toBe(false);
  });
});
