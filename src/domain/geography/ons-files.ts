import type { BoundaryKind, Geometry } from './boundaries.repo.ts';
import { checkGeometry } from './boundary-geometry.ts';
import {
  borough,
  code,
  column,
  columnNamed,
  type Errors,
  fileProblem,
  name,
  noRows,
  type Parsed,
  type RowError,
  readCsv,
  readFeatures,
  result,
  shown,
  textOf,
  uniqueness,
} from './ons-table.ts';

/**
 * Reading the ONS reference files: wards (`WD22CD, WD22NM, LAD22CD, …`), constituencies (CSV
 * `PCON24CD, PCON24NM` or a GeoJSON FeatureCollection with those properties), the borough overlap
 * (`PCON24CD, …, LAD22CD, share_of_sample_points`), the ward lookup (`WD24CD, PCON24CD[, LAD24CD]`)
 * and boundaries (GeoJSON with `LAD22CD`, `WD22CD` or `PCON24CD` properties).
 * The year in the column names is the vintage. Pure: nothing here throws on bad input; every
 * problem comes back as a row error, counted as a spreadsheet does (the header is row 1).
 */

export type WardsFile = Readonly<{
  vintage: number;
  rows: readonly Readonly<{ row: number; code: string; name: string; areaCode: string }>[];
}>;

export type ConstituenciesFile = Readonly<{
  vintage: number;
  rows: readonly Readonly<{ row: number; code: string; name: string }>[];
}>;

export type OverlapFile = Readonly<{
  vintage: number;
  rows: readonly Readonly<{
    row: number;
    constituencyCode: string;
    areaCode: string;
    share: number | null;
  }>[];
}>;

export type WardLookupFile = Readonly<{
  wardVintage: number;
  constituencyVintage: number;
  rows: readonly Readonly<{
    row: number;
    wardCode: string;
    constituencyCode: string;
    areaCode: string | null;
  }>[];
}>;

export type Layout = 'wards' | 'constituencies' | 'overlap' | 'ward-lookup';

const layoutNames: Readonly<Record<Layout, string>> = {
  wards: 'a ward list',
  constituencies: 'a constituency list',
  overlap: 'a constituency–borough overlap file',
  'ward-lookup': 'a ward to constituency lookup',
};

/** Which kind of ONS file a header looks like, if any. */
export function layoutOf(header: readonly string[]): Layout | undefined {
  const wd = column(header, /^WD(\d\d)CD$/);
  const pcon = column(header, /^PCON(\d\d)CD$/);
  const lad = column(header, /^LAD(\d\d)CD$/);
  if (wd && pcon) return 'ward-lookup';
  if (wd && lad) return 'wards';
  if (pcon && lad) return 'overlap';
  if (pcon) return 'constituencies';
  return undefined;
}

