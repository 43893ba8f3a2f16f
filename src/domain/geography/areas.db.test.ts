import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import { migrate } from '../../db/migrate.ts';
import { areas, bcus } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from '../access/actor.ts';
import { getArea } from './get-area.ts';
import { listAreas } from './list-areas.ts';
import { londonAreas } from './london-areas.ts';

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);
const cli = operator('test');
const reader: Actor = {
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000000',
  role: 'administrator',
  displayName: 'Area Reader',
  email: 'reader@example.org',
  boroughs: [],
};

async function countOf(table: typeof areas | typeof bcus): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(table);
  return Number(row?.n);
}

const namesInDb = async () =>
  (await deps.db.select({ gssCode: areas.gssCode, name: areas.name }).from(areas).orderBy(areas.gssCode)).map(
    (a) => `${a.gssCode} ${a.name}`,
  );

const namesInCode = [...londonAreas]
  .sort((a, b) => (a.gssCode < b.gssCode ? -1 : 1))
  .map((a) => `${a.gssCode} ${a.name}`);

describe('the reference areas', () => {
  it('are in every migrated database: 33 areas and 12 BCUs, as in code', async () => {
    expect(await countOf(areas)).toBe(33);
    expect(await countOf(bcus)).toBe(12);
    expect(await namesInDb()).toEqual(namesInCode);
  });

  it('are unchanged by migrating again', async () => {
    const before = await listAreas(as(cli));
    await migrate(deps.connection);
    await migrate(deps.connection);
    expect(await countOf(areas)).toBe(33);
    expect(await countOf(bcus)).toBe(12);
    expect(await listAreas(as(cli))).toEqual(before);
  });

  it('are put right by migrating when a fact has been changed in the database', async () => {
    await deps.db
      .update(areas)
      .set({ name: 'Kamden', tileCol: 7, tileRow: 0 })
      .where(eq(areas.gssCode, 'E09000007'));
    await deps.db.update(bcus).set({ name: 'Somewhere' }).where(eq(bcus.code, 'CN'));
    await migrate(deps.connection);
    expect(await getArea(as(cli), { gssCode: 'E09000007' })).toMatchObject({
      name: 'Camden',
      bcuName: 'Central North',
      tileCol: 2,
      tileRow: 2,
    });
  });

  it('can be rearranged: two areas swapping their codes and tiles migrate cleanly', async () => {
    // As if the facts in an older release had Camden and Islington the other way round.
    await deps.db.update(areas).set({ shortCode: 'ISL', tileCol: 3 }).where(eq(areas.gssCode, 'E09000007'));
    await deps.db.update(areas).set({ shortCode: 'CMD', tileCol: 2 }).where(eq(areas.gssCode, 'E09000019'));
    await migrate(deps.connection);
    expect(await getArea(as(cli), { gssCode: 'E09000007' })).toMatchObject({ shortCode: 'CMD', tileCol: 2 });
    expect(await getArea(as(cli), { gssCode: 'E09000019' })).toMatchObject({ shortCode: 'ISL', tileCol: 3 });
  });
});

describe('getArea', () => {
  it('finds an area by its code in lower case, with its BCU name', async () => {
    expect(await getArea(as(reader), { gssCode: 'e09000007' })).toEqual({
      gssCode: 'E09000007',
      name: 'Camden',
      shortCode: 'CMD',
      kind: 'london-borough',
      policeForce: 'metropolitan',
      bcuCode: 'CN',
      bcuName: 'Central North',
      tileCol: 2,
      tileRow: 2,
    });
  });

  it('ignores spaces around the code', async () => {
    expect((await getArea(as(cli), { gssCode: ' E09000028 ' })).name).toBe('Southwark');
  });

  it('finds the City of London, which has no BCU', async () => {
    expect(await getArea(as(cli), { gssCode: 'E09000001' })).toMatchObject({
      name: 'City of London',
      kind: 'city',
      policeForce: 'city-of-london',
      bcuCode: null,
      bcuName: null,
    });
  });

  it.each([
    ['E09000099'],
    ['E09000000'],
    ['x'],
    [''],
    ['E0900000711'],
    ["E09000007' or '1'='1"],
    ['E08000007'],
  ])('reports %j as not found', async (gssCode) => {
    const error = await rejection(getArea(as(cli), { gssCode }));
    expect(error.code).toBe('not_found');
  });

  it('refuses an anonymous actor', async () => {
    expect((await rejection(getArea(as(anonymous), { gssCode: 'E09000007' }))).code).toBe('unauthenticated');
  });
});

describe('listAreas', () => {
  it('lists all 33 areas by name', async () => {
    const list = await listAreas(as(reader));
    expect(list.map((a) => a.name)).toEqual([
      'Barking and Dagenham',
      'Barnet',
      'Bexley',
      'Brent',
      'Bromley',
      'Camden',
      'City of London',
      'Croydon',
      'Ealing',
      'Enfield',
      'Greenwich',
      'Hackney',
      'Hammersmith and Fulham',
      'Haringey',
      'Harrow',
      'Havering',
      'Hillingdon',
      'Hounslow',
      'Islington',
      'Kensington and Chelsea',
      'Kingston upon Thames',
      'Lambeth',
      'Lewisham',
      'Merton',
      'Newham',
      'Redbridge',
      'Richmond upon Thames',
      'Southwark',
      'Sutton',
      'Tower Hamlets',
      'Waltham Forest',
      'Wandsworth',
      'Westminster',
    ]);
    expect(list.find((a) => a.name === 'Lambeth')).toMatchObject({ bcuCode: 'AS', bcuName: 'Central South' });
    expect(list.filter((a) => a.bcuName === null).map((a) => a.name)).toEqual(['City of London']);
  });

  it('refuses an anonymous actor', async () => {
    expect((await rejection(listAreas(as(anonymous)))).code).toBe('unauthenticated');
  });
});
