import type { Context } from '../domain/access/actor.ts';
import { importConstituencies } from '../domain/geography/import-constituencies.ts';
import { importOverlap } from '../domain/geography/import-overlap.ts';
import { importWardLookup } from '../domain/geography/import-ward-lookup.ts';
import { importWards } from '../domain/geography/import-wards.ts';
import { londonAreas } from '../domain/geography/london-areas.ts';

/**
 * The demo's wards and constituencies. The four boroughs the demo's accounts work in, and Croydon
 * and Lewisham (where the demo's stakeholders leave gaps the coverage check finds: an MP missing, a
 * ward panel without a chair where a disposal is imminent), are written out by hand; every other
 * Met borough gets three wards and two constituencies from a pattern, so the coverage check can
 * name each borough's MPs and the ward of each site. The names and codes are invented (codes in
 * the E059… and E149… ranges, which ONS has not used), so the demo runs without the ONS files;
 * loading the real files replaces nothing of theirs. They go in through the same imports as real
 * files, in the ONS layouts.
 */

const boroughs = {
  lambeth: 'E09000022',
  southwark: 'E09000028',
  camden: 'E09000007',
  islington: 'E09000019',
  croydon: 'E09000008',
  lewisham: 'E09000023',
} as const;

const handWards: readonly [code: string, name: string, borough: string, seat: string][] = [
  ['E05900001', 'Windmill Hill', boroughs.lambeth, 'E14900001'],
  ['E05900002', 'Lido Gardens', boroughs.lambeth, 'E14900001'],
  ['E05900003', 'Railway Arches', boroughs.lambeth, 'E14900002'],
  ['E05900004', 'Market Row', boroughs.lambeth, 'E14900002'],
  ['E05900005', 'Dockside', boroughs.southwark, 'E14900002'],
  ['E05900006', 'Rye Common', boroughs.southwark, 'E14900003'],
  ['E05900007', 'Tabard Yard', boroughs.southwark, 'E14900003'],
  ['E05900008', 'Heath Ponds', boroughs.camden, 'E14900004'],
  ['E05900009', 'Canal Lock', boroughs.camden, 'E14900004'],
  ['E05900010', 'Square Gardens', boroughs.camden, 'E14900005'],
  ['E05900011', 'Angel Cross', boroughs.islington, 'E14900005'],
  ['E05900012', 'Highbury Fields', boroughs.islington, 'E14900006'],
  ['E05900021', 'Ridgeway', boroughs.croydon, 'E14900011'],
  ['E05900022', 'Chalk Downs', boroughs.croydon, 'E14900012'],
  ['E05900023', 'Quarry Hill', boroughs.lewisham, 'E14900013'],
  ['E05900024', 'Millpond', boroughs.lewisham, 'E14900014'],
];

const handSeats: readonly [code: string, name: string][] = [
  ['E14900001', 'Windmill and Lido'],
  ['E14900002', 'Arches and Docks'],
  ['E14900003', 'Rye and Tabard'],
  ['E14900004', 'Heath and Canal'],
  ['E14900005', 'Squares and Angel'],
  ['E14900006', 'Highbury'],
  ['E14900011', 'Croydon Ridge'],
  ['E14900012', 'Croydon Downs'],
  ['E14900013', 'Lewisham Hills'],
  ['E14900014', 'Lewisham Millpond'],
];

// Every other Met borough: three wards, the first two making one constituency and the third another.
const wardWords = [
  'Abbey',
  'Bridge',
  'Chapel',
  'Common',
  'Cross',
  'Dene',
  'Fair',
  'Gate',
  'Grange',
  'Hall',
  'Kings',
  'Lea',
  'Manor',
  'Mill',
  'Moor',
  'Oak',
  'Priory',
  'Queens',
  'River',
  'Spring',
  'Tower',
  'Vale',
  'Well',
  'Wharf',
  'Beacon',
  'Orchard',
] as const;
const wardEndings = ['Green', 'Park', 'Rise'] as const;