function headerError(header: readonly string[], layout: Layout, expected: string): RowError {
  const found = header.filter((h) => h !== '');
  const looksLike = layoutOf(header);
  const hint = looksLike && looksLike !== layout ? ` This looks like ${layoutNames[looksLike]} instead.` : '';
  return {
    row: 1,
    field: 'file',
    message: `The first row must name the columns ${expected} (yy is the year of the boundaries, like 22); found ${
      found.length === 0 ? 'no column names' : found.map(shown).join(', ')
    }.${hint}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The four layouts

/** A ward list: `WDyyCD, WDyyNM, LADyyCD` (other columns are ignored). */
export function parseWardsFile(text: string, knownAreas: ReadonlySet<string>): Parsed<WardsFile> {
  const table = readCsv(text);
  const cd = column(table.header, /^WD(\d\d)CD$/);
  const nm = cd && columnNamed(table.header, `WD${String(cd.year % 100).padStart(2, '0')}NM`);
  const lad = column(table.header, /^LAD(\d\d)CD$/);
  if (!cd || !nm || !lad || column(table.header, /^PCON(\d\d)CD$/)) {
    return { ok: false, errors: [headerError(table.header, 'wards', 'WDyyCD, WDyyNM and LADyyCD')] };
  }
  const errors: Errors = [...table.errors];
  const once = uniqueness(errors);
  const rows: { row: number; code: string; name: string; areaCode: string }[] = [];
  for (const { row, cells } of table.records) {
    const c = code(errors, row, cd.name, cells[cd.index], 'ward');
    const n = name(errors, row, nm.name, cells[nm.index], 'ward');
    const a = borough(errors, row, lad.name, cells[lad.index], knownAreas);
    if (c !== undefined && !once(row, cd.name, c, `Ward ${c}`)) continue;
    if (c !== undefined && n !== undefined && a !== undefined)
      rows.push({ row, code: c, name: n, areaCode: a });
  }
  if (table.records.length === 0 && errors.length === 0) errors.push(noRows('wards'));
  return result(errors, { vintage: cd.year, rows });
}

/** A constituency list, as CSV (`PCONyyCD, PCONyyNM`) or as an ONS GeoJSON FeatureCollection. */
export function parseConstituenciesFile(text: string, fileName?: string): Parsed<ConstituenciesFile> {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const isJson = /\.(geo)?json$/i.test(fileName ?? '') || trimmed.startsWith('{');
  return isJson ? parseConstituenciesGeoJson(trimmed) : parseConstituenciesCsv(text);
}

function parseConstituenciesCsv(text: string): Parsed<ConstituenciesFile> {
  const table = readCsv(text);
  const cd = column(table.header, /^PCON(\d\d)CD$/);
  const nm = cd && columnNamed(table.header, `PCON${String(cd.year % 100).padStart(2, '0')}NM`);
  if (!cd || !nm || layoutOf(table.header) !== 'constituencies') {
    return { ok: false, errors: [headerError(table.header, 'constituencies', 'PCONyyCD and PCONyyNM')] };
  }
  const errors: Errors = [...table.errors];
  const once = uniqueness(errors);
  const rows: { row: number; code: string; name: string }[] = [];
  for (const { row, cells } of table.records) {
    const c = code(errors, row, cd.name, cells[cd.index], 'constituency');
    const n = name(errors, row, nm.name, cells[nm.index], 'constituency');
    if (c !== undefined && !once(row, cd.name, c, `Constituency ${c}`)) continue;
    if (c !== undefined && n !== undefined) rows.push({ row, code: c, name: n });
  }
  if (table.records.length === 0 && errors.length === 0) errors.push(noRows('constituencies'));
  return result(errors, { vintage: cd.year, rows });
}

function parseConstituenciesGeoJson(text: string): Parsed<ConstituenciesFile> {
  const read = readFeatures(text);
  if (!read.ok) return read;
  const { keys, features } = read.file;
  const cd = column(keys, /^PCON(\d\d)CD$/);
  const nm = cd && columnNamed(keys, `PCON${String(cd.year % 100).padStart(2, '0')}NM`);
  if (!cd || !nm) {
    return {
      ok: false,
      errors: [
        fileProblem(
          `Each feature must have the properties PCONyyCD and PCONyyNM (yy is the year of the boundaries, like 24); found ${foundProperties(keys)}.`,
        ),
      ],
    };
  }
  if (features.length === 0)
    return { ok: false, errors: [fileProblem('The file has no constituencies in it')] };
  const errors: Errors = [];
  const once = uniqueness(errors, 'feature');
  const rows: { row: number; code: string; name: string }[] = [];
  for (const { row, properties: p } of features) {
    const c = code(errors, row, cd.name, textOf(p[cd.name]), 'constituency');
    const n = name(errors, row, nm.name, p[nm.name], 'constituency');
    if (c !== undefined && !once(row, cd.name, c, `Constituency ${c}`)) continue;
    if (c !== undefined && n !== undefined) rows.push({ row, code: c, name: n });
  }
  return result(inFeatures(errors), { vintage: cd.year, rows });
}

const foundProperties = (keys: readonly string[]): string =>
  keys.length === 0 ? 'no properties' : keys.slice(0, 10).map(shown).join(', ');

/** Marks row errors as counting features, not spreadsheet rows. */
const inFeatures = (errors: readonly RowError[]): RowError[] =>
  errors.map((e) => ({ ...e, unit: 'feature' }));

// ---------------------------------------------------------------------------------------------
// Boundaries (GeoJSON)

export type BoundaryLayer = BoundaryKind;

export type BoundariesFile = Readonly<{
  /** Which boundaries the file holds, told by its properties: LADyyCD, WDyyCD or PCONyyCD. */
  kind: BoundaryLayer;
  vintage: number;
  rows: readonly Readonly<{
    row: number;
    code: string;
    name: string;
    /** The borough: the area itself for borough boundaries, LADyyCD for wards, null for constituencies. */
    areaCode: string | null;
    geometry: Geometry;
  }>[];
}>;

const layerProperties: Readonly<Record<BoundaryLayer, { prefix: string; expected: string }>> = {
  borough: { prefix: 'LAD', expected: 'LADyyCD and LADyyNM' },
  ward: { prefix: 'WD', expected: 'WDyyCD, WDyyNM and LADyyCD' },
  constituency: { prefix: 'PCON', expected: 'PCONyyCD and PCONyyNM' },
};

const layerTitles: Readonly<Record<BoundaryLayer, string>> = {
  borough: 'Borough',
  ward: 'Ward',
  constituency: 'Constituency',
};

const layerNouns: Readonly<Record<BoundaryLayer, string>> = {
  borough: 'borough boundaries',
  ward: 'ward boundaries',
  constituency: 'constituency boundaries',
};

/**
 * ONS boundaries as a GeoJSON FeatureCollection in longitude and latitude (WGS84). The properties
 * say which: `LADyyCD, LADyyNM` borough boundaries (the 33 London areas only), `WDyyCD, WDyyNM,
 * LADyyCD` ward boundaries (the borough from LADyyCD), or `PCONyyCD, PCONyyNM` constituency
 * boundaries. Every feature's codes, name and geometry are checked; the rings come back the way
 * d3-geo reads them (see boundary-geometry.ts).
 */
export function parseBoundariesFile(text: string, knownAreas: ReadonlySet<string>): Parsed<BoundariesFile> {
  const read = readFeatures(text);
  if (!read.ok) return read;
  const { keys, features } = read.file;
  const wd = column(keys, /^WD(\d\d)CD$/);
  const pcon = column(keys, /^PCON(\d\d)CD$/);
  const lad = column(keys, /^LAD(\d\d)CD$/);
  const kind: BoundaryLayer | undefined = wd ? 'ward' : pcon ? 'constituency' : lad ? 'borough' : undefined;
  const cd = wd ?? pcon ?? lad;
  const nm =
    kind &&
    cd &&
    columnNamed(keys, `${layerProperties[kind].prefix}${String(cd.year % 100).padStart(2, '0')}NM`);
  if (!kind || !cd || !nm || (kind === 'ward' && !lad)) {
    const expected = kind
      ? layerProperties[kind].expected
      : 'LADyyCD and LADyyNM (boroughs), WDyyCD, WDyyNM and LADyyCD (wards) or PCONyyCD and PCONyyNM (constituencies)';
    return {
      ok: false,
      errors: [
        fileProblem(
          `Each feature must have the properties ${expected}, where yy is the year of the boundaries, like 22; found ${foundProperties(keys)}.`,
        ),
      ],
    };
  }
  if (features.length === 0) {
    return { ok: false, errors: [fileProblem(`The file has no ${layerNouns[kind]} in it`)] };
  }
  const errors: Errors = [];
  const once = uniqueness(errors, 'feature');
  const rows: BoundariesFile['rows'][number][] = [];
  for (const { row, properties: p, geometry } of features) {
    const c =
      kind === 'borough'
        ? borough(errors, row, cd.name, textOf(p[cd.name]), knownAreas)
        : code(errors, row, cd.name, textOf(p[cd.name]), kind);
    const n = name(errors, row, nm.name, p[nm.name], kind);
    const a =
      kind === 'ward' && lad
        ? borough(errors, row, lad.name, textOf(p[lad.name]), knownAreas)
        : kind === 'borough'
          ? c
          : null;
    const g = checkGeometry(geometry);
    if (!g.ok) errors.push({ row, field: 'geometry', message: g.message });
    if (c !== undefined && !once(row, cd.name, c, `${layerTitles[kind]} ${c}`)) continue;
    if (c !== undefined && n !== undefined && a !== undefined && g.ok)
      rows.push({ row, code: c, name: n, areaCode: a, geometry: g.geometry });
  }
  return result(inFeatures(errors), { kind, vintage: cd.year, rows });
}

/** The borough overlap: `PCONyyCD, …, LADyyCD[, share_of_sample_points]`, one row per pair. */
export function parseOverlapFile(text: string, knownAreas: ReadonlySet<string>): Parsed<OverlapFile> {
  const table = readCsv(text);
  const cd = column(table.header, /^PCON(\d\d)CD$/);
  const lad = column(table.header, /^LAD(\d\d)CD$/);
  const share = columnNamed(table.header, 'share_of_sample_points') ?? columnNamed(table.header, 'share');
  if (!cd || !lad || column(table.header, /^WD(\d\d)CD$/)) {
    return {
      ok: false,
      errors: [
        headerError(table.header, 'overlap', 'PCONyyCD and LADyyCD, and optionally share_of_sample_points'),
      ],
    };
  }
  const errors: Errors = [...table.errors];
  const once = uniqueness(errors);
  const rows: { row: number; constituencyCode: string; areaCode: string; share: number | null }[] = [];
  for (const { row, cells } of table.records) {
    const c = code(errors, row, cd.name, cells[cd.index], 'constituency');
    const a = borough(errors, row, lad.name, cells[lad.index], knownAreas);
    let s: number | null = null;
    let shareOk = true;
    const rawShare = share ? (cells[share.index] ?? '').trim() : '';
    if (share && rawShare !== '') {
      s = /^(\d+(\.\d*)?|\.\d+)$/.test(rawShare) ? Number(rawShare) : Number.NaN;
      if (!(s >= 0 && s <= 1)) {
        shareOk = false;
        errors.push({
          row,
          field: share.name,
          message: `${shown(rawShare)} is not a share: enter a number from 0 to 1, like 0.25`,
        });
      }
    }
    if (c === undefined || a === undefined) continue;
    if (!once(row, cd.name, `${c} ${a}`, `Constituency ${c} with borough ${a}`)) continue;
    if (shareOk) rows.push({ row, constituencyCode: c, areaCode: a, share: s });
  }
  if (table.records.length === 0 && errors.length === 0) errors.push(noRows('rows'));
  return result(errors, { vintage: cd.year, rows });
}

/** The ward lookup: `WDyyCD, PCONyyCD[, LADyyCD]`, one row per ward. */
export function parseWardLookupFile(text: string, knownAreas: ReadonlySet<string>): Parsed<WardLookupFile> {
  const table = readCsv(text);
  const wd = column(table.header, /^WD(\d\d)CD$/);
  const pcon = column(table.header, /^PCON(\d\d)CD$/);
  const lad = column(table.header, /^LAD(\d\d)CD$/);
  if (!wd || !pcon) {
    return {
      ok: false,
      errors: [headerError(table.header, 'ward-lookup', 'WDyyCD and PCONyyCD, and optionally LADyyCD')],
    };
  }
  const errors: Errors = [...table.errors];
  const once = uniqueness(errors);
  const rows: { row: number; wardCode: string; constituencyCode: string; areaCode: string | null }[] = [];
  for (const { row, cells } of table.records) {
    const w = code(errors, row, wd.name, cells[wd.index], 'ward');
    const c = code(errors, row, pcon.name, cells[pcon.index], 'constituency');
    const a = lad ? borough(errors, row, lad.name, cells[lad.index], knownAreas) : null;
    if (w !== undefined && !once(row, wd.name, w, `Ward ${w}`)) continue;
    if (w !== undefined && c !== undefined && a !== undefined) {
      rows.push({ row, wardCode: w, constituencyCode: c, areaCode: a });
    }
  }
  if (table.records.length === 0 && errors.length === 0) errors.push(noRows('wards'));
  return result(errors, { wardVintage: wd.year, constituencyVintage: pcon.year, rows });
}
