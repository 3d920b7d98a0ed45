import JSZip from 'jszip';
import { DomainError } from '@luoshi/domain/errors';
import { detectSourceKind, extractText } from './text-extraction';

/** A minimal, valid .docx with one paragraph per line. */
async function docx(lines: string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = lines.map((l) => `<w:p><w:r><w:t>${l}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A minimal one-page PDF showing `text` in Helvetica (ASCII only: no CJK font is available offline). */
function pdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    (() => { const s = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`; return `<< /Length ${s.length} >>\nstream\n${s}\nendstream`; })(),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('text extraction', () => {
  it('reads UTF-8 text, with or without a BOM', async () => {
    expect(await extractText(Buffer.from('第1项\n政策原文'))).toEqual({ kind: 'txt', text: '第1项\n政策原文' });
    expect((await extractText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('第1项')]))).text).toBe('第1项');
  });

  it('falls back to GB18030 for text saved by Chinese Windows tools', async () => {
    const gbk = Buffer.from([0xb5, 0xda, 0x31, 0xcf, 0xee]); // "第1项" in GBK
    expect((await extractText(gbk)).text).toBe('第1项');
  });

  it('extracts paragraphs from a .docx', async () => {
    const { kind, text } = await extractText(await docx(['第1项', '（一）政策原文', '支持企业发展。']));
    expect(kind).toBe('docx');
    expect(text.split(/\n+/).filter(Boolean)).toEqual(['第1项', '（一）政策原文', '支持企业发展。']);
  });

  it('extracts the text layer of a .pdf', async () => {
    const { kind, text } = await extractText(pdf('Measure 1 deadline 2022-12'));
    expect(kind).toBe('pdf');
    expect(text).toContain('Measure 1 deadline 2022-12');
  });

  it('refuses binary content by its bytes (415) and corrupt containers (422)', async () => {
    expect(() => detectSourceKind(Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toThrow(expect.objectContaining({ kind: 'unsupported', code: 'IMPORT_UNSUPPORTED_TYPE' }));
    await expect(extractText(Buffer.from('%PDF-1.4 garbage'))).rejects.toMatchObject({ kind: 'rule_violated', code: 'DOCUMENT_UNREADABLE' });
    await expect(extractText(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(32, 7)]))).rejects.toBeInstanceOf(DomainError);
  });
});
