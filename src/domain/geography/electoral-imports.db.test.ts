import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import {
  auditEvents,
  constituencies,
  constituencyAreas,
  wardConstituencies,
  wards,
} from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, operator } from '../access/actor.ts';
import { actorOf } from '../access/users.repo.ts';
import { countWardsByArea, selectConstituenciesOfArea } from './electoral-areas.repo.ts';
import { importConstituencies } from './import-constituencies.ts';
import { importOverlap } from './import-overlap.ts';
import { importWardLookup } from './import-ward-lookup.ts';
import { importWards } from './import-wards.ts';
import { ImportRejected } from './ons-table.ts';

/** The imports, with the real ONS-derived files in ../shared/data (read in place, never copied). */

const data = (name: string) =>
  readFileSync(new URL(`../../../../shared/data/${name}`, import.meta.url), 'utf8');
const wardsCsv = data('london_wards_2022_list.csv');
const constituenciesGeoJson = data('london_constituencies_pcon24_bgc.geojson');
const overlapCsv = data('london_pcon24_borough_overlap_approx.csv');
const records = (text: string) =>
  Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

let deps: TestDeps;
let admin: Actor;
let analyst: Actor;
beforeAll(async () => {
  deps = await testDeps();
  admin = actorOf(await givenUser(deps, { role: 'administrator', email: 'admin@example.org' }));
  analyst = actorOf(await givenUser(deps, { email: 'analyst@example.org' }));
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);
const rowsIn = async (
  table: typeof wards | typeof constituencies | typeof constituencyAreas | typeof wardConstituencies,
) => (await deps.db.select({ n: count() }).from(table))[0]?.n;
const auditCount = async () =>
  (
    await deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityType, 'reference-data'))
  )[0]?.n;

describe('importWards', () => {
  it('refuses anyone but an administrator or the command line', async () => {
    const error = await rejection(importWards(as(analyst), { text: wardsCsv }));
    expect(error.code).toBe('forbidden');
    expect(await rowsIn(wards)).toBe(0);
  });

  it('loads the 704 London wards of 2022, counted per borough as in the file', async () => {
    const expected: Record<string, number> = {};
    for (const r of records(wardsCsv))
      expected[r.LAD22CD as string] = (expected[r.LAD22CD as string] ?? 0) + 1;

    const progress: string[] = [];
    const result = await importWards(as(admin), {
      text: wardsCsv,
      fileName: 'london_wards_2022_list.csv',
      onProgress: (m) => progress.push(m),
    });
    expect(result).toEqual({
      vintage: 2022,
      rows: 704,
      added: 704,
      changed: 0,
      unchanged: 0,
      byBorough: expected,
    });
    expect(Object.keys(result.byBorough)).toHaveLength(33);
    expect(result.byBorough.E09000001).toBe(25); // City of London
    expect(result.byBorough.E09000022).toBe(25); // Lambeth
    expect(progress).toEqual(['Checking 704 rows…', 'Writing 704 wards…']);
    expect(Object.fromEntries(await countWardsByArea(deps.db, 2022))).toEqual(expected);
    const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, 'wards-2022'));
    expect(audit).toMatchObject({
      action: 'updated',
      entityType: 'reference-data',
      summary: 'Wards 2022 imported from london_wards_2022_list.csv: 704 rows, 704 added, 0 changed',
      newValues: expect.objectContaining({ rows: 704, added: 704 }),
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const result = await importWards(contextFor(deps, operator('cli')), { text: wardsCsv });
    expect(result).toMatchObject({ rows: 704, added: 0, changed: 0, unchanged: 704 });
    expect(await rowsIn(wards)).toBe(704);
  });

  it('counts a renamed ward as changed', async () => {
    const renamed = wardsCsv.replace('E05009288,Aldersgate,', 'E05009288,Aldersgate Within,');
    expect(await importWards(as(admin), { text: renamed })).toMatchObject({
      added: 0,
      changed: 1,
      unchanged: 703,
    });
    const [ward] = await deps.db.select().from(wards).where(eq(wards.code, 'E05009288'));
    expect(ward?.name).toBe('Aldersgate Within');
    expect(await importWards(as(admin), { text: wardsCsv })).toMatchObject({ changed: 1 });
  });

  it('imports nothing from a file with one bad row, and lists the problem', async () => {
    const lines = wardsCsv.split(/\r?\n/);
    lines[500] = `E05099999,New Ward,E09000099,Nowhere`;
    const before = await rowsIn(wards);
    const audits = await auditCount();
    const error = await rejection(importWards(as(admin), { text: lines.join('\n') }));
    expect(error).toBeInstanceOf(ImportRejected);
    expect(error.message).toBe('The file has 1 problem; nothing was imported.');
    expect((error as ImportRejected).rowErrors).toEqual([
      { row: 501, field: 'LAD22CD', message: 'E09000099 is not a London borough known to Nonsuch' },
    ]);
    expect(await rowsIn(wards)).toBe(before);
    expect(await auditCount()).toBe(audits);
  });
});

