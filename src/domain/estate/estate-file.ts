import type { z } from 'zod';
import type { CellKind, Sheet, SheetCell, SheetRow } from '../../documents/spreadsheet.ts';
import { isCalendarDay } from '../shared/london-time.ts';
import {
  type Alternative,
  type ChangeType,
  changeTypeNames,
  compareSnapshots,
  type ProposalInput,
  type ProposalSnapshot,
  type ProposalStatus,
  proposalInputSchema,
  proposalStatusNames,
} from './proposal.ts';
import {
  type HeritageListing,
  heritageListingNames,
  type SiteInput,
  type SiteSnapshot,
  type SiteStatus,
  type SiteType,
  siteInputSchema,
  siteStatusNames,
  siteTypeNames,
} from './site.ts';

/**
 * The spreadsheet layouts of the estate: sites and proposals as columns, read from a file a person
 * made (headings matched loosely, labels or codes accepted) and written for export in the same
 * layout, so that an export imports again as "unchanged". Pure: it never throws on a bad file,
 * it reports each problem against its row and column in plain words.
 */

export type EstateKind = 'sites' | 'proposals';

/** A problem with one value of a row; `field` is the column in words ("postcode"), empty for the whole row. */
export type FieldError = Readonly<{ field: string; message: string }>;

export type Borough = Readonly<{ code: string; name: string }>;

/** "Row 7, postcode: Enter a real UK postcode, like SE11 5HN". */
export function describeRowError(row: number, e: FieldError): string {
  return e.field ? `Row ${row}, ${e.field}: ${e.message}` : `Row ${row}: ${e.message}`;
}

/** Lower case, letters and digits only, "&" as "and", "*" as "star": how headings and labels are compared. */
export const squash = (text: string): string =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/\*/g, 'star')
    .replace(/[^a-z0-9]/g, '');

/** A name as it is matched: case and spacing ignored. */
export const nameKey = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** A value quoted in a message: one line, not too long. */
function quoted(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ');
  return `“${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}”`;
}

// ---------------------------------------------------------------------------------------------
// Columns

type ColumnSpec<F extends string> = Readonly<{
  field: F;
  /** The heading an export writes. */
  header: string;
  /** The column in words, for messages. */
  label: string;
  /** Headings accepted, squashed. */
  aliases: readonly string[];
  kind?: CellKind;
  width?: number;
}>;

const boroughCodeAliases = [
  'boroughcode',
  'boroughgsscode',
  'gsscode',
  'gss',
  'areacode',
  'ladcode',
  'localauthoritycode',
  'lad22cd',
  'lad23cd',
  'lad24cd',
  'lad25cd',
];
const boroughNameAliases = [
  'borough',
  'boroughname',
  'localauthority',
  'localauthorityname',
  'lad22nm',
  'lad23nm',
  'lad24nm',
  'lad25nm',
];

export type SiteField =
  | 'id'
  | 'boroughCode'
  | 'boroughName'
  | 'name'
  | 'type'
  | 'address'
  | 'postcode'
  | 'wardCode'
  | 'latitude'
  | 'longitude'
  | 'publicAccess'
  | 'status'
  | 'iconic'
  | 'iconicReason'
  | 'heritageListing';

export const siteColumns: readonly ColumnSpec<SiteField>[] = [
  { field: 'id', header: 'Site ID', label: 'site ID', aliases: ['siteid', 'id'], width: 38 },
  { field: 'boroughCode', header: 'Borough code', label: 'borough', aliases: boroughCodeAliases },
  { field: 'boroughName', header: 'Borough', label: 'borough', aliases: boroughNameAliases, width: 22 },
  {
    field: 'name',
    header: 'Name',
    label: 'name',
    aliases: ['name', 'sitename', 'site', 'building', 'buildingname'],
    width: 32,
  },
  { field: 'type', header: 'Type', label: 'type', aliases: ['type', 'sitetype', 'typeofsite'], width: 24 },
  {
    field: 'address',
    header: 'Address',
    label: 'address',
    aliases: ['address', 'siteaddress', 'streetaddress', 'fulladdress'],
    width: 40,
  },
  { field: 'postcode', header: 'Postcode', label: 'postcode', aliases: ['postcode', 'postalcode'] },
  {
    field: 'wardCode',
    header: 'Ward code',
    label: 'ward code',
    aliases: ['wardcode', 'wardgsscode', 'wd22cd', 'wd23cd', 'wd24cd', 'wd25cd'],
  },
  { field: 'latitude', header: 'Latitude', label: 'latitude', aliases: ['latitude', 'lat'], kind: 'number' },
  {
    field: 'longitude',
    header: 'Longitude',
    label: 'longitude',
    aliases: ['longitude', 'long', 'lng', 'lon'],
    kind: 'number',
  },
  {
    field: 'publicAccess',
    header: 'Public access',
    label: 'public access',
    aliases: [
      'publicaccess',
      'frontcounterhours',
      'frontcounteropeninghours',
      'openinghours',
      'publicopeninghours',
    ],
    width: 30,
  },
  { field: 'status', header: 'Status', label: 'status', aliases: ['status', 'sitestatus'] },
  { field: 'iconic', header: 'Iconic', label: 'iconic', aliases: ['iconic', 'isiconic', 'iconicsite'] },
  {
    field: 'iconicReason',
    header: 'Iconic reason',
    label: 'iconic reason',
    aliases: ['iconicreason', 'iconicreasons', 'whyiconic', 'whyitisiconic', 'reasoniconic'],
    width: 40,
  },
  {
    field: 'heritageListing',
    header: 'Heritage listing',
    label: 'heritage listing',
    aliases: ['heritagelisting', 'heritage', 'listing', 'listedstatus', 'listed', 'listedbuilding'],
    width: 20,
  },
];

