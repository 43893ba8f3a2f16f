import type { SheetRow } from '../../../documents/spreadsheet.ts';
import { isPlainText } from '../../shared/validation.ts';
import {
  type AccessibleFormat,
  accessibleFormatNames,
  accessibleFormats,
  consentInputSchema,
  normaliseEmail,
  normalisePhone,
  type OrganisationType,
  organisationInputSchema,
  organisationTypeNames,
  organisationTypes,
  personInputSchema,
} from '../person.ts';
import { parseConsent, parseDay, parseScore, quoted, splitList } from './cells.ts';
import { type ColumnMapping, type ImportField, squash } from './columns.ts';

/**
 * Each row of a stakeholder file read into a record, or its problems in plain words naming the
 * column as the file heads it ("Row 14, E-mail: “bob@” is not an e-mail address"). Then rows that
 * are the same person (the same e-mail address; or, without one, the same name and organisation)
 * are grouped, the first of each group taking in the later ones. Pure: it never throws on a bad file.
 */

export type RowError = Readonly<{ row: number; field: string; message: string }>;

/** "Row 14, E-mail: “bob@” is not an e-mail address". */
export const describeRowError = (e: RowError): string =>
  e.field ? `Row ${e.row}, ${e.field}: ${e.message}` : `Row ${e.row}: ${e.message}`;

export type ContactValue = Readonly<{ value: string; normalised: string }>;

export type ConsentValue = Readonly<{
  event: 'given' | 'withdrawn';
  /** The day it happened; for a withdrawal without one, the day of the import. */
  on: string | null;
  wording: string | null;
}>;

/** What one row says about a person. Blank cells are null (or empty lists): they never erase anything. */
export type ImportRecord = {
  fullName: string;
  email: ContactValue | null;
  phones: ContactValue[];
  organisation: string | null;
  organisationType: OrganisationType | null;
  position: string | null;
  roleIds: string[];
  /** Ward codes of the borough, in the boundaries in use. */
  wards: string[];
  postalAddress: string | null;
  preferredLanguage: string | null;
  accessibleFormats: AccessibleFormat[];
  influence: number | null;
  interest: number | null;
  lastVerifiedOn: string | null;
  notes: string | null;
  consent: ConsentValue | null;
};

export type ReadRow = Readonly<{
  row: number;
  /** The name as the row gives it, for showing the row even when it cannot be read. */
  name: string;
  record: ImportRecord | undefined;
  errors: readonly RowError[];
}>;

export type RowLookups = Readonly<{
  /** The London day of the import: consent cannot be dated after it. */
  today: string;
  boroughName: string;
  roles: readonly { id: string; label: string }[];
  /** The borough's wards in the boundaries in use; empty when none are loaded. */
  wards: readonly { code: string; name: string }[];
}>;