describe('importConstituencies', () => {
  it('refuses a non-administrator', async () => {
    const error = await rejection(importConstituencies(as(analyst), { text: constituenciesGeoJson }));
    expect(error.code).toBe('forbidden');
  });

  it('loads the 75 London constituencies of 2024 from the GeoJSON, and again changes nothing', async () => {
    const input = { text: constituenciesGeoJson, fileName: 'london_constituencies_pcon24_bgc.geojson' };
    expect(await importConstituencies(as(admin), input)).toEqual({
      vintage: 2024,
      rows: 75,
      added: 75,
      changed: 0,
      unchanged: 0,
    });
    expect(await importConstituencies(as(admin), input)).toMatchObject({
      added: 0,
      changed: 0,
      unchanged: 75,
    });
    expect(await rowsIn(constituencies)).toBe(75);
  });
});

describe('importOverlap', () => {
  it('refuses a non-administrator', async () => {
    expect((await rejection(importOverlap(as(analyst), { text: overlapCsv }))).code).toBe('forbidden');
  });

  it('says when the constituencies of its vintage are not loaded', async () => {
    const error = await rejection(
      importOverlap(as(admin), { text: overlapCsv.replace(/PCON24/g, 'PCON19') }),
    );
    expect(error).not.toBeInstanceOf(ImportRejected);
    expect(error.message).toBe(
      'The 2019 constituencies are not loaded yet: import them first, then this file.',
    );
  });

  it('loads the 102 borough overlaps, replacing them on a re-run', async () => {
    expect(await importOverlap(as(admin), { text: overlapCsv })).toEqual({
      vintage: 2024,
      rows: 102,
      constituencies: 75,
    });
    expect(await importOverlap(as(admin), { text: overlapCsv })).toMatchObject({ rows: 102 });
    expect(await rowsIn(constituencyAreas)).toBe(102);
    const hackney = await selectConstituenciesOfArea(deps.db, 'E09000012', {
      ward: undefined,
      constituency: 2024,
    });
    expect(hackney.map((c) => c.name)).toContain('Tottenham');
  });

  it('refuses a constituency that is not loaded, naming the row', async () => {
    const text = `${overlapCsv.trimEnd()}\nE14009999,Nowhere,E09000001,City of London,0.5\n`;
    const error = (await rejection(importOverlap(as(admin), { text }))) as ImportRejected;
    expect(error.rowErrors).toEqual([
      { row: 104, field: 'PCON24CD', message: 'E14009999 is not one of the 2024 constituencies loaded' },
    ]);
    expect(await rowsIn(constituencyAreas)).toBe(102);
  });
});

describe('importWardLookup', () => {
  /** A lookup made up here from the real files: each ward in its borough's largest constituency. */
  function madeUpLookup(): string {
    const largest = new Map<string, { code: string; share: number }>();
    for (const r of records(overlapCsv)) {
      const share = Number(r.share_of_sample_points);
      const area = r.LAD22CD as string;
      if ((largest.get(area)?.share ?? -1) < share) largest.set(area, { code: r.PCON24CD as string, share });
    }
    return Papa.unparse(
      records(wardsCsv).map((w) => ({
        WD22CD: w.WD22CD,
        PCON24CD: largest.get(w.LAD22CD as string)?.code,
        LAD22CD: w.LAD22CD,
      })),
    );
  }

  it('refuses a non-administrator', async () => {
    expect((await rejection(importWardLookup(as(analyst), { text: madeUpLookup() }))).code).toBe('forbidden');
  });

  it('says when the wards of its vintage are not loaded', async () => {
    const error = await rejection(
      importWardLookup(as(admin), { text: madeUpLookup().replace('WD22CD', 'WD24CD') }),
    );
    expect(error.message).toBe('The 2024 wards are not loaded yet: import them first, then this file.');
  });

  it('loads one constituency per ward', async () => {
    expect(await importWardLookup(as(admin), { text: madeUpLookup() })).toEqual({
      wardVintage: 2022,
      constituencyVintage: 2024,
      rows: 704,
    });
    expect(await rowsIn(wardConstituencies)).toBe(704);
    const city = await selectConstituenciesOfArea(deps.db, 'E09000001', { ward: 2022, constituency: 2024 });
    expect(city).toEqual([expect.objectContaining({ source: 'ward-lookup', wards: 25 })]);
  });

  it('refuses a ward placed in the wrong borough, and imports nothing', async () => {
    const text = madeUpLookup().replace(/^(E05009288,E14\d{6}),E09000001/m, '$1,E09000002');
    const error = (await rejection(importWardLookup(as(admin), { text }))) as ImportRejected;
    expect(error.rowErrors).toEqual([
      expect.objectContaining({ row: 2, message: 'Ward E05009288 is in borough E09000001, not E09000002' }),
    ]);
    expect(await rowsIn(wardConstituencies)).toBe(704);
  });
});
