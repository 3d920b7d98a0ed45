import { ApiError } from './api-error';

export interface FormFieldError {
  /** antd's NamePath; typed loosely so any form's setFields takes it */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  name: any;
  errors: string[];
}

export interface MappedErrors {
  /** errors to show next to the form's own fields (antd Form.setFields) */
  fields: FormFieldError[];
  /** what is left for a message above the form: the general message and errors of fields the form lacks */
  summary: string | null;
}

/** "percent：必须是整数" → "必须是整数": next to the field, its name is already on screen. */
function withoutFieldPrefix(message: string, field: string): string {
  const prefix = new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[：:]\\s*`);
  return message.replace(prefix, '');
}

/**
 * Maps an API error onto a form: each `fields[]` entry whose field the form has goes next to that
 * input (nested paths such as `items.0.version` become ['items', 0, 'version']); everything else
 * becomes the summary. `formFields` are the form's field names; `aliases` maps API field names to them.
 */
export function mapApiErrorToForm(error: unknown, formFields: readonly string[], aliases: Record<string, string> = {}): MappedErrors {
  if (!(error instanceof ApiError)) return { fields: [], summary: '操作未能完成，请稍后重试' };
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const fieldError of error.fields) {
    const name = aliases[fieldError.field] ?? fieldError.field;
    const root = name.split('.')[0];
    if (formFields.includes(root)) {
      const messages = byField.get(name) ?? [];
      messages.push(withoutFieldPrefix(fieldError.message, fieldError.field));
      byField.set(name, messages);
    } else {
      unplaced.push(fieldError.message);
    }
  }
  const fields = [...byField].map(([name, errors]) => ({
    name: name.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    errors,
  }));
  const summary = fields.length > 0 && unplaced.length === 0 ? error.message : [error.message, ...unplaced].join('；');
  return { fields, summary };
}