/** A name, an organisation or a role as matched: case, accents and spacing ignored. */
export const nameKey = (text: string): string =>
  text.normalize('NFKC').trim().replace(/\s+/g, ' ').replace(/[’‘`]/g, "'").toLowerCase();

type Lookup = Readonly<Map<string, string>>;

function lookupOf(entries: readonly (readonly [string, string])[]): Lookup {
  const map = new Map<string, string>();
  for (const [key, value] of entries) if (key !== '' && !map.has(key)) map.set(key, value);
  return map;
}

/** Reads every row. `mapping` gives each column's field; columns without one are not read. */
export function readRows(
  rows: readonly SheetRow[],
  header: readonly string[],
  mapping: ColumnMapping,
  lookups: RowLookups,
): ReadRow[] {
  const roles = lookupOf(
    lookups.roles.flatMap((r) => [[squash(r.label), r.id] as const, [squash(r.id), r.id] as const]),
  );
  const wards = lookupOf(
    lookups.wards.flatMap((w) => [[squash(w.name), w.code] as const, [squash(w.code), w.code] as const]),
  );
  const columns = new Map<ImportField, number[]>();
  mapping.forEach((field, i) => {
    if (field === null) return;
    columns.set(field, [...(columns.get(field) ?? []), i]);
  });
  const headingOf = (i: number) => header[i]?.trim() || `Column ${i + 1}`;
  return rows.map((r) => readRow(r, columns, headingOf, { ...lookups, roleIds: roles, wardCodes: wards }));
}

type Lookups = RowLookups & Readonly<{ roleIds: Lookup; wardCodes: Lookup }>;

function readRow(
  sheetRow: SheetRow,
  columns: ReadonlyMap<ImportField, readonly number[]>,
  headingOf: (i: number) => string,
  lookups: Lookups,
): ReadRow {
  const found: { column: number; error: RowError }[] = [];
  const problem = (column: number | undefined, message: string) =>
    found.push({
      column: column ?? -1,
      error: { row: sheetRow.row, field: column === undefined ? '' : headingOf(column), message },
    });
  /** The problems in the order of the columns, as the person reads the row. */
  const sorted = () => found.sort((a, b) => a.column - b.column).map((f) => f.error);
  /** The cells of a field's columns that hold something, with their column. */
  const cells = (field: ImportField): { column: number; text: string }[] =>
    (columns.get(field) ?? [])
      .map((column) => ({ column, text: (sheetRow.cells[column] ?? '').trim() }))
      .filter((c) => c.text !== '');
  const one = (field: ImportField) => cells(field)[0];

  // Every value must be text a person could type: no control characters (PostgreSQL refuses NUL).
  for (const [, list] of columns) {
    for (const column of list) {
      const text = sheetRow.cells[column] ?? '';
      if (!isPlainText(text) || text.length > 10_000) {
        problem(column, 'The cell holds characters that are not text, or is too long');
      }
    }
  }
  if (found.length > 0) return { row: sheetRow.row, name: '', record: undefined, errors: sorted() };

  const text = <T>(
    field: ImportField,
    schema: {
      safeParse: (v: unknown) => { success: boolean; data?: T; error?: { issues: { message: string }[] } };
    },
  ): T | null => {
    const cell = one(field);
    if (!cell) return null;
    const parsed = schema.safeParse(cell.text);
    if (!parsed.success) {
      problem(cell.column, parsed.error?.issues[0]?.message ?? 'This value cannot be used');
      return null;
    }
    return (parsed.data ?? null) as T | null;
  };

  // The name: the full name, else the first and last names together.
  let fullName = '';
  const full = one('fullName');
  const parts = [one('firstName'), one('lastName')].filter((c) => c !== undefined);
  const nameColumn =
    full?.column ?? parts[0]?.column ?? columns.get('fullName')?.[0] ?? columns.get('firstName')?.[0];
  const nameText = full ? full.text : parts.map((p) => p.text).join(' ');
  const name = personInputSchema.shape.fullName.safeParse(nameText.replace(/\s+/g, ' '));
  if (name.success) fullName = name.data;
  else
    problem(
      nameColumn,
      nameText === '' ? 'The row has no name: every person needs one' : (name.error.issues[0]?.message ?? ''),
    );

  // One e-mail address: its normalised form is who the person is.
  let email: ContactValue | null = null;
  const emailCell = one('email');
  if (emailCell) {
    const value = emailCell.text.replace(/^mailto:/i, '').trim();
    const normalised = normaliseEmail(value);
    if (normalised === undefined) {
      problem(
        emailCell.column,
        /[;,\s]/.test(value) && value.includes('@')
          ? `${quoted(value)} is not one e-mail address: put one address in this column`
          : `${quoted(value)} is not an e-mail address`,
      );
    } else email = { value, normalised };
  }

  const phones: ContactValue[] = [];
  for (const cell of cells('phone')) {
    for (const part of splitList(cell.text)) {
      const normalised = normalisePhone(part);
      if (normalised === undefined) problem(cell.column, `${quoted(part)} is not a telephone number`);
      else if (!phones.some((p) => p.normalised === normalised)) phones.push({ value: part, normalised });
    }
  }
  if (phones.length > 10)
    problem(cells('phone')[0]?.column, 'A person can have at most 10 telephone numbers');

  const organisation = text<string>('organisation', organisationInputSchema.shape.name);
  let organisationType: OrganisationType | null = null;
  const typeCell = one('organisationType');
  if (typeCell) {
    const key = squash(typeCell.text);
    const found = organisationTypes.find(
      (t) => squash(t) === key || squash(organisationTypeNames[t]) === key,
    );
    if (found) organisationType = found;
    else
      problem(
        typeCell.column,
        `${quoted(typeCell.text)} is not a type of organisation: use one of ${organisationTypes.map((t) => organisationTypeNames[t]).join(', ')}`,
      );
  }
  let position: string | null = null;
  const positionCell = one('position');
  if (positionCell) {
    if (positionCell.text.length > 200)
      problem(positionCell.column, 'Position must be 200 characters or fewer');
    else position = positionCell.text.replace(/\s+/g, ' ');
  }
  if (position !== null && !one('organisation')) {
    problem(positionCell?.column, 'A position needs the organisation it is held in');
  }

  const roleIds: string[] = [];
  for (const cell of cells('roles')) {
    const whole = lookups.roleIds.get(squash(cell.text));
    const found = whole !== undefined ? [cell.text] : splitList(cell.text);
    for (const part of found) {
      const id = whole ?? lookups.roleIds.get(squash(part));
      if (id === undefined) problem(cell.column, `${quoted(part)} is not a role on the list`);
      else if (!roleIds.includes(id)) roleIds.push(id);
    }
  }
  if (roleIds.length > 20) problem(cells('roles')[0]?.column, 'A person can have at most 20 roles');

  const wards: string[] = [];
  for (const cell of cells('wards')) {
    if (lookups.wards.length === 0) {
      problem(
        cell.column,
        `No wards of ${lookups.boroughName} are loaded yet: leave this column out, or ask an administrator to load the wards`,
      );
      continue;
    }
    const whole = lookups.wardCodes.get(squash(cell.text));
    for (const part of whole !== undefined ? [cell.text] : splitList(cell.text)) {
      const code = whole ?? lookups.wardCodes.get(squash(part));
      if (code === undefined) problem(cell.column, `${quoted(part)} is not a ward of ${lookups.boroughName}`);
      else if (!wards.includes(code)) wards.push(code);
    }
  }
  if (wards.length > 99) problem(cells('wards')[0]?.column, 'A person can cover at most 99 wards');

  const joined = (field: ImportField, separator: string) => {
    const found = cells(field);
    return found.length === 0
      ? undefined
      : { column: found[0]?.column, text: found.map((c) => c.text).join(separator) };
  };
  const checked = (
    field: ImportField,
    separator: string,
    schema: (typeof personInputSchema.shape)['postalAddress' | 'notes' | 'preferredLanguage'],
  ): string | null => {
    const value = joined(field, separator);
    if (!value) return null;
    const parsed = schema.safeParse(value.text);
    if (!parsed.success) {
      problem(value.column, parsed.error.issues[0]?.message ?? 'This value cannot be used');
      return null;
    }
    return parsed.data;
  };
  const postalAddress = checked('postalAddress', ', ', personInputSchema.shape.postalAddress);
  const notes = checked('notes', '\n', personInputSchema.shape.notes);
  const preferredLanguage = checked('preferredLanguage', ' ', personInputSchema.shape.preferredLanguage);

  const formats: AccessibleFormat[] = [];
  const formatCell = one('accessibleFormats');
  if (formatCell) {
    for (const part of splitList(formatCell.text.replace(/,/g, ';'))) {
      const key = squash(part);
      const found = accessibleFormats.find(
        (f) =>
          squash(f) === key ||
          squash(accessibleFormatNames[f]) === key ||
          (f === 'bsl' && key === 'signlanguage'),
      );
      if (found === undefined)
        problem(
          formatCell.column,
          `${quoted(part)} is not an accessible format: use large print, easy read, Braille, BSL or audio`,
        );
      else if (!formats.includes(found)) formats.push(found);
    }
  }

  const score = (field: 'influence' | 'interest'): number | null => {
    const cell = one(field);
    if (!cell) return null;
    const parsed = parseScore(cell.text);
    if (parsed.ok) return parsed.value;
    problem(cell.column, parsed.message);
    return null;
  };
  const influence = score('influence');
  const interest = score('interest');

  const dayOf = (field: ImportField): string | null => {
    const cell = one(field);
    if (!cell) return null;
    const parsed = parseDay(cell.text, lookups.today);
    if (parsed.ok) return parsed.value;
    problem(cell.column, parsed.message);
    return null;
  };
  const lastVerifiedOn = dayOf('lastVerifiedOn');

  // Consent: yes needs the day and the wording; a day or wording without a yes or no is a question.
  let consent: ConsentValue | null = null;
  const consentCell = one('consent');
  const dateCell = one('consentDate');
  const wordingCell = one('consentWording');
  const consentOn = dayOf('consentDate');
  if (consentOn !== null && consentOn > lookups.today)
    problem(dateCell?.column, 'The consent date cannot be in the future');
  const wording = text<string>('consentWording', consentInputSchema.shape.wordingVersion);
  if (consentCell) {
    const parsed = parseConsent(consentCell.text);
    if (!parsed.ok) problem(consentCell.column, `${parsed.message}: write yes or no`);
    else if (parsed.value === 'given') {
      if (!emailCell)
        problem(consentCell.column, 'Consent to the e-newsletter needs an e-mail address on the row');
      if (!dateCell)
        problem(columns.get('consentDate')?.[0] ?? consentCell.column, 'Enter the date consent was given');
      if (!wordingCell)
        problem(
          columns.get('consentWording')?.[0] ?? consentCell.column,
          'Enter the version of the wording the person agreed to',
        );
      consent = { event: 'given', on: consentOn, wording };
    } else consent = { event: 'withdrawn', on: consentOn, wording };
  } else if (dateCell || wordingCell) {
    problem(
      columns.get('consent')?.[0] ?? dateCell?.column ?? wordingCell?.column,
      'Say yes or no to consent, since a consent date or wording is given',
    );
  }

  const shownName = nameText.replace(/\s+/g, ' ').slice(0, 200);
  if (found.length > 0) return { row: sheetRow.row, name: shownName, record: undefined, errors: sorted() };
  return {
    row: sheetRow.row,
    name: shownName,
    errors: [],
    record: {
      fullName,
      email,
      phones,
      organisation: organisation === null ? null : organisation.replace(/\s+/g, ' '),
      organisationType,
      position,
      roleIds,
      wards,
      postalAddress,
      preferredLanguage,
      accessibleFormats: formats,
      influence,
      interest,
      lastVerifiedOn,
      notes,
      consent,
    },
  };
}

/** The key that makes two rows the same person: the e-mail address, else the name and organisation. */
export function personKey(record: ImportRecord): string {
  return record.email
    ? `email:${record.email.normalised}`
    : `name:${nameKey(record.fullName)}\u0000${nameKey(record.organisation ?? '')}`;
}

/**
 * A later row of the same person folded into the first: the first row's values stand, blanks are
 * filled from the later row, and lists (phones, roles, wards, formats) are added together.
 */
export function fold(first: ImportRecord, later: ImportRecord): ImportRecord {
  const union = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y) => [
    ...a,
    ...b.filter((y) => !a.some((x) => same(x, y))),
  ];
  return {
    fullName: first.fullName,
    email: first.email ?? later.email,
    phones: union(first.phones, later.phones, (x, y) => x.normalised === y.normalised).slice(0, 10),
    organisation: first.organisation ?? later.organisation,
    organisationType: first.organisationType ?? later.organisationType,
    position: first.organisation !== null ? first.position : (first.position ?? later.position),
    roleIds: union(first.roleIds, later.roleIds).slice(0, 20),
    wards: union(first.wards, later.wards),
    postalAddress: first.postalAddress ?? later.postalAddress,
    preferredLanguage: first.preferredLanguage ?? later.preferredLanguage,
    accessibleFormats: union(first.accessibleFormats, later.accessibleFormats),
    influence: first.influence ?? later.influence,
    interest: first.interest ?? later.interest,
    lastVerifiedOn: first.lastVerifiedOn ?? later.lastVerifiedOn,
    notes: first.notes ?? later.notes,
    consent: first.consent ?? later.consent,
  };
}

/** A whole row's problem ("Row 9: A quoted value on this row is not closed"). */
export const wholeRowError = (row: number, message: string): RowError => ({ row, field: '', message });
