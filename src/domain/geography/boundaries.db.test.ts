import { readFileSync } from 'node:fs';
import { geoContains } from 'd3-geo';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import { auditEvents, boundaries } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, operator } from '../access/actor.ts';
import { actorOf } from '../access/users.repo.ts';
import { createSite } from '../estate/create-site.ts';
import { insertSite } from '../estate/estate.repo.ts';
import { selectBoundaries } from './boundaries.repo.ts';
import { getBoroughMap } from './get-borough-map.ts';
import { importBoundaries } from './import-boundaries.ts';
import { importWards } from './import-wards.ts';
import { locatePoint } from './locate-point.ts';
import { ImportRejected } from './ons-table.ts';

/** Loading ONS boundaries from the real files in ../shared/data (read in place), and what they give. */

const data = (name: string) =>
  readFileSync(new URL(`../../../../shared/data/${name}`, import.meta.url), 'utf8');
const boroughsFile = data('london_boroughs_lad22_bgc.geojson');
const wardsFile = data('london_wards_2022_bsc.geojson');
const constituenciesFile = data('london_constituencies_pcon24_bgc.geojson');
const featuresIn = (text: string) => (JSON.parse(text) as { features: unknown[] }).features.length;

const lambeth = 'E09000022';
const camden = 'E09000007';
/** Brixton Underground station, in Lambeth's Brixton Windrush ward. */
const brixton = { longitude: -0.1145, latitude: 51.4613 };
/** Camden Town station. */
const camdenTown = { longitude: -0.1426, latitude: 51.5392 };

let deps: TestDeps;
let admin: Actor;
let analyst: Actor;
let lambethLead: Actor;
beforeAll(async () => {
  deps = await testDeps();
  admin = actorOf(await givenUser(deps, { role: 'administrator', email: 'admin@example.org' }));
  analyst = actorOf(await givenUser(deps, { email: 'analyst@example.org' }));
  lambethLead = actorOf(
    await givenUser(deps, { role: 'borough_lead', email: 'lead@example.org', boroughs: [lambeth] }),
  );
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);
const stored = async (kind?: 'borough' | 'ward' | 'constituency') =>
  (
    await deps.db
      .select({ n: count() })
      .from(boundaries)
      .where(kind ? eq(boundaries.kind, kind) : undefined)
  )[0]?.n;
const audits = async () =>
  (
    await deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityType, 'reference-data'))
  )[0]?.n;

describe('importBoundaries refuses', () => {
  it('anyone but an administrator or the command line, and writes nothing', async () => {
    const error = await rejection(importBoundaries(as(analyst), { text: boroughsFile }));
    expect(error.code).toBe('forbidden');
    const lead = await rejection(importBoundaries(as(lambethLead), { text: boroughsFile }));
    expect(lead.code).toBe('forbidden');
    expect(await stored()).toBe(0);
  });

  it('the whole file when one feature is bad, listing it, and writes nothing', async () => {
    const file = JSON.parse(wardsFile) as {
      features: { properties: Record<string, string>; geometry: unknown }[];
    };
    const bad = file.features[10];
    if (!bad) throw new Error('the ward file has fewer than 11 features');
    bad.properties.LAD22CD = 'E09000099';
    const auditsBefore = await audits();
    const error = await rejection(importBoundaries(as(admin), { text: JSON.stringify(file) }));
    expect(error).toBeInstanceOf(ImportRejected);
    expect((error as ImportRejected).rowErrors).toEqual([
      {
        row: 11,
        field: 'LAD22CD',
        unit: 'feature',
        message: 'E09000099 is not a London borough known to Nonsuch',
      },
    ]);
    expect(error.message).toBe('The file has 1 problem; nothing was imported.');
    expect(await stored()).toBe(0);
    expect(await audits()).toBe(auditsBefore);
  });
});

