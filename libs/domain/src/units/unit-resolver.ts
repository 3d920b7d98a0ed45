/**
 * Turns unit names as written into canonical units, and unit lists into names.
 *
 * A unit list is written many ways: `区财政局、区统计局`, `各镇、街道，周村经济开发区`,
 * `市农业农村局和市财政局`, `市营转办等有关部门和单位`. Splitting must keep collective
 * placeholders whole (各镇、街道 is one unit) and must not cut names containing 和
 * (区住房和城乡建设局).
 */
import type { UnitRef } from '../parser/preview.types';
import { BUILT_IN_UNIT_ALIASES } from './unit-aliases';

const LIST_SEPARATOR = /[，,；;]/;
const ENUMERATION_SEPARATOR = /、/;
const BRACKET = /[（(《〔【[）)》〕】\]]/;
const OPENING_BRACKET = /[（(《〔【[]/;
const CLOSING_BRACKET = /[）)》〕】\]]/;

/** 各镇、街道 / 各区市政府、管委 / 驻烟各海关 / 有关部门和单位 */
const COLLECTIVE_NAME = /^各|^驻.{1,4}各|^(?:有关|相关)(?:部门|单位)/;
/** the part after 、 that continues a collective: 各镇、[街道] / 各区市政府、[管委] */
const COLLECTIVE_CONTINUATION = /^(?:街道|街道办事处|管委会?|办事处|开发区|园区|乡镇|社区)/;
/** 市营转办[等有关部门和单位] */
const TRAILING_ETC = /^(.+?)等((?:有关|相关)(?:部门|单位)(?:和单位|及单位)?)$/;
/** 有关部门[按职责分工负责] */
const DUTY_SUFFIX = /按职责(?:分工)?(?:负责)?$/;
/** what unit names end with; used to decide whether 和/及/与 separates two units */
const UNIT_NAME_END =
  /(?:局|委|办|厅|院|部|中心|公司|集团|政府|管委会?|支行|分行|银行|海关|联合会|残联|工会|协会|科协|街道|开发区|园区|指挥部|处|所|站|社|馆)$/;
const UNIT_NAME_START = /^(?:区|市|县|省|镇|乡|各|中国|国家|人民银行|驻)/;
const CONJUNCTION = /[和及与]/g;
const HAS_CONJUNCTION = /[和及与]/;
const EDGE_PUNCTUATION = /^[、，,；;：:。\s]+|[、，,；;：:。\s]+$/g;
const NEEDS_CLEANING = /[\s()、，,；;：:。]|按职责/;

export class UnitResolver {
  private readonly aliases = new Map<string, string>();
  /** a document repeats its unit lists over and over; each is split once */
  private readonly splitLists = new Map<string, readonly string[]>();

  /** `extraAliases`: alias → canonical, added by the office; they win over the built-in table */
  constructor(extraAliases: Readonly<Record<string, string>> = {}) {
    for (const [alias, canonical] of Object.entries(BUILT_IN_UNIT_ALIASES)) this.aliases.set(alias, canonical);
    const officeCanonicals = new Set<string>();
    for (const [alias, canonical] of Object.entries(extraAliases)) {
      this.aliases.set(cleanUnitName(alias), cleanUnitName(canonical));
      officeCanonicals.add(cleanUnitName(canonical));
    }
    // Renaming a built-in canonical unit (区发展改革局 → 区发展和改革局) meets the built-in alias of
    // the new name on the way back (区发展和改革局 → 区发展改革局): the office's name is final.
    for (const canonical of officeCanonicals) {
      if (this.aliasChainReturnsTo(canonical)) this.aliases.delete(canonical);
    }
  }

  resolve(written: string): UnitRef {
    const name = cleanUnitName(written);
    const unit = this.canonicalName(name);
    const ref: UnitRef = { name, unit };
    if (isCollectiveUnitName(name) || isCollectiveUnitName(unit)) ref.collective = true;
    return ref;
  }

  /** `区财政局、各镇、街道，周村经济开发区` → ['区财政局', '各镇、街道', '周村经济开发区'] */
  splitUnitList(text: string): string[] {
    let names = this.splitLists.get(text);
    if (names === undefined) {
      names = splitUnitNames(text);
      this.splitLists.set(text, names);
    }
    return [...names];
  }

