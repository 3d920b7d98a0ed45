/**
 * PDF text extraction often yields radical code points instead of ideographs: a CJK font maps
 * the glyph of 长 to U+2ED3 ⻓ (CJK Radicals Supplement) or 一 to U+2F00 ⼀ (Kangxi Radicals),
 * so `⻓期` no longer reads as 长期 and `⻢剑萍` is no name. Both blocks are mapped back to the
 * ideograph each stands for (Unicode's EquivalentUnifiedIdeograph.txt; Kangxi radicals and CJK
 * compatibility ideographs by their NFKC form).
 */

/** CJK Radicals Supplement → unified ideograph, from EquivalentUnifiedIdeograph.txt (BMP targets only). */
const SUPPLEMENT_PAIRS =
  '⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺉刂⺊卜⺋㔾⺌小⺍小⺎尢⺏尣⺐尢⺑尣⺒巳⺓幺⺔彑⺕彐⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民' +
  '⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺫罒⺬示⺭礻⺮竹⺯糸⺰纟⺱罓⺲罒⺳网⺴网⺵网⺶羊⺷羊⺸羋⺹耂⺺肀⺻聿⺼肉⺽臼' +
  '⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇角⻈讠⻉贝⻊足⻋车⻌辶⻍辶⻎辶⻏阝⻐钅⻑長⻒镸⻓长⻔门⻕阜⻖阝⻗雨⻘青⻙韦' +
  '⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';

const SUPPLEMENT = new Map<string, string>();
for (let i = 0; i < SUPPLEMENT_PAIRS.length; i += 2) SUPPLEMENT.set(SUPPLEMENT_PAIRS[i], SUPPLEMENT_PAIRS[i + 1]);

/** Kangxi Radicals, CJK Radicals Supplement, CJK Compatibility Ideographs */
const RADICAL_OR_COMPATIBILITY = /[\u2E80-\u2EFF\u2F00-\u2FDF\uF900-\uFAFF]/g;

export function normalizeRadicals(text: string): string {
  if (!RADICAL_OR_COMPATIBILITY.test(text)) return text; // the usual case: one scan, no copy
  RADICAL_OR_COMPATIBILITY.lastIndex = 0;
  return text.replace(RADICAL_OR_COMPATIBILITY, (char) => SUPPLEMENT.get(char) ?? char.normalize('NFKC'));
}
