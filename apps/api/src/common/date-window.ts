import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * The window every date the API accepts must fall in. Policy documents, deadlines and report
 * periods outside it are typing mistakes (`1900-01-01`, `9999-12-31`), and the period arithmetic
 * printed `+010000-01` for them.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 2022-05 (monthly), 2022-W18 (weekly), 2022-05-2 (dekad) */
export const PERIOD_PATTERN = /^(\d{4})-(W\d{2}|\d{2}(-[1-3])?)$/;

export const yearInWindow = (year: number): boolean => year >= FIRST_YEAR && year <= LAST_YEAR;

/** A real calendar date, YYYY-MM-DD, in 2000–2100. */
export function isDateInWindow(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match || !yearInWindow(Number(match[1]))) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day)); // calendar arithmetic only, not a business time
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A report period key (2022-05, 2022-W18, 2022-05-2) in 2000–2100, month 01–12, week 01–53. */
export function isPeriodInWindow(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = PERIOD_PATTERN.exec(value);
  if (!match || !yearInWindow(Number(match[1]))) return false;
  const rest = match[2];
  if (rest.startsWith('W')) {
    const week = Number(rest.slice(1));
    return week >= 1 && week <= 53;
  }
  const month = Number(rest.slice(0, 2));
  return month >= 1 && month <= 12;
}

/**
 * The one validator for a date field, wherever dates enter (bodies and query strings): 400
 * VALIDATION_FAILED with field code DATE_INVALID (see validation.pipe.ts).
 */
export function IsDateInWindow(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'dateInWindow',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: isDateInWindow },
    });
}

/** The one validator for a report period in a body or query string: field code PERIOD_INVALID. */
export function IsPeriodInWindow(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'periodInWindow',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: isPeriodInWindow },
    });
}
