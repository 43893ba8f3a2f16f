import { isCalendarDay } from '../../shared/london-time.ts';

/**
 * Reading the values people type into spreadsheets: days in the forms a British spreadsheet holds
 * (ISO, day first, month names, Excel serial numbers), scores as numbers or words, yes and no.
 * Pure; each function returns the value or a plain-English reason.
 */

export type Cell<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; message: string }>;

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const no = (message: string): Cell<never> => ({ ok: false, message });

/** A value quoted in a message: one line, not too long. */
export function quoted(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  return `“${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}”`;
}

const months: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const monthOf = (word: string): number | undefined => {
  const w = word.toLowerCase().replace(/\.$/, '');
  return months[w] ?? months[w.slice(0, 3)];
};

const pad = (n: number) => String(n).padStart(2, '0');

function day(year: number, month: number, date: number): string | undefined {
  const text = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(date)}`;
  return isCalendarDay(text) ? text : undefined;
}

/** Excel counts days from 30 December 1899 (its 1900 leap-year bug is before any date accepted here). */
const excelEpoch = Date.UTC(1899, 11, 30);
/** Serial numbers read as days: 1 January 1930 to 31 December 2099. A smaller number is more likely a year or a count. */
const excelSerials = { min: 10_959, max: 73_050 } as const;

/** A two-digit year: within 20 years ahead of today's it is this century, else the last one. */
function fullYear(yy: number, today: string): number {
  const thisYear = Number(today.slice(0, 4));
  const century = Math.floor(thisYear / 100) * 100;
  const candidate = century + yy;
  return candidate > thisYear + 20 ? candidate - 100 : candidate;
}

/**
 * A day as YYYY-MM-DD from what a spreadsheet holds: 2026-03-31 (with or without a time),
 * 31/03/2026, 31-03-26, 31.3.2026 (day first, as in Britain), 31 March 2026, March 31, 2026, or an
 * Excel serial number (46112).
 */
export function parseDay(text: string, today: string): Cell<string> {
  const s = text.trim();
  const invalid = no(`${quoted(s)} is not a date: write it like 2026-03-31 or 31/03/2026`);
  let m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) {
    const d = day(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? ok(d) : invalid;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (m) {
    const y = m[3]?.length === 2 ? fullYear(Number(m[3]), today) : Number(m[3]);
    const d = day(y, Number(m[2]), Number(m[1]));
    return d ? ok(d) : invalid;
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9}\.?),?[\s-]+(\d{4})$/.exec(s);
  if (m) {
    const month = monthOf(m[2] ?? '');
    const d = month ? day(Number(m[3]), month, Number(m[1])) : undefined;
    return d ? ok(d) : invalid;
  }
  m = /^([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = monthOf(m[1] ?? '');
    const d = month ? day(Number(m[3]), month, Number(m[2])) : undefined;
    return d ? ok(d) : invalid;
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const serial = Math.floor(Number(s));
    if (serial >= excelSerials.min && serial <= excelSerials.max) {
      return ok(new Date(excelEpoch + serial * 86_400_000).toISOString().slice(0, 10));
    }
  }
  return invalid;
}

const scoreWords: Readonly<Record<string, number>> = {
  verylow: 1,
  low: 2,
  medium: 3,
  med: 3,
  moderate: 3,
  high: 4,
  veryhigh: 5,
};

/** A score from 1 to 5: a whole number ("3", "3.0" from Excel) or a word (low, medium, high…). */
export function parseScore(text: string): Cell<number> {
  const s = text.trim();
  const word = scoreWords[s.toLowerCase().replace(/[^a-z]/g, '')];
  if (word !== undefined) return ok(word);
  const n = Number(s);
  if (/^\d+(\.0+)?$/.test(s) && Number.isInteger(n) && n >= 1 && n <= 5) return ok(n);
  return no(`${quoted(s)} is not a score: write a whole number from 1 to 5, or low, medium or high`);
}

const yes = new Set([
  'yes',
  'y',
  'true',
  '1',
  'given',
  'consented',
  'optedin',
  'optin',
  'subscribed',
  'x',
  'agreed',
]);
const noWords = new Set([
  'no',
  'n',
  'false',
  '0',
  'withdrawn',
  'notgiven',
  'optedout',
  'optout',
  'unsubscribed',
  'declined',
  'refused',
]);

/** Whether consent was given: yes or no, in the words spreadsheets use. */
export function parseConsent(text: string): Cell<'given' | 'withdrawn'> {
  const s = text.trim();
  const key = s.toLowerCase().replace(/[^a-z0-9✓✔]/g, '');
  if (yes.has(key) || s === '✓' || s === '✔') return ok('given');
  if (noWords.has(key)) return ok('withdrawn');
  return no(`${quoted(s)} is not yes or no`);
}

/** The parts of a cell that holds a list: separated by semicolons, line breaks or vertical bars. */
export function splitList(text: string): string[] {
  return text
    .split(/[;\n\r|]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
