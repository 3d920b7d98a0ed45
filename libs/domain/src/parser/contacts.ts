/**
 * The contact line that closes a compendium item, in its many spellings:
 *   （区发展改革局牵头，联系人：王迎新，联系电话：6195196）
 *   （区市场监管局牵头，联系人：姜楠、戴军，联系电话：6196858、6196068）
 *   （区发展改革局、区商务局各司其责，区发展改革局联系人：丛湘波，电话：6195397；区商务局联系人：马骏，…）
 *   （区商务局牵头，李雪，联系电话：6195135）
 * Names and phones are paired in order: each phone goes to the first contact still without one.
 */
import type { UnitResolver } from '../units/unit-resolver';
import { looksLikeUnitName, splitOutsideBrackets } from '../units/unit-resolver';
import { isAssignment } from './assignment';
import type { PreviewContact, UnitRef } from './preview.types';

export interface ContactLine {
  /** the units the line names as leading the item (`区发展改革局牵头`) */
  leads: UnitRef[];
  contacts: PreviewContact[];
  /** fields that could not be read */
  unread: string[];
}

const CONTACT_LINE = /^（.*(?:联系人|电话)：.*）$/;
const FIELD_SEPARATOR = /[，；,;]/;
const LEAD_CLAUSE_SUFFIX = /(?:牵头|各司其责|负责)$/;
/** `联系人：姜楠、戴军` or `区商务局联系人：马骏` */
const NAMES_FIELD = /^(.*?)联系人：(.+)$/;
const PHONES_FIELD = /^(?:联系)?电话：(.+)$/;
const PHONE = /^\d[\d-]{4,}$/;
const PERSON_NAME = /^[\u4E00-\u9FFF]{2,4}$/;

export function isContactLine(text: string): boolean {
  return CONTACT_LINE.test(text) && !isAssignment(text);
}

export function parseContactLine(text: string, resolver: UnitResolver): ContactLine {
  const [first, ...others] = splitOutsideBrackets(text.slice(1, -1), FIELD_SEPARATOR);
  const hasLeadClause = isLeadClause(first);
  const leads = hasLeadClause ? resolver.resolveList(first.replace(LEAD_CLAUSE_SUFFIX, '')) : [];
  const fields = hasLeadClause || first === undefined ? others : [first, ...others];
  const defaultUnit = leads.length === 1 ? leads[0].unit : null;
  const contacts: PreviewContact[] = [];
  const unread: string[] = [];

  const addNames = (names: string, unit: string | null) => {
    for (const name of names.split('、')) contacts.push({ name: name.trim(), phone: null, unit });
  };
  const addPhones = (phones: string) => {
    for (const phone of phones.split('、')) {
      const contact = contacts.find((candidate) => candidate.phone === null);
      if (contact) contact.phone = phone.trim();
      else unread.push(phone);
    }
  };

  for (const field of fields) {
    const names = NAMES_FIELD.exec(field);
    const phones = PHONES_FIELD.exec(field);
    if (names) addNames(names[2], names[1] ? resolver.resolve(names[1]).unit : defaultUnit);
    else if (phones) addPhones(phones[1]);
    else if (PHONE.test(field)) addPhones(field);
    else if (PERSON_NAME.test(field) && !looksLikeUnitName(field)) addNames(field, defaultUnit);
    else unread.push(field);
  }
  return { leads, contacts, unread };
}

/** The first field names the leading units: `区发展改革局牵头`, `区人防办`. */
function isLeadClause(field: string | undefined): field is string {
  return field !== undefined && !field.includes('：') && (LEAD_CLAUSE_SUFFIX.test(field) || looksLikeUnitName(field));
}