const patternBoroughs = londonAreas.filter(
  (a) => a.policeForce === 'metropolitan' && !Object.values(boroughs).some((code) => code === a.gssCode),
);

const patternSeats: [code: string, name: string][] = [];
const patternWards: [code: string, name: string, borough: string, seat: string][] = [];
patternBoroughs.forEach((area, i) => {
  const words = [0, 1, 2].map((k) => i * 3 + k);
  const word = (j: number) => wardWords[j % wardWords.length] as string;
  const seats = [
    [`E1490${2000 + i * 2}`, `${word(words[0] ?? 0)} and ${word(words[1] ?? 0)}`],
    [`E1490${2001 + i * 2}`, `${area.name} ${word(words[2] ?? 0)}`],
  ] as const;
  patternSeats.push([...seats[0]], [...seats[1]]);
  words.forEach((j, k) => {
    patternWards.push([
      `E0590${1000 + j}`,
      `${word(j)} ${wardEndings[Math.floor(j / wardWords.length) % wardEndings.length]}`,
      area.gssCode,
      (k < 2 ? seats[0] : seats[1])[0],
    ]);
  });
});

export const demoWards: readonly [code: string, name: string, borough: string, seat: string][] = [
  ...handWards,
  ...patternWards,
];

export const seats2024: readonly [code: string, name: string][] = [...handSeats, ...patternSeats];

/** The boundaries before the 2024 review, known only borough by borough (no ward lookup). */
const seats2010: readonly [code: string, name: string, boroughs: readonly string[]][] = [
  ['E14900101', 'Lambeth North', [boroughs.lambeth]],
  ['E14900102', 'Lambeth South and Dockside', [boroughs.lambeth, boroughs.southwark]],
  ['E14900003', 'Rye and Tabard', [boroughs.southwark]],
  ['E14900004', 'Heath and Canal', [boroughs.camden]],
  ['E14900105', 'Islington and Squares', [boroughs.camden, boroughs.islington]],
];

const csv = (rows: readonly (readonly string[])[]) => rows.map((r) => r.join(',')).join('\n');

export async function buildDemoGeography(ctx: Context): Promise<void> {
  await importWards(ctx, {
    text: csv([
      ['WD22CD', 'WD22NM', 'LAD22CD'],
      ...demoWards.map(([code, name, borough]) => [code, name, borough]),
    ]),
    effectiveFrom: '2022-05-05',
  });
  await importConstituencies(ctx, {
    text: csv([['PCON10CD', 'PCON10NM'], ...seats2010.map(([c, n]) => [c, n])]),
    effectiveFrom: '2010-05-06',
  });
  await importOverlap(ctx, {
    text: csv([
      ['PCON10CD', 'PCON10NM', 'LAD22CD', 'share_of_sample_points'],
      ...seats2010.flatMap(([c, n, bs]) => bs.map((b) => [c, n, b, (1 / bs.length).toFixed(2)])),
    ]),
  });
  await importConstituencies(ctx, {
    text: csv([['PCON24CD', 'PCON24NM'], ...seats2024]),
    effectiveFrom: '2024-07-04',
  });
  await importWardLookup(ctx, {
    text: csv([['WD22CD', 'PCON24CD'], ...demoWards.map(([ward, , , seat]) => [ward, seat])]),
  });
  // The 2024 seats' boroughs, as the ONS overlap table gives them: what places a person tied to a
  // constituency in a borough's scope.
  const seatBoroughs = new Map<string, Set<string>>();
  for (const [, , borough, seat] of demoWards) {
    seatBoroughs.set(seat, (seatBoroughs.get(seat) ?? new Set()).add(borough));
  }
  await importOverlap(ctx, {
    text: csv([
      ['PCON24CD', 'PCON24NM', 'LAD22CD', 'share_of_sample_points'],
      ...seats2024.flatMap(([c, n]) => {
        const bs = [...(seatBoroughs.get(c) ?? [])];
        return bs.map((b) => [c, n, b, (1 / bs.length).toFixed(2)]);
      }),
    ]),
  });
}
