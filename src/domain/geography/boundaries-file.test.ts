import { readFileSync } from 'node:fs';
import { geoArea, geoContains } from 'd3-geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Geometry } from './boundaries.repo.ts';
import { checkGeometry } from './boundary-geometry.ts';
import { londonAreas } from './london-areas.ts';
import { type BoundariesFile, parseBoundariesFile } from './ons-files.ts';
import { describeRowError, type RowError } from './ons-table.ts';

/** Reading ONS boundaries (GeoJSON): which layer, every feature checked, rings the way d3 reads them. */

const known = new Set(londonAreas.map((a) => a.gssCode));
const data = (name: string) =>
  readFileSync(new URL(`../../../../shared/data/${name}`, import.meta.url), 'utf8');

/** A small square around a point, wound as RFC 7946 has it (anticlockwise): d3 reads it as the rest of the world. */
const rfcSquare = (lon: number, lat: number, d = 0.01): number[][] => [
  [lon - d, lat - d],
  [lon + d, lat - d],
  [lon + d, lat + d],
  [lon - d, lat + d],
  [lon - d, lat - d],
];
const polygon = (lon = -0.12, lat = 51.46) => ({ type: 'Polygon', coordinates: [rfcSquare(lon, lat)] });
const feature = (properties: Record<string, unknown>, geometry: unknown = polygon()) => ({
  type: 'Feature',
  properties,
  geometry,
});
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const errorsOf = (r: { ok: boolean; errors?: readonly RowError[] }) => (r.ok ? [] : (r.errors ?? []));
const fileOf = (r: ReturnType<typeof parseBoundariesFile>): BoundariesFile => {
  if (!r.ok) throw new Error(r.errors.map(describeRowError).join('\n'));
  return r.file;
};

describe('parseBoundariesFile: the layer comes from the properties', () => {
  it('reads borough boundaries (LADyyCD, LADyyNM), each borough its own area', () => {
    const file = fileOf(
      parseBoundariesFile(collection(feature({ LAD22CD: 'E09000022', LAD22NM: 'Lambeth' })), known),
    );
    expect(file).toMatchObject({ kind: 'borough', vintage: 2022 });
    expect(file.rows).toEqual([
      { row: 1, code: 'E09000022', name: 'Lambeth', areaCode: 'E09000022', geometry: expect.anything() },
    ]);
  });

  it('reads ward boundaries (WDyyCD, WDyyNM, LADyyCD), the borough from LADyyCD', () => {
    const file = fileOf(
      parseBoundariesFile(
        collection(
          feature({
            WD22CD: 'E05014100',
            WD22NM: 'Brixton Acre Lane',
            LAD22CD: 'E09000022',
            LAD22NM: 'Lambeth',
          }),
        ),
        known,
      ),
    );
    expect(file).toMatchObject({ kind: 'ward', vintage: 2022 });
    expect(file.rows[0]).toMatchObject({
      code: 'E05014100',
      name: 'Brixton Acre Lane',
      areaCode: 'E09000022',
    });
  });

  it('reads constituency boundaries (PCONyyCD, PCONyyNM), which belong to no one borough', () => {
    const file = fileOf(
      parseBoundariesFile(
        collection(feature({ PCON24CD: 'E14001073', PCON24NM: 'Barking', centroid_in_LAD22CD: 'E09000002' })),
        known,
      ),
    );
    expect(file).toMatchObject({ kind: 'constituency', vintage: 2024 });
    expect(file.rows[0]).toMatchObject({ code: 'E14001073', name: 'Barking', areaCode: null });
  });

  it.each([
    ['london_boroughs_lad22_bgc.geojson', 'borough', 2022, 33],
    ['london_wards_2022_bsc.geojson', 'ward', 2022, 704],
    ['london_constituencies_pcon24_bgc.geojson', 'constituency', 2024, 75],
  ])('reads the real file %s: %s boundaries of %i, %i features', (name, kind, vintage, n) => {
    const text = data(name);
    const file = fileOf(parseBoundariesFile(text, known));
    expect(file.kind).toBe(kind);
    expect(file.vintage).toBe(vintage);
    expect(file.rows).toHaveLength(n);
    expect(file.rows).toHaveLength((JSON.parse(text) as { features: unknown[] }).features.length);
    // Every shape, as stored, is the small area d3 should see: none covers more than a sliver of the Earth.
    for (const r of file.rows) expect(geoArea(r.geometry as GeoJSON.Geometry)).toBeLessThan(1e-4);
  });

  it('turns the wrongly wound sliver of Hounslow, so that Lambeth is not in Hounslow', () => {
    const file = fileOf(parseBoundariesFile(data('london_boroughs_lad22_bgc.geojson'), known));
    const brixton: [number, number] = [-0.1145, 51.4613];
    const containing = file.rows.filter((r) => geoContains(r.geometry as GeoJSON.Geometry, brixton));
    expect(containing.map((r) => r.name)).toEqual(['Lambeth']);
  });

  it('names the properties it found when they are none of the layers', () => {
    const errors = errorsOf(parseBoundariesFile(collection(feature({ code: 'x', name: 'y' })), known));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 1, field: 'file', unit: 'feature' });
    expect(errors[0]?.message).toContain('found “code”, “name”');
  });

  it('asks ward boundaries for the borough (LADyyCD)', () => {
    const errors = errorsOf(
      parseBoundariesFile(collection(feature({ WD22CD: 'E05014100', WD22NM: 'Brixton Acre Lane' })), known),
    );
    expect(errors[0]?.message).toContain('WDyyCD, WDyyNM and LADyyCD');
  });

  it.each([
    ['not JSON', '{"type": "FeatureCollection", ', 'cannot be read as JSON'],
    ['not a collection', JSON.stringify({ type: 'Feature' }), 'must be a GeoJSON FeatureCollection'],
    ['an empty collection', JSON.stringify({ type: 'FeatureCollection', features: [] }), 'no properties'],
  ])('refuses %s as a whole', (_, text, message) => {
    const errors = errorsOf(parseBoundariesFile(text, known));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(message);
  });
});

