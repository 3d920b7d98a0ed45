/**
 * Calendar days written as ISO strings ('2022-05-31').
 *
 * Every date in Luoshi is a day in Asia/Shanghai, which is UTC+8 all year with no daylight
 * saving. So once an instant has been turned into its Shanghai day, days can be counted on
 * a plain calendar: internally a day is its number since 1970-01-01, which keeps the
 * arithmetic exact and free of time-zone surprises.
 */
import { DomainError } from '../errors/domain-error';

const MS_PER_DAY = 86_400_000;
const SHANGHAI_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/*
 * Day conversions are memoised (dayNumberOrNull, fromDayNumber): a task list assesses each of
 * its rows against the same few hundred days, and converting through Date and toISOString was
 * the largest part of its CPU time. The conversions are pure, so the caches change no result;
 * each is emptied when it reaches CACHE_LIMIT entries, and only date-shaped strings
 * (10 characters) are kept, so request input cannot grow them.
 */
const CACHE_LIMIT = 16_384;
/** ISO date → its day number, null when it is not a real calendar day */
const dayNumbers = new Map<string, number | null>();
/** day number → ISO date */
const isoDates = new Map<number, string>();

export interface IsoDateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** True for a real calendar day written YYYY-MM-DD ('2022-02-30' is false). */
export function isIsoDate(value: string): boolean {
  return dayNumberOrNull(value) !== null;
}

/**
 * Year, month and day of an ISO date. Throws a validation DomainError (HTTP 400) for
 * anything else, because dates reach these rules from request bodies and URLs.
 */
export function isoDateParts(iso: string): IsoDateParts {
  if (!isIsoDate(iso)) {
    throw new DomainError('invalid', 'INVALID_DATE', `日期“${iso}”格式不正确，应为YYYY-MM-DD`, {
      value: iso,
    });
  }
  const [year, month, day] = iso.split('-').map(Number);
  return { year, month, day };
}

/** The calendar day an instant falls on in Shanghai. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant as ISO 8601 local time in Shanghai with its offset, to the millisecond:
 * '2026-12-02T18:00:00.000+08:00' for 2026-12-02T10:00:00Z. Same instant, read the way users
 * in China read it (Asia/Shanghai has been UTC+8 without daylight saving since 1991).
 */
export function shanghaiTimestamp(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_UTC_OFFSET_MS).toISOString(); // …Z, shifted
  return `${local.slice(0, -1)}+08:00`;
}

/** The ISO date `days` days after `iso` (before it when negative). */
export function addDays(iso: string, days: number): string {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** Days from `fromIso` to `toIso`: positive when `toIso` is later, 0 on the same day. */
export function daysBetween(fromIso: string, toIso: string): number {
  return toDayNumber(toIso) - toDayNumber(fromIso);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const mondayBased = (((toDayNumber(iso) + 3) % 7) + 7) % 7;
  return mondayBased + 1;
}

/** The last day of the month `iso` falls in. */
export function endOfMonth(iso: string): string {
  const { year, month } = isoDateParts(iso);
  // Day 0 of the next month is the last day of this one.
  return fromDayNumber(Date.UTC(year, month, 0) / MS_PER_DAY);
}

/** '2022年5月31日', the way dates are written in messages to users. */
export function formatDateZh(iso: string): string {
  const { year, month, day } = isoDateParts(iso);
  return `${year}年${month}月${day}日`;
}

/** Zero-pads a month, day or week number to two digits. */
export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function toDayNumber(iso: string): number {
  const dayNumber = dayNumberOrNull(iso);
  if (dayNumber === null) isoDateParts(iso); // throws INVALID_DATE
  return dayNumber as number;
}

function fromDayNumber(dayNumber: number): string {
  let iso = isoDates.get(dayNumber);
  if (iso === undefined) {
    iso = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    remember(isoDates, dayNumber, iso);
  }
  return iso;
}

function dayNumberOrNull(value: string): number | null {
  const cached = dayNumbers.get(value);
  if (cached !== undefined) return cached;
  let dayNumber: number | null = null;
  const match = ISO_DATE_PATTERN.exec(value);
  if (match) {
    const [year, month, day] = match.slice(1).map(Number);
    const candidate = Date.UTC(year, month - 1, day) / MS_PER_DAY;
    if (fromDayNumber(candidate) === value) dayNumber = candidate;
  }
  if (typeof value === 'string' && value.length === 10) remember(dayNumbers, value, dayNumber);
  return dayNumber;
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