describe('importBoundaries with the real ONS files', () => {
  it('loads the 33 borough boundaries of 2022, with progress, and records it', async () => {
    const progress: string[] = [];
    const auditsBefore = await audits();
    const result = await importBoundaries(as(admin), {
      text: boroughsFile,
      fileName: 'london_boroughs_lad22_bgc.geojson',
      onProgress: (m) => progress.push(m),
    });
    expect(result).toMatchObject({
      kind: 'borough',
      vintage: 2022,
      rows: 33,
      added: 33,
      changed: 0,
      unchanged: 0,
    });
    expect(Object.keys(result.byBorough)).toHaveLength(33);
    expect(await stored('borough')).toBe(33);
    expect(progress).toEqual(['Checking every feature…', 'Writing 33 borough boundaries (2022)…']);
    expect(await audits()).toBe((auditsBefore ?? 0) + 1);
    const [event] = await deps.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, 'boundaries-borough-2022'));
    expect(event?.summary).toBe(
      'Borough boundaries 2022 imported from london_boroughs_lad22_bgc.geojson: 33 features, 33 added, 0 changed',
    );
  });

  it('stores Lambeth so that d3 finds Brixton inside it, and Camden Town outside', async () => {
    const [row] = await selectBoundaries(deps.db, 'borough', 2022, lambeth);
    expect(row?.name).toBe('Lambeth');
    const shape = row?.geometry as GeoJSON.Geometry;
    expect(geoContains(shape, [brixton.longitude, brixton.latitude])).toBe(true);
    expect(geoContains(shape, [camdenTown.longitude, camdenTown.latitude])).toBe(false);
  });

  it('loads every ward of the file, and a second run adds and changes nothing', async () => {
    const progress: string[] = [];
    const first = await importBoundaries(as(admin), { text: wardsFile, onProgress: (m) => progress.push(m) });
    expect(first).toMatchObject({
      kind: 'ward',
      vintage: 2022,
      rows: featuresIn(wardsFile),
      added: featuresIn(wardsFile),
      changed: 0,
    });
    expect(first.byBorough[lambeth]).toBe(25);
    expect(await stored('ward')).toBe(featuresIn(wardsFile));
    expect(progress).toContain('200 of 704 written…');

    const again = await importBoundaries(as(admin), { text: wardsFile });
    expect(again).toMatchObject({ rows: 704, added: 0, changed: 0, unchanged: 704 });
    const boroughsAgain = await importBoundaries(as(admin), { text: boroughsFile });
    expect(boroughsAgain).toMatchObject({ rows: 33, added: 0, changed: 0, unchanged: 33 });
  });

  it('loads the 75 constituencies of 2024, belonging to no one borough', async () => {
    const result = await importBoundaries(contextFor(deps, operator('cli')), { text: constituenciesFile });
    expect(result).toMatchObject({ kind: 'constituency', vintage: 2024, rows: 75, added: 75 });
    expect(result.byBorough).toEqual({});
    const rows = await selectBoundaries(deps.db, 'constituency', 2024);
    expect(rows).toHaveLength(75);
    expect(rows.every((r) => r.areaCode === null)).toBe(true);
  });

  it('counts a boundary whose name changed as changed', async () => {
    const file = JSON.parse(boroughsFile) as {
      features: { properties: Record<string, string>; geometry: { coordinates: number[][][] } }[];
    };
    const city = file.features.find((f) => f.properties.LAD22CD === 'E09000001');
    if (!city) throw new Error('no City of London in the file');
    city.properties.LAD22NM = 'City of London Corporation';
    const result = await importBoundaries(as(admin), { text: JSON.stringify(file) });
    expect(result).toMatchObject({ added: 0, changed: 1, unchanged: 32 });
    await importBoundaries(as(admin), { text: boroughsFile });
  });
});

