/**
 * Property tests over the import corpus (fast-check): what PDF copies, web pages and retyping
 * do to a document must not change what the parser reads from it — spaces and tabs shuffled
 * around Chinese text, punctuation switched between full and half width, lines broken at random
 * places inside running text. Compared: every measure's evaluated fields (number, applicability,
 * title, lead, units, deadline, contacts).
 */
import fc from 'fast-check';
import { parseDocument } from '@luoshi/domain/parser';
import { CURRENT_YEAR, actualFields, corpusTexts } from './import-corpus';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);
const parseFields = (text: string) => parseDocument(text, { currentYear: CURRENT_YEAR }).measures.map(actualFields);

/** Full ↔ half width for the punctuation documents mix; digits keep their value either way. */
const WIDTH_PAIRS: readonly [string, string][] = [
  ['（', '('],
  ['）', ')'],
  ['：', ':'],
  ['；', ';'],
  ['，', ','],
];
const HALF_TO_FULL_DIGIT = (digit: string) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0);

function isCjk(char: string | undefined): boolean {
  return char !== undefined && /[\u4E00-\u9FFF（）：；，。、“”]/.test(char);
}

describe('import corpus: the parse does not depend on', () => {
  let texts: { doc: string; text: string }[];

  beforeAll(async () => {
    // table documents carry their structure in tabs and line ends: their cells are varied, not their rows
    texts = (await corpusTexts()).filter(({ text }) => !text.includes('\t'));
  }, 120_000);

  it('spaces, tabs and blank lines added next to Chinese characters', () => {
    for (const { doc, text } of texts) {
      const expected = parseFields(text);
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '  ', '\t', '\u3000', ' \n\n')), { minLength: 1, maxLength: 40 }), (insertions) => {
          const chars = [...text];
          for (const [position, space] of insertions) {
            const at = position % (chars.length + 1);
            const blankLine = space.includes('\n');
            // a space next to Chinese is PDF breakage; a blank line may stand after a line's end only
            if (blankLine ? chars[at - 1] === '\n' || at === 0 : isCjk(chars[at - 1]) || isCjk(chars[at])) chars.splice(at, 0, blankLine ? '\n' : space);
          }
          expect({ doc, fields: parseFields(chars.join('')) }).toEqual({ doc, fields: expected });
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('full- or half-width punctuation and digits', () => {
    for (const { doc, text } of texts) {
      const expected = parseFields(text);
      fc.assert(
        fc.property(fc.array(fc.boolean(), { minLength: WIDTH_PAIRS.length + 1, maxLength: WIDTH_PAIRS.length + 1 }), fc.nat(), (switches, seed) => {
          let varied = text;
          WIDTH_PAIRS.forEach(([full, half], index) => {
            if (switches[index]) varied = varied.split(full).join(half);
            else
              varied = varied
                .split(half)
                .join(full)
                .replace(/(\d)，(\d)/g, '$1,$2'); // 1,000 stays a number
          });
          if (switches[WIDTH_PAIRS.length])
            varied = varied.replace(/\d/g, (digit, offset: number) => ((offset + seed) % 2 === 0 ? HALF_TO_FULL_DIGIT(digit) : digit));
          expect({ doc, fields: parseFields(varied) }).toEqual({ doc, fields: expected });
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('lines broken at random places inside running text, as a PDF or a narrow page does', () => {
    for (const { doc, text } of texts) {
      const expected = parseFields(text);
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (positions) => {
          const lines = text.split('\n');
          for (const position of positions) {
            // a break inside running text: a line with a sentence in it, at least 30 characters on
            // from the line's start (a numbered heading is never cut) and not at its end
            const candidates = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.length > 40 && /[，。；]/.test(line));
            if (candidates.length === 0) return;
            const { line, index } = candidates[position % candidates.length];
            const at = 30 + (position % (line.length - 31));
            lines.splice(index, 1, line.slice(0, at), line.slice(at));
          }
          expect({ doc, fields: parseFields(lines.join('\n')) }).toEqual({ doc, fields: expected });
        }),
        { numRuns: RUNS },
      );
    }
  });
});