describe('parseBoundariesFile: every feature is checked', () => {
  const lambeth = { LAD22CD: 'E09000022', LAD22NM: 'Lambeth' };

  it.each<[string, Record<string, unknown>, unknown, Partial<RowError>]>([
    [
      'a borough outside London',
      { LAD22CD: 'E09000099', LAD22NM: 'Nowhere' },
      polygon(),
      { field: 'LAD22CD' },
    ],
    [
      'a district that is no borough',
      { LAD22CD: 'E07000001', LAD22NM: 'Elsewhere' },
      polygon(),
      { field: 'LAD22CD' },
    ],
    ['a code that is a number', { LAD22CD: 9000022, LAD22NM: 'Lambeth' }, polygon(), { field: 'LAD22CD' }],
    [
      'a blank name',
      { LAD22CD: 'E09000022', LAD22NM: '  ' },
      polygon(),
      { field: 'LAD22NM', message: 'Enter the borough name' },
    ],
    ['no geometry', lambeth, null, { field: 'geometry', message: 'The feature has no geometry' }],
    ['a point', lambeth, { type: 'Point', coordinates: [0, 51] }, { field: 'geometry' }],
    [
      'an open ring',
      lambeth,
      { type: 'Polygon', coordinates: [rfcSquare(-0.12, 51.46).slice(0, 4)] },
      { field: 'geometry', message: 'Each ring of a polygon must end at the point it starts from' },
    ],
    [
      'a ring of three points',
      lambeth,
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 51],
            [0.1, 51],
            [0, 51],
          ],
        ],
      },
      { field: 'geometry' },
    ],
    [
      'British National Grid metres',
      lambeth,
      {
        type: 'Polygon',
        coordinates: [
          [
            [530000, 175000],
            [531000, 175000],
            [531000, 176000],
            [530000, 175000],
          ],
        ],
      },
      { field: 'geometry', message: expect.stringContaining('British National Grid') },
    ],
    [
      'an infinite coordinate',
      lambeth,
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 51],
            [Number.POSITIVE_INFINITY, 51],
            [0, 52],
            [0, 51],
          ],
        ],
      },
      { field: 'geometry', message: expect.stringContaining('finite') },
    ],
    ['a text coordinate', lambeth, { type: 'Polygon', coordinates: [[['0', '51']]] }, { field: 'geometry' }],
    ['an empty multipolygon', lambeth, { type: 'MultiPolygon', coordinates: [] }, { field: 'geometry' }],
  ])('reports %s, with the feature number', (_, properties, geometry, expected) => {
    // JSON cannot hold Infinity; 1e999 reads as it.
    const text = collection(feature(properties, geometry)).replace('null,51', '1e999,51');
    const errors = errorsOf(parseBoundariesFile(text, known));
    expect(errors).toEqual([expect.objectContaining({ row: 1, unit: 'feature', ...expected })]);
  });

  it('reports a code given twice, naming the first feature', () => {
    const errors = errorsOf(parseBoundariesFile(collection(feature(lambeth), feature(lambeth)), known));
    expect(errors).toEqual([
      {
        row: 2,
        field: 'LAD22CD',
        unit: 'feature',
        message: 'Borough E09000022 is also feature 1: each must appear once',
      },
    ]);
    expect(describeRowError(errors[0] as RowError)).toBe(
      'Feature 2, LAD22CD: Borough E09000022 is also feature 1: each must appear once',
    );
  });

  it('reports every bad feature, not just the first', () => {
    const r = parseBoundariesFile(
      collection(
        feature({ WD22CD: 'E05000001', WD22NM: 'Good', LAD22CD: 'E09000022' }),
        feature({ WD22CD: 'X1', WD22NM: 'Bad code', LAD22CD: 'E09000022' }),
        feature({ WD22CD: 'E05000003', WD22NM: 'Bad borough', LAD22CD: 'E09000099' }),
        feature({ WD22CD: 'E05000004', WD22NM: 'No shape', LAD22CD: 'E09000022' }, { type: 'Polygon' }),
      ),
      known,
    );
    expect(errorsOf(r).map((e) => [e.row, e.field])).toEqual([
      [2, 'WD22CD'],
      [3, 'LAD22CD'],
      [4, 'geometry'],
    ]);
  });
});