describe('locatePoint with the real boundaries', () => {
  it('places Brixton in Lambeth, in Brixton Windrush ward', async () => {
    const found = await locatePoint(deps.db, brixton, 2022);
    expect(found.boroughBoundaries).toBe(true);
    expect(found.areaCode).toBe(lambeth);
    const [ward] = (await selectBoundaries(deps.db, 'ward', 2022, lambeth)).filter(
      (w) => w.code === found.ward?.code,
    );
    expect(found.ward).toEqual({ code: 'E05014098', vintage: 2022 });
    expect(ward?.name).toBe('Brixton Windrush');
  });

  it('places Camden Town in Camden, and the middle of the Channel nowhere', async () => {
    const found = await locatePoint(deps.db, camdenTown, 2022);
    expect(found.areaCode).toBe(camden);
    expect(found.ward?.code).toMatch(/^E05/);
    expect(await locatePoint(deps.db, { longitude: -1.5, latitude: 50.2 }, 2022)).toEqual({
      boroughBoundaries: true,
      areaCode: undefined,
      ward: undefined,
    });
  });
});

describe('getBoroughMap', () => {
  it('gives a borough its outline, its wards in the vintage in use and its sites with coordinates', async () => {
    await importWards(as(admin), {
      text: 'WD22CD,WD22NM,LAD22CD\nE05014098,Brixton Windrush,E09000022\n',
    });
    const ctx = contextFor(deps, operator('test'));
    const placed = await createSite(ctx, {
      name: 'Brixton Police Station',
      type: 'police-station',
      address: '367 Brixton Road, London',
      postcode: 'SW9 7DD',
      latitude: brixton.latitude,
      longitude: brixton.longitude,
    });
    expect(placed.areaCode).toBe(lambeth);
    expect(placed).toMatchObject({ wardCode: 'E05014098', wardVintage: 2022, wardSource: 'coordinates' });
    await createSite(ctx, {
      name: 'Lambeth Patrol Base',
      type: 'patrol-base',
      address: '1 Somewhere Road, London',
      postcode: 'SE11 5HN',
      areaCode: lambeth,
    });

    const map = await getBoroughMap(as(lambethLead), { gssCode: 'e09000022' });
    expect(map.gssCode).toBe(lambeth);
    expect(map.boundary).toMatchObject({ code: lambeth, name: 'Lambeth', vintage: 2022 });
    expect(map.wardVintage).toBe(2022);
    expect(map.wards).toHaveLength(25);
    expect(map.wards.map((w) => w.name)).toContain('Brixton Windrush');
    expect(map.sites).toEqual([
      {
        id: placed.id,
        name: 'Brixton Police Station',
        type: 'police-station',
        status: 'operational',
        latitude: brixton.latitude,
        longitude: brixton.longitude,
      },
    ]);
    expect(map.sitesWithoutCoordinates).toBe(1);
    expect(map.sitesOutside).toEqual([]);
  });

  it('leaves off the map a site whose coordinates lie outside the borough, and names it', async () => {
    // Recorded before the boundaries were loaded, when nothing could check the coordinates.
    const stray = await insertSite(
      deps.db,
      {
        name: 'Mislocated Counter',
        type: 'front-counter',
        address: '1 Road',
        postcode: 'SW9 7DD',
        areaCode: lambeth,
        wardCode: null,
        wardVintage: null,
        wardSource: null,
        latitude: 0,
        longitude: 0,
        publicAccess: null,
        status: 'operational',
        iconic: false,
        iconicReason: null,
        heritageListing: 'none',
      },
      deps.clock.now(),
    );
    const map = await getBoroughMap(as(lambethLead), { gssCode: lambeth });
    expect(map.sites.map((s) => s.name)).not.toContain('Mislocated Counter');
    expect(map.sitesOutside).toEqual([{ id: stray.id, name: 'Mislocated Counter' }]);
  });

  it('answers a borough outside the actor’s boroughs as if it did not exist', async () => {
    const error = await rejection(getBoroughMap(as(lambethLead), { gssCode: camden }));
    expect(error.code).toBe('not_found');
    expect((await rejection(getBoroughMap(as(admin), { gssCode: 'E09000099' }))).code).toBe('not_found');
    const camdenMap = await getBoroughMap(as(analyst), { gssCode: camden });
    expect(camdenMap.boundary?.name).toBe('Camden');
    expect(camdenMap.sites).toEqual([]);
  });
});
