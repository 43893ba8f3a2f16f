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
}>;

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

/** Remembers the first row of each key and reports the later ones. */
export function uniqueness(errors: Errors) {
  const seen = new Map<string, number>();
  return (row: number, field: string, key: string, what: string): boolean => {
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row, field, message: `${what} is also on row ${first}: each must appear once` });
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
