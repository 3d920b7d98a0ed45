export * from './deadline.types';
export { chineseDigitsToNumber, chineseNumeralToNumber } from './chinese-numerals';
export { cleanDeadlineText, parseDeadline } from './parse-deadline';
export type { DeadlineOptions } from './parse-deadline';
export { findDefaultDeadline, findStatedDefaultDeadline, yearEndDefault } from './default-deadline';
