import Papa from 'papaparse';
import { DomainError } from '../shared/errors.ts';

/**
 * The cells of the ONS reference files: reading a CSV into numbered rows, finding columns by
 * their ONS names, checking codes and names, and the row errors all of it reports. Pure: nothing
 * here throws on bad input.
 */

export type RowError = Readonly<{
  /** The spreadsheet row (header = 1, first data row = 2); in GeoJSON, the feature's number from 1. */
  row: number;
  /** The column (or property) the problem is in; `file` for the file as a whole. */
  field: string;
  message: string;
  /** What `row` counts: spreadsheet rows (the default) or the features of a GeoJSON file. */
  unit?: 'feature';
}>;

/** One problem as a line for a person: "Row 3, WD22CD: …" or "Feature 3, geometry: …". */
export function describeRowError(e: RowError): string {
  const where = `${e.unit === 'feature' ? 'Feature' : 'Row'} ${e.row}`;
  return e.field === 'file' ? `${where}: ${e.message}` : `${where}, ${e.field}: ${e.message}`;
}

export type Parsed<T> =
  | Readonly<{ ok: true; file: T }>
  | Readonly<{ ok: false; errors: readonly RowError[] }>;

/** A file was refused: it carries every row error so the caller can show them. */
export class ImportRejected extends DomainError {
  readonly rowErrors: readonly RowError[];

  constructor(rowErrors: readonly RowError[]) {
    const n = rowErrors.length;
    super('invalid', `The file has ${n} ${n === 1 ? 'problem' : 'problems'}; nothing was imported.`);
    this.name = 'ImportRejected';
    this.rowErrors = rowErrors;
  }
}

export const codeFormats = {
  ward: { pattern: /^E05\d{6}$/, noun: 'ward', example: 'E05009288', prefix: 'E05' },
  constituency: { pattern: /^E14\d{6}$/, noun: 'constituency', example: 'E14001073', prefix: 'E14' },
  borough: { pattern: /^E09\d{6}$/, noun: 'borough', example: 'E09000001', prefix: 'E09' },
} as const;
export type CodeKind = keyof typeof codeFormats;

export const isWardCode = (s: string): boolean => codeFormats.ward.pattern.test(s);
export const isConstituencyCode = (s: string): boolean => codeFormats.constituency.pattern.test(s);
export const isBoroughCode = (s: string): boolean => codeFormats.borough.pattern.test(s);

const maxNameLength = 200;

/** A value as quoted in a message: one line, not too long. */
export function shown(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ');
  return `“${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}”`;
}

// ---------------------------------------------------------------------------------------------
// Reading a table

export type Table = Readonly<{
  header: readonly string[];
  records: readonly Readonly<{ row: number; cells: readonly string[] }>[];
  errors: readonly RowError[];
}>;

/**
 * Rows are read without Papa's header mode so that row numbers stay those of a spreadsheet, blank
 * rows included (blank rows are skipped, not counted as problems).
 */
export function readCsv(text: string): Table {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    delimiter: ',',
    skipEmptyLines: false,
  });
  const [header = [], ...rest] = result.data;
  const errors = result.errors.map((e) => ({
    row: (e.row ?? 0) + 1,
    field: 'file',
    message:
      e.type === 'Quotes'
        ? 'A quoted value on this row is not closed: check the quotation marks'
        : `This row cannot be read: ${e.message}`,
  }));
  // A row that cannot be read is reported once, not again for each of its values.
  const unreadable = new Set(errors.map((e) => e.row));
  const records = rest
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter((r) => !unreadable.has(r.row) && r.cells.some((c) => c.trim() !== ''));
  return { header: header.map((h) => h.trim()), records, errors };
}

export type Column = Readonly<{ index: number; name: string; year: number }>;

/** The first column whose upper-cased name matches, with the two-digit year it names. */
export function column(header: readonly string[], pattern: RegExp): Column | undefined {
  for (const [index, name] of header.entries()) {
    const m = pattern.exec(name.toUpperCase());
    if (m) return { index, name, year: m[1] === undefined ? 0 : 2000 + Number(m[1]) };
  }
  return undefined;
}