export type ProposalField =
  | 'id'
  | 'siteId'
  | 'siteName'
  | 'boroughCode'
  | 'boroughName'
  | 'changeType'
  | 'title'
  | 'summary'
  | 'reasons'
  | 'replacementProvision'
  | 'engagementStart'
  | 'decisionDue'
  | 'implementationDate'
  | 'disposalDate'
  | 'status';

export const proposalColumns: readonly ColumnSpec<ProposalField>[] = [
  { field: 'id', header: 'Proposal ID', label: 'proposal ID', aliases: ['proposalid', 'id'], width: 38 },
  { field: 'siteId', header: 'Site ID', label: 'site ID', aliases: ['siteid'], width: 38 },
  { field: 'siteName', header: 'Site', label: 'site', aliases: ['site', 'sitename'], width: 32 },
  { field: 'boroughCode', header: 'Borough code', label: 'borough', aliases: boroughCodeAliases },
  { field: 'boroughName', header: 'Borough', label: 'borough', aliases: boroughNameAliases, width: 22 },
  {
    field: 'changeType',
    header: 'Change type',
    label: 'change type',
    aliases: ['changetype', 'change', 'typeofchange', 'kindofchange', 'proposaltype', 'type'],
    width: 26,
  },
  {
    field: 'title',
    header: 'Title',
    label: 'title',
    aliases: ['title', 'proposaltitle', 'proposal'],
    width: 36,
  },
  {
    field: 'summary',
    header: 'Summary',
    label: 'summary',
    aliases: ['summary', 'proposalsummary', 'description'],
    width: 50,
  },
  {
    field: 'reasons',
    header: 'Reasons',
    label: 'reasons',
    aliases: ['reasons', 'reason', 'rationale'],
    width: 50,
  },
  {
    field: 'replacementProvision',
    header: 'Replacement provision',
    label: 'replacement provision',
    aliases: ['replacementprovision', 'replacement', 'reprovision'],
    width: 40,
  },
  {
    field: 'engagementStart',
    header: 'Engagement starts',
    label: 'engagement start',
    aliases: ['engagementstarts', 'engagementstart', 'engagementstartdate', 'startofengagement'],
    kind: 'date',
  },
  {
    field: 'decisionDue',
    header: 'Decision due',
    label: 'decision due date',
    aliases: ['decisiondue', 'decisionduedate', 'decisiondate'],
    kind: 'date',
  },
  {
    field: 'implementationDate',
    header: 'Implementation date',
    label: 'implementation date',
    aliases: ['implementationdate', 'implementation', 'implementationdue'],
    kind: 'date',
  },
  {
    field: 'disposalDate',
    header: 'Disposal date',
    label: 'disposal date',
    aliases: ['disposaldate', 'disposal', 'dateofdisposal'],
    kind: 'date',
  },
  { field: 'status', header: 'Status', label: 'status', aliases: ['status', 'proposalstatus'], width: 24 },
];

/** The parts of an alternative, each a column of its group ("Alternative 2 cost (£)"). */
export const alternativeParts = [
  'description',
  'assessment',
  'criteria',
  'costPence',
  'savingPence',
] as const;
export type AlternativePart = (typeof alternativeParts)[number];

const alternativePartColumns: Readonly<
  Record<AlternativePart, { header: string; label: string; aliases: readonly string[]; kind?: CellKind }>
