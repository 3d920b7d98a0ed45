export * from './preview.types';
export { parseDocument } from './parse-document';
export type { ParseOptions } from './parse-document';
export { normalizeDocument, normalizeLine } from './normalize';
export type { Paragraph } from './normalize';