  resolveList(text: string): UnitRef[] {
    return this.splitUnitList(text).map((name) => this.resolve(name));
  }

  /** Follows alias chains (发改 → 区发改局 → 区发展改革局); never loops, whatever the office entered. */
  private canonicalName(name: string): string {
    const seen = new Set([name]);
    let current = name;
    for (let next = this.aliases.get(current); next !== undefined && !seen.has(next); next = this.aliases.get(current)) {
      seen.add(next);
      current = next;
    }
    return current;
  }

  private aliasChainReturnsTo(name: string): boolean {
    const seen = new Set<string>();
    for (let next = this.aliases.get(name); next !== undefined && !seen.has(next); next = this.aliases.get(next)) {
      if (next === name) return true;
      seen.add(next);
    }
    return false;
  }
}

/** Ends like a unit name (局, 委, 办, 中心 …); tells 区人防办 from a person's name. */
export function looksLikeUnitName(name: string): boolean {
  return UNIT_NAME_END.test(name);
}

export function isCollectiveUnitName(name: string): boolean {
  return COLLECTIVE_NAME.test(name);
}

/** Whitespace out, brackets full-width, edge punctuation and 按职责分工负责 off. */
export function cleanUnitName(written: string): string {
  if (!NEEDS_CLEANING.test(written)) return written; // the usual case: names from normalised text
  return written.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').replace(EDGE_PUNCTUATION, '').replace(DUTY_SUFFIX, '');
}

/** Splits on single-character `separator`s that are not inside brackets: 各镇（街道、社区） stays whole. */
export function splitOutsideBrackets(text: string, separator: RegExp): string[] {
  const parts = BRACKET.test(text) ? splitTrackingBrackets(text, separator) : text.split(separator);
  const nonEmpty: string[] = [];
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed.length > 0) nonEmpty.push(trimmed);
  }
  return nonEmpty;
}

function splitTrackingBrackets(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (OPENING_BRACKET.test(char)) depth++;
    else if (CLOSING_BRACKET.test(char)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && separator.test(char)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Plain loops rather than a flatMap chain: this runs for every unit list of every document. */
function splitUnitNames(text: string): string[] {
  const names: string[] = [];
  for (const group of splitOutsideBrackets(text, LIST_SEPARATOR)) {
    for (const enumerated of splitEnumeration(group)) {
      for (const joined of splitOnConjunction(enumerated)) {
        for (const piece of splitTrailingEtc(joined)) {
          const name = cleanUnitName(piece);
          if (name.length > 0) names.push(name);
        }
      }
    }
  }
  return names;
}

/** Splits on 、 but keeps a collective together with its continuation (各镇、街道). */
function splitEnumeration(group: string): string[] {
  const names: string[] = [];
  for (const piece of splitOutsideBrackets(group, ENUMERATION_SEPARATOR)) {
    const previous = names[names.length - 1];
    if (previous !== undefined && isCollectiveUnitName(previous) && COLLECTIVE_CONTINUATION.test(piece)) {
      names[names.length - 1] = `${previous}、${piece}`;
    } else {
      names.push(piece);
    }
  }
  return names;
}

/** 市农业农村局和市财政局 → two units; 区住房和城乡建设局 stays one (区住房 is no unit). */
function splitOnConjunction(name: string): string[] {
  if (!HAS_CONJUNCTION.test(name)) return [name];
  for (const match of name.matchAll(CONJUNCTION)) {
    const at = match.index ?? 0;
    const left = name.slice(0, at);
    const right = name.slice(at + 1);
    if (UNIT_NAME_END.test(left) && UNIT_NAME_START.test(right) && UNIT_NAME_END.test(right)) {
      return [left, ...splitOnConjunction(right)];
    }
  }
  return [name];
}

/** 市营转办等有关部门和单位 → 市营转办 + the collective 有关部门和单位 */
function splitTrailingEtc(name: string): string[] {
  const match = TRAILING_ETC.exec(name);
  return match ? [match[1], match[2]] : [name];
}
