/**
 * The deadline a whole document sets for every measure that names none, e.g.
 * `除标明具体实施期限外,均为2024年全年实施有效` → 2024-12-31. When the document states none,
 * the end of its year applies, marked as precision 'default' so users see it was assumed.
 */
import type { Deadline } from './deadline.types';
import { parseDeadline } from './parse-deadline';

/** Each pattern captures the deadline wording in group 1; group 0 becomes the deadline text. */
const STATED_DEFAULTS: readonly RegExp[] = [
  // 除标明具体实施期限外，均为2024年全年实施有效
  /除(?:标明|注明|明确)?具体(?:实施|执行)?期限外[，,]?[^。；]*?均(?:为|在)([^。；，,]*?)(?:实施|执行)?有效/,
  // 未注明时限的，均于2024年11月底前完成 / 未明确完成时限的任务，须在2024年底前完成
  /未(?:注明|标明|明确|列明)(?:完成)?(?:时限|时间|期限)的?[^。；]{0,12}?[，,]?(?:均|一律)?(?:须|应|要)?(?:于|在)([^。；，,]*?)(?:以?前)?完成/,
  // 有效期至2025年12月31日 / 实施期限到2024年底
  /(?:有效期|实施期限|执行期限)(?:至|到|截至)([^。；，,]*?\d{4}年[^。；，,]*)/,
];

/** The document's stated default, else the end of `year` (precision 'default'). */
export function findDefaultDeadline(text: string, year: number): Deadline {
  return findStatedDefaultDeadline(text, year) ?? yearEndDefault(year);
}

/** The default the document states, or null; `year` serves statements naming none (均为全年有效). */
export function findStatedDefaultDeadline(text: string, year?: number): Deadline | null {
  for (const pattern of STATED_DEFAULTS) {
    const match = pattern.exec(text);
    const stated = match ? parseDeadline(match[1], { defaultYear: year }) : null;
    if (match && stated) return { ...stated, text: match[0].replace(/\s+/g, '') };
  }
  return null;
}

export function yearEndDefault(year: number): Deadline {
  return { text: `${year}年`, date: `${year}-12-31`, precision: 'default' };
}