export const columnNamed = (header: readonly string[], name: string): Column | undefined =>
  column(header, new RegExp(`^${name.toUpperCase()}$`));

// ---------------------------------------------------------------------------------------------
// Checking values

export type Errors = RowError[];

export function code(
  errors: Errors,
  row: number,
  field: string,
  raw: string | undefined,
  kind: CodeKind,
): string | undefined {
  const value = (raw ?? '').trim();
  const { pattern, noun, example, prefix } = codeFormats[kind];
  if (value === '') {
    errors.push({ row, field, message: `Enter the ${noun} code` });
    return undefined;
  }
  if (!pattern.test(value)) {
    errors.push({
      row,
      field,
      message: `${shown(value)} is not a ${noun} code: it must be ${prefix} followed by 6 digits, like ${example}`,
    });
    return undefined;
  }
  return value;
}

export function borough(
  errors: Errors,
  row: number,
  field: string,
  raw: string | undefined,
  knownAreas: ReadonlySet<string>,
): string | undefined {
  const value = code(errors, row, field, raw, 'borough');
  if (value === undefined) return undefined;
  if (!knownAreas.has(value)) {
    errors.push({ row, field, message: `${value} is not a London borough known to Nonsuch` });
    return undefined;
  }
  return value;
}

export function name(
  errors: Errors,
  row: number,
  field: string,
  raw: unknown,
  noun: string,
): string | undefined {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') {
    errors.push({ row, field, message: `Enter the ${noun} name` });
    return undefined;
  }
  if (/[\r\n\u2028\u2029]/.test(value)) {
    errors.push({ row, field, message: `The ${noun} name must be on one line` });
    return undefined;
  }
  if (value.length > maxNameLength) {
    errors.push({
      row,
      field,
      message: `The ${noun} name must be ${maxNameLength} characters or fewer`,
    });
    return undefined;
  }
  return value;
}

/** Remembers the first row (or feature) of each key and reports the later ones. */
export function uniqueness(errors: Errors, unit: 'row' | 'feature' = 'row') {
  const seen = new Map<string, number>();
  return (row: number, field: string, key: string, what: string): boolean => {
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        row,
        field,
        message: `${what} is also ${unit === 'row' ? 'on row' : 'feature'} ${first}: each must appear once`,
      });
      return false;
    }
    seen.set(key, row);
    return true;
  };
}

export const result = <T>(errors: readonly RowError[], file: T): Parsed<T> =>
  errors.length > 0 ? { ok: false, errors: [...errors].sort((a, b) => a.row - b.row) } : { ok: true, file };

export const noRows = (noun: string): RowError => ({
  row: 2,
  field: 'file',
  message: `The file has no ${noun} in it`,
});

// ---------------------------------------------------------------------------------------------
// Reading GeoJSON

export type Feature = Readonly<{
  /** The feature's number, from 1. */
  row: number;
  properties: Readonly<Record<string, unknown>>;
  geometry: unknown;
}>;

export type FeatureCollection = Readonly<{
  /** Every property name used by any feature, in order of first use. */
  keys: readonly string[];
  features: readonly Feature[];
}>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A problem with a GeoJSON file as a whole. */
export const fileProblem = (message: string): RowError => ({
  row: 1,
  field: 'file',
  message,
  unit: 'feature',
});

/**
 * Reads a GeoJSON FeatureCollection into numbered features. A feature that is not an object, or
 * has no properties, is kept with empty properties, so that each of its missing values is reported.
 */
export function readFeatures(text: string): Parsed<FeatureCollection> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, errors: [fileProblem('The file is not valid GeoJSON: it cannot be read as JSON')] };
  }
  if (!isRecord(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    return { ok: false, errors: [fileProblem('The file must be a GeoJSON FeatureCollection')] };
  }
  const features = (json.features as unknown[]).map((f, i) => ({
    row: i + 1,
    properties: isRecord(f) && isRecord(f.properties) ? f.properties : {},
    geometry: isRecord(f) ? f.geometry : undefined,
  }));
  const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties)))];
  return { ok: true, file: { keys, features } };
}

/** A property's value as text, if it is text (a number or an object is no code or name). */
export const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