describe('checkGeometry: the rings are wound the way d3 reads them', () => {
  const lambethPoint: [number, number] = [-0.12, 51.46];
  const elsewhere: [number, number] = [2.35, 48.86];

  it('turns an anticlockwise (RFC 7946) outline so it encloses the small area', () => {
    const raw = polygon();
    expect(geoContains(raw as GeoJSON.Polygon, elsewhere)).toBe(true); // read as is, the world minus the square
    const checked = checkGeometry(raw);
    if (!checked.ok) throw new Error(checked.message);
    expect(geoContains(checked.geometry as GeoJSON.Geometry, lambethPoint)).toBe(true);
    expect(geoContains(checked.geometry as GeoJSON.Geometry, elsewhere)).toBe(false);
  });

  it('leaves a clockwise outline as it is, and keeps a hole a hole', () => {
    const outer = [...rfcSquare(-0.12, 51.46, 0.05)].reverse();
    const hole = rfcSquare(-0.12, 51.46, 0.01).reverse(); // wound like the outline: wrong for a hole
    const checked = checkGeometry({ type: 'Polygon', coordinates: [outer, hole] });
    if (!checked.ok) throw new Error(checked.message);
    const g = checked.geometry as Extract<Geometry, { type: 'Polygon' }>;
    expect(g.coordinates[0]).toEqual(outer);
    expect(geoContains(g as GeoJSON.Polygon, lambethPoint)).toBe(false); // in the hole
    expect(geoContains(g as GeoJSON.Polygon, [-0.16, 51.46])).toBe(true); // in the ring around it
  });

  it('turns each polygon of a multipolygon on its own, and drops heights', () => {
    const checked = checkGeometry({
      type: 'MultiPolygon',
      coordinates: [
        [rfcSquare(-0.12, 51.46).map(([x, y]) => [x, y, 12])],
        [[...rfcSquare(-0.3, 51.5)].reverse()],
      ],
    });
    if (!checked.ok) throw new Error(checked.message);
    expect(geoArea(checked.geometry as GeoJSON.Geometry)).toBeLessThan(1e-5);
    const g = checked.geometry as Extract<Geometry, { type: 'MultiPolygon' }>;
    expect(g.coordinates[0]?.[0]?.[0]).toHaveLength(2);
  });
});

describe('hostile input', () => {
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    any: fc.oneof(
      { depthSize: 'small' },
      fc.double(),
      fc.integer(),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
      fc.array(tie('any'), { maxLength: 5 }),
      fc.dictionary(fc.string(), tie('any'), { maxKeys: 4 }),
    ),
  })).any;
  const coordinate = fc.oneof(
    fc.double(),
    fc.double({ min: -1, max: 1 }),
    fc.constantFrom(0, 51.5, Number.POSITIVE_INFINITY),
  );
  const ringish = fc.array(fc.array(coordinate, { maxLength: 3 }), { maxLength: 6 });
  const geometry = fc.oneof(
    value,
    fc.record({
      type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point'),
      coordinates: fc.oneof(value, fc.array(ringish), fc.array(fc.array(ringish))),
    }),
  );
  const properties = fc.oneof(
    value,
    fc.record({
      WD22CD: fc.oneof(fc.stringMatching(/^E0[59]\d{6}$/), value),
      LAD22CD: fc.oneof(fc.constantFrom('E09000022', 'E09000099'), value),
      WD22NM: fc.oneof(fc.string(), value),
    }),
    fc.record({ LAD22CD: fc.oneof(fc.constantFrom(...known), value), LAD22NM: value }),
  );
  const file = fc.oneof(
    fc.string({ unit: 'binary' }),
    value.map((v) => JSON.stringify(v) ?? ''),
    fc
      .array(fc.oneof(value, fc.record({ type: fc.constant('Feature'), properties, geometry })), {
        maxLength: 6,
      })
      .map((features) => JSON.stringify({ type: 'FeatureCollection', features }).replaceAll('null', '1e999')),
  );

  it('never throws: every problem is a reported error, and what is accepted is sound', () => {
    fc.assert(
      fc.property(file, (text) => {
        const r = parseBoundariesFile(text, known);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(describeRowError(e)).toMatch(/^(Row|Feature) \d+/);
          return;
        }
        for (const row of r.file.rows) {
          const polygons =
            row.geometry.type === 'Polygon' ? [row.geometry.coordinates] : row.geometry.coordinates;
          for (const ring of polygons.flat())
            for (const [lon, lat] of ring) {
              expect(Math.abs(lon as number)).toBeLessThanOrEqual(180);
              expect(Math.abs(lat as number)).toBeLessThanOrEqual(90);
            }
        }
      }),
      { numRuns: 400 },
    );
  });
});
