import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  layoutOf,
  parseConstituenciesFile,
  parseOverlapFile,
  parseWardLookupFile,
  parseWardsFile,
} from './ons-files.ts';
import { isBoroughCode, isConstituencyCode, isWardCode, type RowError } from './ons-table.ts';

const known = new Set(['E09000001', 'E09000007', 'E09000022']);
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const errorsOf = (r: { ok: boolean; errors?: readonly RowError[] }) => (r.ok ? [] : (r.errors ?? []));

describe('layoutOf', () => {
  it.each([
    [['WD22CD', 'WD22NM', 'LAD22CD', 'LAD22NM'], 'wards'],
    [['PCON24CD', 'PCON24NM'], 'constituencies'],
    [['PCON24CD', 'PCON24NM', 'LAD22CD', 'LAD22NM', 'share_of_sample_points'], 'overlap'],
    [['WD24CD', 'WD24NM', 'PCON24CD', 'PCON24NM', 'LAD24CD'], 'ward-lookup'],
    [['wd22cd', 'wd22nm', 'lad22cd'], 'wards'],
    [['code', 'name'], undefined],
  ])('%j is %s', (header, layout) => {
    expect(layoutOf(header)).toBe(layout);
  });
});

describe('parseWardsFile', () => {
  it('reads the vintage from the header and every row', () => {
    const r = parseWardsFile(
      `\uFEFF${csv('WD22CD,WD22NM,LAD22CD,LAD22NM', 'E05009288,Aldersgate,E09000001,City of London', '', ' E05013600 ,"St Pancras & Somers Town",E09000007,Camden')}`,
      known,
    );
    expect(r).toEqual({
      ok: true,
      file: {
        vintage: 2022,
        rows: [
          { row: 2, code: 'E05009288', name: 'Aldersgate', areaCode: 'E09000001' },
          { row: 4, code: 'E05013600', name: 'St Pancras & Somers Town', areaCode: 'E09000007' },
        ],
      },
    });
  });

  it.each<[string, string[], Partial<RowError>[]]>([
    ['a malformed ward code', ['E0500928,Aldersgate,E09000001'], [{ row: 2, field: 'WD22CD' }]],
    [
      'a missing ward code',
      [',Aldersgate,E09000001'],
      [{ row: 2, field: 'WD22CD', message: 'Enter the ward code' }],
    ],
    [
      'a missing name',
      ['E05009288,  ,E09000001'],
      [{ row: 2, field: 'WD22NM', message: 'Enter the ward name' }],
    ],
    [
      'a name on two lines',
      ['E05009288,"Alders\ngate",E09000001'],
      [{ row: 2, field: 'WD22NM', message: 'The ward name must be on one line' }],
    ],
    ['a county code for the borough', ['E05009288,Aldersgate,E06000001'], [{ row: 2, field: 'LAD22CD' }]],
    [
      'an unknown borough',
      ['E05009288,Aldersgate,E09000099'],
      [{ row: 2, field: 'LAD22CD', message: 'E09000099 is not a London borough known to Nonsuch' }],
    ],
    [
      'a duplicate code',
      ['E05009288,Aldersgate,E09000001', 'E05009289,Aldgate,E09000001', 'E05009288,Again,E09000001'],
      [{ row: 4, field: 'WD22CD', message: 'Ward E05009288 is also on row 2: each must appear once' }],
    ],
    [
      'several problems, in row order',
      ['E05009288,,E09000001', 'x,Aldgate,E09000001'],
      [
        { row: 2, field: 'WD22NM' },
        { row: 3, field: 'WD22CD' },
      ],
    ],
    ['an unclosed quote', ['E05009288,"Aldersgate,E09000001'], [{ row: 2, field: 'file' }]],
  ])('refuses %s', (_, rows, expected) => {
    const r = parseWardsFile(csv('WD22CD,WD22NM,LAD22CD', ...rows), known);
    expect(r.ok).toBe(false);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(errors[i]).toMatchObject(e);
    });
  });

  it('names the expected columns when the header is wrong', () => {
    const r = parseWardsFile(csv('code,name,borough', 'E05009288,Aldersgate,E09000001'), known);
    expect(errorsOf(r)).toEqual([
      {
        row: 1,
        field: 'file',
        message: expect.stringContaining('The first row must name the columns WDyyCD, WDyyNM and LADyyCD'),
      },
    ]);
    expect(errorsOf(r)[0]?.message).toContain('found “code”, “name”, “borough”');
  });

  it('says when a file is another kind', () => {
    const r = parseWardsFile(csv('WD24CD,PCON24CD,LAD24CD', 'E05009288,E14001073,E09000001'), known);
    expect(errorsOf(r)[0]?.message).toContain('This looks like a ward to constituency lookup instead.');
  });

  it('refuses an empty file and a header alone', () => {
    expect(errorsOf(parseWardsFile('', known))).toHaveLength(1);
    expect(errorsOf(parseWardsFile(csv('WD22CD,WD22NM,LAD22CD'), known))).toEqual([
      { row: 2, field: 'file', message: 'The file has no wards in it' },
    ]);
  });
});