> = {
  description: { header: 'description', label: 'description', aliases: ['', 'description', 'desc'] },
  assessment: {
    header: 'assessment',
    label: 'assessment',
    aliases: ['assessment', 'howassessed', 'assessed'],
  },
  criteria: { header: 'criteria', label: 'criteria', aliases: ['criteria', 'criterion'] },
  costPence: {
    header: 'cost (£)',
    label: 'cost',
    aliases: ['cost', 'costs', 'oneoffcost', 'costpounds'],
    kind: 'money',
  },
  savingPence: {
    header: 'saving (£)',
    label: 'saving',
    aliases: ['saving', 'savings', 'yearlysaving', 'annualsaving', 'savingayear', 'savingperyear'],
    kind: 'money',
  },
};

/** At most this many alternatives (the domain's own limit), and an export always offers three. */
const maxAlternatives = 20;
const exportedAlternatives = 3;

const alternativeHeading = /^(?:alternative|alt|option)(\d{1,2})(.*)$/;

export type ColumnMap<F extends string> = Readonly<{
  /** The column index of each field the file has. */
  index: ReadonlyMap<F, number>;
  /** Alternative groups by their number, each with the column index of the parts it has. */
  alternatives: ReadonlyMap<number, Readonly<Partial<Record<AlternativePart, number>>>>;
  /** Headings Nonsuch does not use. */
  ignored: readonly string[];
  /** Problems with the headings that stop the file being read. */
  problems: readonly string[];
}>;

function mapColumns<F extends string>(
  specs: readonly ColumnSpec<F>[],
  header: readonly string[],
  withAlternatives: boolean,
): ColumnMap<F> {
  const index = new Map<F, number>();
  const alternatives = new Map<number, Partial<Record<AlternativePart, number>>>();
  const ignored: string[] = [];
  const problems: string[] = [];
  const twice = (first: number, then: number, what: string) =>
    problems.push(
      `The columns ${quoted(header[first] ?? '')} and ${quoted(header[then] ?? '')} both hold the ${what}: keep one`,
    );
  header.forEach((heading, i) => {
    const key = squash(heading);
    if (key === '') return;
    const alt = withAlternatives ? alternativeHeading.exec(key) : null;
    if (alt) {
      const n = Number(alt[1]);
      const part = alternativeParts.find((p) => alternativePartColumns[p].aliases.includes(alt[2] ?? ''));
      if (part && n >= 1 && n <= maxAlternatives) {
        const group = alternatives.get(n) ?? {};
        const first = group[part];
        if (first !== undefined) twice(first, i, `alternative ${n} ${alternativePartColumns[part].label}`);
        else alternatives.set(n, { ...group, [part]: i });
        return;
      }
    }
    const spec = specs.find((s) => s.aliases.includes(key));
    if (!spec) {
      ignored.push(heading);
      return;
    }
    const first = index.get(spec.field);
    if (first !== undefined) twice(first, i, spec.label);
    else index.set(spec.field, i);
  });
  return { index, alternatives, ignored, problems };
}

function missingColumns<F extends string>(
  specs: readonly ColumnSpec<F>[],
  map: ColumnMap<F>,
  required: readonly (readonly F[])[],
): string[] {
  const labelOf = (f: F) => specs.find((s) => s.field === f)?.label ?? f;
  return required
    .filter((anyOf) => !anyOf.some((f) => map.index.has(f)))
    .map((anyOf) =>
      anyOf
        .map(labelOf)
        .filter((l, i, all) => all.indexOf(l) === i)
        .join(' or '),
    );
}

const requiredSiteColumns: readonly (readonly SiteField[])[] = [
  ['name'],
  ['type'],
  ['address'],
  ['postcode'],
  ['boroughCode', 'boroughName', 'latitude'],
];
const requiredProposalColumns: readonly (readonly ProposalField[])[] = [
  ['siteId', 'siteName'],
  ['changeType'],
  ['title'],
  ['summary'],
  ['reasons'],
];

