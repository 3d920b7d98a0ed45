/**
 * Chinese numerals as they appear in policy documents: item numbers （七十四）, months 十二月,
 * quarters 第二季度, and years written digit by digit (二〇二二年).
 */
const DIGIT_VALUES: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

const MULTIPLIERS: Readonly<Record<string, number>> = { 十: 10, 百: 100 };

/** 一 → 1, 十二 → 12, 二十三 → 23, 七十四 → 74, 一百零五 → 105; null when `text` is not a numeral. */
export function chineseNumeralToNumber(text: string): number | null {
  if (text.length === 0) return null;
  let total = 0;
  let pending = 0; // the digit waiting for its multiplier (or for the end)
  for (const char of text) {
    if (char in DIGIT_VALUES) {
      pending = DIGIT_VALUES[char];
    } else if (char in MULTIPLIERS) {
      // a bare 十 means 一十 (十二 = 12)
      total += (pending || 1) * MULTIPLIERS[char];
      pending = 0;
    } else {
      return null;
    }
  }
  return total + pending;
}

/** 二〇二二 → 2022: years are written digit by digit, without 十 or 百. */
export function chineseDigitsToNumber(text: string): number | null {
  if (text.length === 0) return null;
  let value = 0;
  for (const char of text) {
    if (!(char in DIGIT_VALUES)) return null;
    value = value * 10 + DIGIT_VALUES[char];
  }
  return value;
}