describe('parseConstituenciesFile', () => {
  const feature = (properties: Record<string, unknown>) => ({
    type: 'Feature',
    properties,
    geometry: null,
  });
  const geojson = (...properties: Record<string, unknown>[]) =>
    JSON.stringify({ type: 'FeatureCollection', features: properties.map(feature) });

  it('reads a CSV', () => {
    expect(parseConstituenciesFile(csv('PCON24CD,PCON24NM', 'E14001073,Barking'))).toEqual({
      ok: true,
      file: { vintage: 2024, rows: [{ row: 2, code: 'E14001073', name: 'Barking' }] },
    });
  });

  it('reads GeoJSON, numbering features from 1', () => {
    const r = parseConstituenciesFile(
      geojson(
        { PCON24CD: 'E14001073', PCON24NM: 'Barking', other: 1 },
        { PCON24CD: 'E14001081', PCON24NM: 'Battersea' },
      ),
      'x.geojson',
    );
    expect(r).toEqual({
      ok: true,
      file: {
        vintage: 2024,
        rows: [
          { row: 1, code: 'E14001073', name: 'Barking' },
          { row: 2, code: 'E14001081', name: 'Battersea' },
        ],
      },
    });
  });

  it.each<[string, string, Partial<RowError>]>([
    ['not JSON', '{ nope', { row: 1, message: 'The file is not valid GeoJSON: it cannot be read as JSON' }],
    [
      'not a FeatureCollection',
      '{"type":"Feature"}',
      { message: 'The file must be a GeoJSON FeatureCollection' },
    ],
    [
      'without the properties',
      geojson({ name: 'Barking' }),
      { message: expect.stringContaining('PCONyyCD and PCONyyNM') },
    ],
    ['a numeric code', geojson({ PCON24CD: 14001073, PCON24NM: 'Barking' }), { row: 1, field: 'PCON24CD' }],
    ['a ward code', geojson({ PCON24CD: 'E05009288', PCON24NM: 'Barking' }), { row: 1, field: 'PCON24CD' }],
    [
      'a duplicate',
      geojson({ PCON24CD: 'E14001073', PCON24NM: 'Barking' }, { PCON24CD: 'E14001073', PCON24NM: 'Barking' }),
      { row: 2, message: 'Constituency E14001073 is also feature 1: each must appear once' },
    ],
  ])('refuses GeoJSON with %s', (_, text, expected) => {
    const errors = errorsOf(parseConstituenciesFile(text, 'x.geojson'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject(expected);
  });

  it('refuses an overlap file, saying what it is', () => {
    const r = parseConstituenciesFile(csv('PCON24CD,PCON24NM,LAD22CD', 'E14001073,Barking,E09000002'));
    expect(errorsOf(r)[0]?.message).toContain('constituency–borough overlap file');
  });
});

describe('parseOverlapFile', () => {
  const header = 'PCON24CD,PCON24NM,LAD22CD,LAD22NM,share_of_sample_points';

  it('reads pairs with and without a share', () => {
    const r = parseOverlapFile(
      csv(header, 'E14001073,Barking,E09000001,City,0.998', 'E14001073,Barking,E09000007,Camden,'),
      known,
    );
    expect(r).toEqual({
      ok: true,
      file: {
        vintage: 2024,
        rows: [
          { row: 2, constituencyCode: 'E14001073', areaCode: 'E09000001', share: 0.998 },
          { row: 3, constituencyCode: 'E14001073', areaCode: 'E09000007', share: null },
        ],
      },
    });
    expect(parseOverlapFile(csv('PCON24CD,LAD22CD', 'E14001073,E09000022'), known).ok).toBe(true);
  });

  it.each<[string, string, Partial<RowError>]>([
    ['a share over 1', 'E14001073,Barking,E09000001,City,1.5', { field: 'share_of_sample_points' }],
    [
      'a share that is not a number',
      'E14001073,Barking,E09000001,City,lots',
      { field: 'share_of_sample_points' },
    ],
    ['an unknown borough', 'E14001073,Barking,E09000031,Waltham Forest,0.5', { field: 'LAD22CD' }],
    ['a bad constituency', 'E1400107,Barking,E09000001,City,0.5', { field: 'PCON24CD' }],
  ])('refuses %s', (_, line, expected) => {
    const errors = errorsOf(parseOverlapFile(csv(header, line), known));
    expect(errors).toEqual([expect.objectContaining({ row: 2, ...expected })]);
  });

  it('refuses the same pair twice', () => {
    const errors = errorsOf(
      parseOverlapFile(csv(header, 'E14001073,B,E09000001,C,0.5', 'E14001073,B,E09000001,C,0.5'), known),
    );
    expect(errors).toEqual([expect.objectContaining({ row: 3, field: 'PCON24CD' })]);
  });
});

describe('parseWardLookupFile', () => {
  it('reads the two vintages and the optional borough', () => {
    expect(
      parseWardLookupFile(
        csv('WD24CD,WD24NM,PCON24CD,PCON24NM,LAD24CD', 'E05009288,A,E14001073,B,E09000001'),
        known,
      ),
    ).toEqual({
      ok: true,
      file: {
        wardVintage: 2024,
        constituencyVintage: 2024,
        rows: [{ row: 2, wardCode: 'E05009288', constituencyCode: 'E14001073', areaCode: 'E09000001' }],
      },
    });
    const noBorough = parseWardLookupFile(csv('WD22CD,PCON24CD', 'E05009288,E14001073'), known);
    expect(noBorough.ok && noBorough.file.rows[0]?.areaCode).toBe(null);
    expect(noBorough.ok && noBorough.file.wardVintage).toBe(2022);
  });

  it('refuses a ward twice and a wrong header', () => {
    const errors = errorsOf(
      parseWardLookupFile(csv('WD22CD,PCON24CD', 'E05009288,E14001073', 'E05009288,E14001074'), known),
    );
    expect(errors).toEqual([expect.objectContaining({ row: 3, field: 'WD22CD' })]);
    expect(errorsOf(parseWardLookupFile(csv('WD22CD,WD22NM,LAD22CD'), known))[0]?.message).toContain(
      'WDyyCD and PCONyyCD',
    );
  });
});

describe('properties', () => {
  const cell = fc.oneof(
    fc.string(),
    fc.constantFrom(
      'E05009288',
      'E14001073',
      'E09000001',
      'E09000007',
      'E0500928',
      ' E05009288 ',
      '"',
      '\n',
      ',',
    ),
    fc.stringMatching(/^E(05|09|14)\d{5,7}$/),
  );
  const rowsOf = (width: number) =>
    fc.array(fc.array(cell, { minLength: 0, maxLength: width + 1 }), { maxLength: 8 });
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const asCsv = (header: string, rows: string[][], quoted: boolean) =>
    [header, ...rows.map((r) => r.map((c) => (quoted ? quote(c) : c)).join(','))].join('\n');

  it('never throws on any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.option(fc.constantFrom('a.csv', 'a.geojson')),
        (text, name) => {
          parseWardsFile(text, known);
          parseConstituenciesFile(text, name ?? undefined);
          parseOverlapFile(text, known);
          parseWardLookupFile(text, known);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never gives a valid row with a malformed code or an unknown borough', () => {
    fc.assert(
      fc.property(rowsOf(5), fc.boolean(), (rows, quoted) => {
        const wards = parseWardsFile(asCsv('WD22CD,WD22NM,LAD22CD,LAD22NM', rows, quoted), known);
        if (wards.ok) {
          for (const r of wards.file.rows) {
            expect(
              isWardCode(r.code) && known.has(r.areaCode) && r.name.trim() === r.name && r.name !== '',
            ).toBe(true);
          }
        } else expect(wards.errors.length).toBeGreaterThan(0);
        const constituencies = parseConstituenciesFile(asCsv('PCON24CD,PCON24NM', rows, quoted));
        if (constituencies.ok)
          for (const r of constituencies.file.rows) expect(isConstituencyCode(r.code)).toBe(true);
        const overlap = parseOverlapFile(
          asCsv('PCON24CD,PCON24NM,LAD22CD,LAD22NM,share', rows, quoted),
          known,
        );
        if (overlap.ok) {
          for (const r of overlap.file.rows) {
            expect(isConstituencyCode(r.constituencyCode) && isBoroughCode(r.areaCode)).toBe(true);
            expect(r.share === null || (r.share >= 0 && r.share <= 1)).toBe(true);
          }
        }
        const lookup = parseWardLookupFile(asCsv('WD24CD,PCON24CD,LAD24CD', rows, quoted), known);
        if (lookup.ok) {
          for (const r of lookup.file.rows) {
            expect(isWardCode(r.wardCode) && isConstituencyCode(r.constituencyCode)).toBe(true);
            expect(r.areaCode !== null && known.has(r.areaCode)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a valid GeoJSON row with a malformed code', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ PCON24CD: fc.oneof(cell, fc.integer()), PCON24NM: fc.oneof(cell, fc.constant(null)) }),
        ),
        (props) => {
          const r = parseConstituenciesFile(
            JSON.stringify({
              type: 'FeatureCollection',
              features: props.map((p) => ({ type: 'Feature', properties: p })),
            }),
          );
          if (r.ok) for (const row of r.file.rows) expect(isConstituencyCode(row.code)).toBe(true);
        },
      ),
    );
  });
});