function headingProblems(kind: EstateKind, header: readonly string[]): string[] {
  const problems: string[] = [];
  const missing =
    kind === 'sites'
      ? missingColumns(siteColumns, mapColumns(siteColumns, header, false), requiredSiteColumns)
      : missingColumns(proposalColumns, mapColumns(proposalColumns, header, true), requiredProposalColumns);
  if (missing.length > 0) {
    problems.push(
      `The first row must hold the column headings, and it has no column for the ${missing.join(', the ')}`,
    );
    const other: EstateKind = kind === 'sites' ? 'proposals' : 'sites';
    const fitsOther =
      other === 'sites'
        ? missingColumns(siteColumns, mapColumns(siteColumns, header, false), requiredSiteColumns)
        : missingColumns(proposalColumns, mapColumns(proposalColumns, header, true), requiredProposalColumns);
    if (fitsOther.length === 0) problems.push(`This looks like a file of ${other}: import it as ${other}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Text as typed, or undefined when the file has no such column. */
type Cells<F extends string> = (field: F) => string | undefined;

function cellsOf<F extends string>(map: ColumnMap<F>, cells: readonly string[]): Cells<F> {
  return (field) => {
    const i = map.index.get(field);
    return i === undefined ? undefined : (cells[i] ?? '').trim();
  };
}

/** One of a fixed set of values, by its code or its label in any case and spacing, or a common variant. */
function choice<T extends string>(
  raw: string,
  names: Readonly<Record<T, string>>,
  variants: Readonly<Record<string, T>>,
  noun: string,
): { value: T } | { error: string } {
  const key = squash(raw);
  for (const code of Object.keys(names) as T[]) {
    if (squash(code) === key || squash(names[code]) === key) return { value: code };
  }
  const variant = variants[key];
  if (variant) return { value: variant };
  return {
    error: `${quoted(raw)} is not ${noun}: use one of ${Object.values<string>(names).join(', ')}`,
  };
}

const siteTypeVariants: Readonly<Record<string, SiteType>> = {
  station: 'police-station',
  snb: 'safer-neighbourhood-base',
  snbase: 'safer-neighbourhood-base',
  saferneighbourhoodsbase: 'safer-neighbourhood-base',
  custodysuite: 'custody',
  custodycentre: 'custody',
};
const siteStatusVariants: Readonly<Record<string, SiteStatus>> = {
  open: 'operational',
  inuse: 'operational',
  sold: 'disposed',
};
const heritageVariants: Readonly<Record<string, HeritageListing>> = {
  no: 'none',
  notlisted: 'none',
  unlisted: 'none',
  gradei: 'grade-i',
  grade1: 'grade-i',
  grade1listed: 'grade-i',
  gradeii: 'grade-ii',
  grade2: 'grade-ii',
  grade2listed: 'grade-ii',
  gradeiistar: 'grade-ii-star',
  grade2star: 'grade-ii-star',
  grade2starlisted: 'grade-ii-star',
  local: 'locally-listed',
  locallisted: 'locally-listed',
  locallylisted: 'locally-listed',
};
const changeTypeVariants: Readonly<Record<string, ChangeType>> = {
  closefrontcounter: 'close-front-counter',
  frontcounterclosure: 'close-front-counter',
  disposal: 'dispose',
  disposeofsite: 'dispose',
  relocate: 'relocate-functions',
  relocation: 'relocate-functions',
  colocate: 'co-locate',
  colocation: 'co-locate',
  new: 'new-facility',
  newbuild: 'new-facility',
  refurbishment: 'refurbish',
};
const proposalStatusVariants: Readonly<Record<string, ProposalStatus>> = {
  published: 'published',
  proceed: 'proceed',
  decidedproceed: 'proceed',
  modified: 'modified',
  decidedmodified: 'modified',
  withdrawn: 'withdrawn',
  decidedwithdrawn: 'withdrawn',
};

const yes = new Set(['yes', 'y', 'true', '1', 'iconic']);
const no = new Set(['no', 'n', 'false', '0', 'noticonic']);

function yesNo(raw: string): { value: boolean } | { error: string } {
  const key = squash(raw);
  if (yes.has(key)) return { value: true };
  if (no.has(key)) return { value: false };
  return { error: `${quoted(raw)} is not yes or no: enter Yes or No` };
}

/** A calendar day written YYYY-MM-DD, or day/month/year as UK spreadsheets do (31/03/2027). */
function calendarDay(raw: string, label: string): { value: string | null } | { error: string } {
  if (raw === '') return { value: null };
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  const slashed = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(raw);
  const pad = (s: string | undefined) => (s ?? '').padStart(2, '0');
  const day = uk
    ? `${uk[3]}-${pad(uk[2])}-${pad(uk[1])}`
    : slashed
      ? `${slashed[1]}-${pad(slashed[2])}-${pad(slashed[3])}`
      : raw;
  if (isCalendarDay(day)) return { value: day };
  return { error: `Enter the ${label} as a real date, like 2027-03-31 or 31/03/2027` };
}

/** Money in pounds as typed: "£1,250.50", "250000". The domain's schema checks it. */
const pounds = (raw: string): string => raw.replace(/[£\s]/g, '');

/** Names compared without "London Borough of" and the like. */
const boroughKey = (text: string): string =>
  squash(
    text
      .trim()
      .replace(/^(the\s+)?((london|royal)\s+)?borough\s+of\s+/i, '')
      .replace(/^city\s+of\s+westminster$/i, 'Westminster'),
  );

/** A borough by its GSS code or its name. */
export function resolveBorough(text: string, boroughs: readonly Borough[]): string | undefined {
  const code = text.trim().toUpperCase();
  if (/^E09\d{6}$/.test(code)) return boroughs.find((b) => b.code === code)?.code;
  const key = boroughKey(text);
  return key === '' ? undefined : boroughs.find((b) => boroughKey(b.name) === key)?.code;
}

/** The borough a row names in its code and name columns; they must agree when both are filled. */
function rowBorough(
  code: string | undefined,
  name: string | undefined,
  boroughs: readonly Borough[],
  errors: FieldError[],
): string | undefined {
  const byCode = code ? resolveBorough(code, boroughs) : undefined;
  const byName = name ? resolveBorough(name, boroughs) : undefined;
  const unknown = (raw: string) =>
    errors.push({
      field: 'borough',
      message: `${quoted(raw)} is not a London borough: give its name or its code, like E09000022`,
    });
  if (code && !byCode) unknown(code);
  if (name && !byName) unknown(name);
  if (byCode && byName && byCode !== byName) {
    const named = (c: string) => boroughs.find((b) => b.code === c)?.name ?? c;
    errors.push({
      field: 'borough',
      message: `The borough code ${byCode} is ${named(byCode)}, but the borough is given as ${name}: correct one of them`,
    });
    return undefined;
  }
  return byCode ?? byName;
}

/** PostgreSQL cannot store a NUL character in text, and no one types one. */
function nulCheck<F extends string>(
  specs: readonly ColumnSpec<F>[],
  map: ColumnMap<F>,
  cells: readonly string[],
  errors: FieldError[],
): void {
  for (const [field, i] of map.index) {
    if ((cells[i] ?? '').includes('\u0000')) {
      errors.push({
        field: specs.find((s) => s.field === field)?.label ?? field,
        message: 'The value holds a character that is not text: retype it',
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading rows

/** A row as the file gives it: the values of the columns it has, converted; the rest are left out. */
export type SiteFileRow = Readonly<{
  row: number;
  /** The site ID the row names, if any. */
  id: string | undefined;
  /** The borough the row names, if it names one that exists. */
  areaCode: string | undefined;
  /** The name as typed (for matching an existing site and for showing the row). */
  name: string;
  values: Partial<SiteInput>;
  errors: readonly FieldError[];
}>;

export type ProposalFileRow = Readonly<{
  row: number;
  id: string | undefined;
  siteId: string | undefined;
  siteName: string | undefined;
  areaCode: string | undefined;
  title: string;
  values: Partial<ProposalInput>;
  /** The alternative group number of each alternative in `values.alternatives`. */
  alternativeNumbers: readonly number[];
  errors: readonly FieldError[];
}>;

export type EstateFile<R> = Readonly<{
  /** Problems with the file as a whole (its headings): nothing in it can be imported. */
  problems: readonly string[];
  ignored: readonly string[];
  rows: readonly R[];
}>;

export type SheetIn = Readonly<{ header: readonly string[]; rows: readonly SheetRow[] }>;

export function readSitesFile(sheet: SheetIn, boroughs: readonly Borough[]): EstateFile<SiteFileRow> {
  const map = mapColumns(siteColumns, sheet.header, false);
  const problems = [...map.problems, ...headingProblems('sites', sheet.header)];
  if (map.index.has('latitude') !== map.index.has('longitude'))
    problems.push(
      'The file has a latitude column but no longitude column, or the other way round: give both',
    );
  if (problems.length > 0) return { problems, ignored: map.ignored, rows: [] };
  return { problems, ignored: map.ignored, rows: sheet.rows.map((r) => readSiteRow(r, map, boroughs)) };
}

function readSiteRow(r: SheetRow, map: ColumnMap<SiteField>, boroughs: readonly Borough[]): SiteFileRow {
  const cell = cellsOf(map, r.cells);
  const errors: FieldError[] = [];
  nulCheck(siteColumns, map, r.cells, errors);
  const values: Partial<SiteInput> = {};
  const setText = (field: 'name' | 'address' | 'postcode' | 'publicAccess' | 'iconicReason' | 'wardCode') => {
    const v = cell(field);
    if (v !== undefined) values[field] = v;
  };
  for (const f of ['name', 'address', 'postcode', 'publicAccess', 'iconicReason', 'wardCode'] as const)
    setText(f);
  const latitude = cell('latitude');
  const longitude = cell('longitude');
  if (latitude !== undefined) values.latitude = latitude;
  if (longitude !== undefined) values.longitude = longitude;

  const pick = <T>(
    field: SiteField,
    label: string,
    parsed: (raw: string) => { value: T } | { error: string },
  ) => {
    const raw = cell(field);
    if (raw === undefined || raw === '') return undefined;
    const result = parsed(raw);
    if ('error' in result) {
      errors.push({ field: label, message: result.error });
      return undefined;
    }
    return result.value;
  };
  const type = pick('type', 'type', (raw) => choice(raw, siteTypeNames, siteTypeVariants, 'a type of site'));
  if (type !== undefined) values.type = type;
  const status = pick('status', 'status', (raw) =>
    choice(raw, siteStatusNames, siteStatusVariants, 'a status of a site'),
  );
  if (status !== undefined) values.status = status;
  const iconic = pick('iconic', 'iconic', yesNo);
  if (iconic !== undefined) values.iconic = iconic;
  const heritage = pick('heritageListing', 'heritage listing', (raw) =>
    choice(raw, heritageListingNames, heritageVariants, 'a heritage listing'),
  );
  if (heritage !== undefined) values.heritageListing = heritage;

  const areaCode = rowBorough(cell('boroughCode'), cell('boroughName'), boroughs, errors);
  if (areaCode) values.areaCode = areaCode;
  return {
    row: r.row,
    id: cell('id') || undefined,
    areaCode,
    name: cell('name') ?? '',
    values,
    errors,
  };
}

export function readProposalsFile(sheet: SheetIn, boroughs: readonly Borough[]): EstateFile<ProposalFileRow> {
  const map = mapColumns(proposalColumns, sheet.header, true);
  const problems = [...map.problems, ...headingProblems('proposals', sheet.header)];
  if (problems.length > 0) return { problems, ignored: map.ignored, rows: [] };
  return { problems, ignored: map.ignored, rows: sheet.rows.map((r) => readProposalRow(r, map, boroughs)) };
}

function readProposalRow(
  r: SheetRow,
  map: ColumnMap<ProposalField>,
  boroughs: readonly Borough[],
): ProposalFileRow {
  const cell = cellsOf(map, r.cells);
  const errors: FieldError[] = [];
  nulCheck(proposalColumns, map, r.cells, errors);
  for (const [n, group] of map.alternatives) {
    for (const part of alternativeParts) {
      const i = group[part];
      if (i !== undefined && (r.cells[i] ?? '').includes('\u0000'))
        errors.push({
          field: `alternative ${n} ${alternativePartColumns[part].label}`,
          message: 'The value holds a character that is not text: retype it',
        });
    }
  }
  const values: Partial<ProposalInput> = {};
  for (const f of ['title', 'summary', 'reasons', 'replacementProvision'] as const) {
    const v = cell(f);
    if (v !== undefined) values[f] = v;
  }
  const changeType = cell('changeType');
  if (changeType) {
    const c = choice(changeType, changeTypeNames, changeTypeVariants, 'a kind of change');
    if ('error' in c) errors.push({ field: 'change type', message: c.error });
    else values.changeType = c.value;
  }
  const status = cell('status');
  if (status) {
    const c = choice(status, proposalStatusNames, proposalStatusVariants, 'a status of a proposal');
    if ('error' in c) errors.push({ field: 'status', message: c.error });
    else values.status = c.value;
  }
  for (const f of ['engagementStart', 'decisionDue', 'implementationDate', 'disposalDate'] as const) {
    const raw = cell(f);
    if (raw === undefined) continue;
    const label = proposalColumns.find((s) => s.field === f)?.label ?? f;
    const d = calendarDay(raw, label);
    if ('error' in d) errors.push({ field: label, message: d.error });
    else values[f] = d.value;
  }
  const alternativeNumbers: number[] = [];
  if (map.alternatives.size > 0) {
    const alternatives: NonNullable<ProposalInput['alternatives']> = [];
    for (const [n, group] of [...map.alternatives].sort(([a], [b]) => a - b)) {
      const text = (part: AlternativePart) => {
        const i = group[part];
        return i === undefined ? '' : (r.cells[i] ?? '').trim();
      };
      if (alternativeParts.every((p) => text(p) === '')) continue;
      alternativeNumbers.push(n);
      alternatives.push({
        description: text('description'),
        assessment: text('assessment'),
        criteria: text('criteria'),
        costPence: pounds(text('costPence')),
        savingPence: pounds(text('savingPence')),
      });
    }
    values.alternatives = alternatives;
  }
  const siteId = cell('siteId') || undefined;
  const siteName = cell('siteName') || undefined;
  // The borough only helps find the site by its name.
  const areaCode = rowBorough(cell('boroughCode'), cell('boroughName'), boroughs, errors);
  return {
    row: r.row,
    id: cell('id') || undefined,
    siteId,
    siteName,
    areaCode,
    title: cell('title') ?? '',
    values,
    alternativeNumbers,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// Checking a row with the domain's own rules

export type Checked<T, I> =
  | Readonly<{ ok: true; input: I; parsed: T }>
  | Readonly<{ ok: false; errors: readonly FieldError[] }>;

/** Merges each error into the list, one for each field: what the file reader found comes first. */
function issuesOf(
  issues: readonly z.core.$ZodIssue[],
  labelOf: (path: readonly PropertyKey[]) => string,
  earlier: readonly FieldError[],
): FieldError[] {
  const errors = [...earlier];
  for (const issue of issues) {
    const field = labelOf(issue.path);
    if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
  }
  return errors;
}

const siteLabels: Readonly<Record<string, string>> = {
  ...Object.fromEntries(siteColumns.map((s) => [s.field, s.label])),
  areaCode: 'borough',
};

/** The label of a field the domain names (`areaCode`, `wardCode`, …), for an error it raised. */
export const siteFieldLabel = (field: string): string => siteLabels[field] ?? field;

/**
 * A site row checked by the domain's schema: the file's values over `base` (an existing site's
 * values, for columns the file does not have) or over the defaults for a new site.
 */
export function checkSiteRow(
  row: SiteFileRow,
  base?: Partial<SiteInput>,
): Checked<z.output<typeof siteInputSchema>, SiteInput> {
  const input = { ...base, ...row.values } as SiteInput;
  const result = siteInputSchema.safeParse(input);
  if (result.success && row.errors.length === 0) return { ok: true, input, parsed: result.data };
  const issues = result.success ? [] : result.error.issues;
  return { ok: false, errors: issuesOf(issues, (p) => siteFieldLabel(String(p[0] ?? '')), row.errors) };
}

const proposalLabels: Readonly<Record<string, string>> = Object.fromEntries(
  proposalColumns.map((s) => [s.field, s.label]),
);

export const proposalFieldLabel = (field: string): string =>
  proposalLabels[field] ?? (field === 'siteId' ? 'site' : field);

export function checkProposalRow(
  row: ProposalFileRow,
  base?: Partial<ProposalInput>,
): Checked<z.output<typeof proposalInputSchema>, ProposalInput> {
  const input = { ...base, ...row.values } as ProposalInput;
  const result = proposalInputSchema.safeParse(input);
  if (result.success && row.errors.length === 0) return { ok: true, input, parsed: result.data };
  const issues = result.success ? [] : result.error.issues;
  const fromFile = row.values.alternatives !== undefined;
  const labelOf = (path: readonly PropertyKey[]) => {
    const [field, index, part] = path;
    if (field === 'alternatives') {
      if (typeof index !== 'number') return 'alternatives';
      const n = fromFile ? (row.alternativeNumbers[index] ?? index + 1) : index + 1;
      const partLabel = alternativePartColumns[part as AlternativePart]?.label;
      return `alternative ${n}${partLabel ? ` ${partLabel}` : ''}`;
    }
    return proposalLabels[String(field)] ?? String(field ?? '');
  };
  return { ok: false, errors: issuesOf(issues, labelOf, row.errors) };
}

/** An existing site's values in the shape a file row gives, for the columns a file leaves out. */
export function siteBaseOf(s: SiteSnapshot): Partial<SiteInput> {
  return {
    name: s.name,
    type: s.type,
    address: s.address,
    postcode: s.postcode,
    areaCode: s.areaCode,
    // A ward found from the coordinates is found again; only a chosen one is carried over.
    wardCode: s.wardSource === 'chosen' ? (s.wardCode ?? undefined) : undefined,
    latitude: s.latitude,
    longitude: s.longitude,
    publicAccess: s.publicAccess,
    status: s.status,
    iconic: s.iconic,
    iconicReason: s.iconicReason,
    heritageListing: s.heritageListing,
  };
}

/** Pence as the pounds a person types (the schema turns pounds into pence). */
const poundsOf = (pence: number | null): string | null => (pence === null ? null : String(pence / 100));

export function proposalBaseOf(p: ProposalSnapshot): Partial<ProposalInput> {
  return {
    changeType: p.changeType,
    title: p.title,
    summary: p.summary,
    reasons: p.reasons,
    alternatives: p.alternatives.map((a) => ({
      description: a.description,
      assessment: a.assessment,
      criteria: a.criteria,
      costPence: poundsOf(a.costPence),
      savingPence: poundsOf(a.savingPence),
    })),
    replacementProvision: p.replacementProvision,
    engagementStart: p.engagementStart,
    decisionDue: p.decisionDue,
    implementationDate: p.implementationDate,
    disposalDate: p.disposalDate,
    status: p.status,
  };
}

/** The labels of the fields whose values differ. */
export function changedFields<K extends string>(
  labels: Readonly<Record<K, string>>,
  before: Readonly<Record<K, unknown>>,
  after: Readonly<Record<K, unknown>>,
): string[] {
  return compareSnapshots(labels, before, after)
    .filter((c) => c.changed)
    .map((c) => c.label);
}

/** For each row whose key an earlier row has, the earlier row's number. */
export function duplicateRows(
  rows: readonly Readonly<{ row: number; key: string | undefined }>[],
): Map<number, number> {
  const first = new Map<string, number>();
  const duplicates = new Map<number, number>();
  for (const { row, key } of rows) {
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, row);
    else duplicates.set(row, earlier);
  }
  return duplicates;
}

// ---------------------------------------------------------------------------------------------
// Writing: the same layout, for export

export type ExportedSite = SiteSnapshot & Readonly<{ id: string; areaName: string }>;
export type ExportedProposal = ProposalSnapshot &
  Readonly<{ id: string; siteName: string; areaCode: string; areaName: string }>;

const column = <F extends string>(s: ColumnSpec<F>) => ({
  header: s.header,
  ...(s.kind ? { kind: s.kind } : {}),
  ...(s.width ? { width: s.width } : {}),
});

export function sitesSheet(sites: readonly ExportedSite[]): Sheet {
  const values = (s: ExportedSite): Record<SiteField, SheetCell> => ({
    id: s.id,
    boroughCode: s.areaCode,
    boroughName: s.areaName,
    name: s.name,
    type: siteTypeNames[s.type],
    address: s.address,
    postcode: s.postcode,
    wardCode: s.wardCode,
    latitude: s.latitude,
    longitude: s.longitude,
    publicAccess: s.publicAccess,
    status: siteStatusNames[s.status],
    iconic: s.iconic ? 'Yes' : 'No',
    iconicReason: s.iconicReason,
    heritageListing: heritageListingNames[s.heritageListing],
  });
  return {
    name: 'Sites',
    columns: siteColumns.map(column),
    rows: sites.map((s) => {
      const v = values(s);
      return siteColumns.map((c) => v[c.field]);
    }),
  };
}

const pence = (p: number | null): number | null => (p === null ? null : p / 100);

export function proposalsSheet(proposals: readonly ExportedProposal[]): Sheet {
  const groups = Math.max(exportedAlternatives, ...proposals.map((p) => p.alternatives.length));
  const values = (p: ExportedProposal): Record<ProposalField, SheetCell> => ({
    id: p.id,
    siteId: p.siteId,
    siteName: p.siteName,
    boroughCode: p.areaCode,
    boroughName: p.areaName,
    changeType: changeTypeNames[p.changeType],
    title: p.title,
    summary: p.summary,
    reasons: p.reasons,
    replacementProvision: p.replacementProvision,
    engagementStart: p.engagementStart,
    decisionDue: p.decisionDue,
    implementationDate: p.implementationDate,
    disposalDate: p.disposalDate,
    status: proposalStatusNames[p.status],
  });
  const alternativeCells = (a: Alternative | undefined): SheetCell[] => [
    a?.description ?? null,
    a?.assessment ?? null,
    a?.criteria ?? null,
    pence(a?.costPence ?? null),
    pence(a?.savingPence ?? null),
  ];
  const numbers = Array.from({ length: groups }, (_, i) => i + 1);
  return {
    name: 'Proposals',
    columns: [
      ...proposalColumns.map(column),
      ...numbers.flatMap((n) =>
        alternativeParts.map((part) => {
          const { header, kind } = alternativePartColumns[part];
          return { header: `Alternative ${n} ${header}`, width: kind ? 14 : 36, ...(kind ? { kind } : {}) };
        }),
      ),
    ],
    rows: proposals.map((p) => {
      const v = values(p);
      return [
        ...proposalColumns.map((c) => v[c.field]),
        ...numbers.flatMap((n) => alternativeCells(p.alternatives[n - 1])),
      ];
    }),
  };
}
