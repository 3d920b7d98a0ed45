import { cleanFileName } from '../attachments/attachments.service';
import { isDateInWindow, isPeriodInWindow } from './date-window';
import { exceedsJsonDepth, MAX_JSON_DEPTH, parseJsonBody } from './json-body';
import { findUnstorableText, isUnstorableText } from './text-guard';

describe('exceedsJsonDepth', () => {
  it('counts nesting outside strings only', () => {
    expect(exceedsJsonDepth('[[[]]]', 3)).toBe(false);
    expect(exceedsJsonDepth('[[[[]]]]', 3)).toBe(true);
    expect(exceedsJsonDepth('{"a":{"b":{"c":1}}}', 3)).toBe(false);
    expect(exceedsJsonDepth(`{"a":"${'['.repeat(100)}"}`, 3)).toBe(false);
    // an escaped quote does not end the string
    expect(exceedsJsonDepth(`{"a":"\\"[[[["}`, 2)).toBe(false);
    expect(exceedsJsonDepth('[{},{},{},{}]', 2)).toBe(false);
  });

  it('parseJsonBody refuses deep, empty, malformed and prototype-polluting bodies with stable codes', () => {
    const code = (text: string) => {
      try {
        parseJsonBody(text);
        return 'parsed';
      } catch (err) {
        return (err as { code: string }).code;
      }
    };
    expect(code('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe('JSON_TOO_DEEP');
    expect(code('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe('parsed');
    expect(code('')).toBe('MALFORMED_JSON');
    expect(code('{"a":')).toBe('MALFORMED_JSON');
    expect(code('{"__proto__":{"admin":true}}')).toBe('MALFORMED_JSON');
    expect(parseJsonBody('{"a":[1,"二"]}')).toEqual({ a: [1, '二'] });
  });
});

describe('unstorable text', () => {
  it('finds NUL and lone surrogates, not surrogate pairs', () => {
    expect(isUnstorableText('a\u0000b')).toBe(true);
    expect(isUnstorableText('\ud800')).toBe(true);
    expect(isUnstorableText('x\udc00')).toBe(true);
    expect(isUnstorableText('😀')).toBe(false);
    expect(isUnstorableText('普通文本\t\n')).toBe(false);
  });

  it('names the field, nested paths and keys included', () => {
    expect(findUnstorableText({ a: 'ok', b: { c: ['x', 'y\u0000'] } }, '')).toBe('b.c.1');
    expect(findUnstorableText({ ['k\u0000']: 1 }, '')).toBe('body');
    expect(findUnstorableText({ q: 'fine' }, '')).toBeNull();
    expect(findUnstorableText(undefined, '')).toBeNull();
  });
});

describe('date window', () => {
  it('accepts real dates in 2000–2100 only', () => {
    expect(['2000-01-01', '2100-12-31', '2024-02-29'].map(isDateInWindow)).toEqual([true, true, true]);
    expect(['1999-12-31', '2101-01-01', '9999-12-31', '1900-01-01', '2023-02-29', '2022-13-01', '2022-1-1', 20220101].map(isDateInWindow)).toEqual(
      Array(8).fill(false),
    );
  });

  it('accepts report periods in 2000–2100 with a real month or week', () => {
    expect(['2022-05', '2022-W18', '2022-05-2', '2100-12'].map(isPeriodInWindow)).toEqual([true, true, true, true]);
    expect(['9999-12', '1999-01', '2022-13', '2022-00', '2022-W00', '2022-W54', '2022-05-4'].map(isPeriodInWindow)).toEqual(Array(7).fill(false));
  });
});

describe('cleanFileName', () => {
  it('takes the extension from the detected type and strips control and bidi characters', () => {
    expect(cleanFileName('evil.html', 'pdf')).toBe('evil.pdf');
    expect(cleanFileName('日本語\u202eFDP.exe', 'pdf')).toBe('日本語FDP.pdf');
    expect(cleanFileName('报告\u0000\u0085\u2066x\u2069.tar.gz', 'png')).toBe('报告x.tar.png');
    expect(cleanFileName('C:\\Users\\me\\scan', 'jpg')).toBe('scan.jpg');
    expect(cleanFileName('\u202e', 'docx')).toBe('附件.docx');
    expect(cleanFileName(undefined, 'xlsx')).toBe('附件.xlsx');
  });
});
