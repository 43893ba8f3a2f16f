import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { csvSafe } from './csv-safe.ts';

/**
 * Spreadsheets in and out: a CSV or an Excel workbook (.xlsx) read into a heading row and rows of
 * text, and rows written back to either. The format is told by the file's first bytes (an .xlsx is
 * a zip, "PK"), never by its name. Reading never throws: a file that cannot be read is reported.
 * Writing guards every text cell against formula injection (see csv-safe.ts), in CSV and in Excel.
 */

export type SpreadsheetFormat = 'csv' | 'xlsx';

export const contentTypes: Readonly<Record<SpreadsheetFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** One data row: its number as a spreadsheet shows it (the heading row is 1) and its cells. */
export type SheetRow = Readonly<{ row: number; cells: readonly string[] }>;

export type SheetProblem = Readonly<{ row: number; message: string }>;

export type ReadSheet =
  | Readonly<{
      ok: true;
      format: SpreadsheetFormat;
      header: readonly string[];
      rows: readonly SheetRow[];
      /** Rows that could not be read (an unclosed quotation mark); they are not in `rows`. */
      problems: readonly SheetProblem[];
    }>
  | Readonly<{ ok: false; message: string }>;

/** More rows than an estate file could sensibly hold: refused rather than read. */
export const defaultMaxRows = 10_000;

/** What the first bytes say the file is. */
export function detectFormat(bytes: Uint8Array): 'xlsx' | 'xls' | 'text' {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'xlsx';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'xls';
  return 'text';
}

export async function readSpreadsheet(
  bytes: Uint8Array,
  options: { maxRows?: number } = {},
): Promise<ReadSheet> {
  const maxRows = options.maxRows ?? defaultMaxRows;
  if (bytes.length === 0) return { ok: false, message: 'The file is empty' };
  switch (detectFormat(bytes)) {
    case 'xlsx':
      return readXlsx(bytes, maxRows);
    case 'xls':
      return {
        ok: false,
        message:
          'This is an older Excel file (.xls): open it in Excel and save it as an Excel workbook (.xlsx) or as CSV',
      };
    case 'text':
      return readCsv(bytes, maxRows);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A cell our own export neutralised ("'=…") reads back as it was typed. */
const neutralised = /^'[=+\-@\t\r]/;
const asTyped = (cell: string): string => (neutralised.test(cell) ? cell.slice(1) : cell);

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** UTF-8 (with or without its byte-order mark), UTF-16 with a mark, or else Windows-1252, as older Excel saves CSV. */
function decodeText(bytes: Uint8Array): string | undefined {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  let text: string;
  if (starts(0xff, 0xfe)) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (starts(0xfe, 0xff)) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  // A text file has no NUL characters: this is some other binary file.
  if (text.includes('\u0000')) return undefined;
  return text.replace(/^\uFEFF/, '');
}

const notSpreadsheet =
  'The file is not a CSV file or an Excel workbook (.xlsx): save it from your spreadsheet as one of those';

function readCsv(bytes: Uint8Array, maxRows: number): ReadSheet {
  const text = decodeText(bytes);
  if (text === undefined) return { ok: false, message: notSpreadsheet };
  // Commas, unless the heading row has none: then semicolons or tabs, as some spreadsheets save.
  const headingLine = text.split(/\r?\n/, 1)[0] ?? '';
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter: headingLine.includes(',') ? ',' : '',
    delimitersToGuess: [';', '\t', ','],
  });
  const records = parsed.data;
  if (records.length > maxRows + 1) return tooMany(maxRows);
  const problems = parsed.errors
    // A file of one column has no delimiter to find; that is not a problem with any row.
    .filter((e) => e.type !== 'Delimiter')
    .map((e) => ({
      row: (e.row ?? 0) + 1,
      message:
        e.type === 'Quotes'
          ? 'A quoted value on this row is not closed: check the quotation marks'
          : `This row cannot be read: ${e.message}`,
    }));
  const unreadable = new Set(problems.map((p) => p.row));
  const numbered = records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => asTyped(String(c))) }));
  return table('csv', numbered, problems, unreadable);
}

/** The heading row is the first that is not blank; blank rows after it are skipped but keep their numbers. */
function table(
  format: SpreadsheetFormat,
  numbered: readonly SheetRow[],
  problems: readonly SheetProblem[],
  unreadable: ReadonlySet<number>,
): ReadSheet {
  const headerIndex = numbered.findIndex((r) => !isBlank(r.cells));
  if (headerIndex === -1) return { ok: false, message: 'The file has no rows in it' };
  const headerRow = numbered[headerIndex] as SheetRow;
  const header = headerRow.cells.map((h) => h.replace(/\s+/g, ' ').trim());
  const rows = numbered
    .slice(headerIndex + 1)
    .filter((r) => !unreadable.has(r.row) && !isBlank(r.cells))
    .map((r) => ({
      row: r.row,
      cells: header.map((_, i) => r.cells[i] ?? ''),
    }));
  return { ok: true, format, header, rows, problems: [...problems].sort((a, b) => a.row - b.row) };
}

const tooMany = (maxRows: number): ReadSheet => ({
  ok: false,
  message: `The file has more than ${maxRows.toLocaleString('en-GB')} rows: split it into smaller files`,
});

/** A number as a person would write it: no binary fractions (0.1 + 0.2 reads "0.3"). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** An Excel date as YYYY-MM-DD (with the time only when it is not midnight). Excel dates have no zone: exceljs reads them as UTC. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' && iso.slice(17, 23) === '00.000'
    ? iso.slice(0, 10)
    : `${iso.slice(0, 10)} ${time}`;
}

/** The text a cell shows: rich text joined, a formula's last result, a link's text, an error's code. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return v.richText.map((part) => cellText((part as { text?: unknown }).text)).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('hyperlink' in v) return cellText(v.text);
    if ('error' in v) return cellText(v.error);
    if ('text' in v) return cellText(v.text);
  }
  return '';
}

async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<ReadSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer, which Node's typed Buffer no longer matches.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return {
      ok: false,
      message:
        'The file looks like an Excel workbook but cannot be opened: save it again as .xlsx, or as CSV',
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'The workbook has no worksheets' };
  if (sheet.actualRowCount > maxRows + 1) return tooMany(maxRows);
  const width = Math.min(sheet.columnCount, 500);
  const numbered: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(asTyped(cellText(row.getCell(c).value)));
    numbered.push({ row: rowNumber, cells });
  });
  return table('xlsx', numbered, [], new Set());
}

// ---------------------------------------------------------------------------------------------
// Writing

/** How a column's cells are stored: text, a number, money in pounds, or a calendar day (YYYY-MM-DD). */
export type CellKind = 'text' | 'number' | 'money' | 'date';

export type SheetColumn = Readonly<{ header: string; kind?: CellKind; width?: number }>;
export type SheetCell = string | number | null;

export type Sheet = Readonly<{
  /** The worksheet's name in Excel. */
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly (readonly SheetCell[])[];
}>;

/** A cell as CSV text. Text is guarded; a number we hold was never typed as a formula, so "-0.1" stays a number. */
function csvCell(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return numberText(cell);
  return csvSafe(cell);
}

/** UTF-8 with a byte-order mark (so Excel reads "£" correctly), Windows line endings, quoted as needed. */
export function writeCsv(sheet: Sheet): string {
  const header = sheet.columns.map((c) => csvSafe(c.header));
  const rows = sheet.rows.map((cells) => sheet.columns.map((_, i) => csvCell(cells[i])));
  return stringify([header, ...rows], { bom: true, record_delimiter: 'windows' });
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function xlsxValue(cell: SheetCell | undefined, kind: CellKind): ExcelJS.CellValue {
  if (cell === null || cell === undefined || cell === '') return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (kind === 'date') {
    const m = dayPattern.exec(cell);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  return csvSafe(cell);
}

const numberFormats: Readonly<Partial<Record<CellKind, string>>> = {
  money: '#,##0.00',
  date: 'yyyy-mm-dd',
};

/** An Excel workbook of one worksheet: a bold heading row that stays in view, numbers and dates as such. */
export async function writeXlsx(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nonsuch';
  const worksheet = workbook.addWorksheet(sheet.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  worksheet.columns = sheet.columns.map((c) => ({
    header: csvSafe(c.header),
    width: c.width ?? Math.min(60, Math.max(12, c.header.length + 2)),
    ...(numberFormats[c.kind ?? 'text'] ? { style: { numFmt: numberFormats[c.kind ?? 'text'] } } : {}),
  }));
  worksheet.getRow(1).font = { bold: true };
  for (const cells of sheet.rows) {
    worksheet.addRow(sheet.columns.map((c, i) => xlsxValue(cells[i], c.kind ?? 'text')));
  }
  if (sheet.columns.length > 0) {
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
