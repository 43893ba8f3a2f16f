import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, type TestDeps, testDeps, testNow } from '../../../test/harness.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, operator } from '../access/actor.ts';
import { compareConstituencies, diffConstituencies } from './compare-constituencies.ts';
import {
  replaceConstituencyAreas,
  replaceWardConstituencies,
  upsertConstituencies,
  upsertVintage,
  upsertWards,
} from './electoral-areas.repo.ts';
import { getBoroughGeography } from './get-borough-geography.ts';

/** Made-up wards and constituencies (the real ONS files are used by the import tests). */
const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
const cli = operator('test');
const as = (actor: Actor) => contextFor(deps, actor);
const lambethLead: Actor = {
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000009',
  role: 'borough_lead',
  displayName: 'Lambeth Lead',
  email: 'lead@nonsuch.example',
  boroughs: [lambeth],
};

beforeAll(async () => {
  deps = await testDeps();
  const db = deps.db;
  await upsertVintage(db, { kind: 'ward', year: 2022, now: testNow });
  await upsertWards(db, [
    { code: 'E05000001', vintage: 2022, name: 'Brixton Windrush', areaCode: lambeth },
    { code: 'E05000002', vintage: 2022, name: 'Clapham Town', areaCode: lambeth },
    { code: 'E05000003', vintage: 2022, name: 'Peckham', areaCode: southwark },
  ]);
  for (const year of [2010, 2024]) await upsertVintage(db, { kind: 'constituency', year, now: testNow });
  await upsertConstituencies(db, [
    { code: 'E14000001', vintage: 2010, name: 'Old Vauxhall' },
    { code: 'E14000002', vintage: 2010, name: 'Old Streatham' },
    { code: 'E14000001', vintage: 2024, name: 'Old Vauxhall' },
    { code: 'E14000003', vintage: 2024, name: 'Clapham and Brixton Hill' },
  ]);
  // 2010 known only from the overlap table; 2024 from the ward lookup.
  await replaceConstituencyAreas(db, 2010, [
    { constituencyCode: 'E14000001', areaCode: lambeth, share: 0.9 },
    { constituencyCode: 'E14000002', areaCode: lambeth, share: 1 },
  ]);
  await replaceWardConstituencies(db, 2022, 2024, [
    { wardCode: 'E05000001', constituencyCode: 'E14000003' },
    { wardCode: 'E05000002', constituencyCode: 'E14000003' },
    { wardCode: 'E05000003', constituencyCode: 'E14000001' },
  ]);
});
afterAll(() => deps.close());

describe('a borough’s geography', () => {
  it('lists its wards and, from the ward lookup, the constituencies that cover it', async () => {
    const lambethPlaces = await getBoroughGeography(as(lambethLead), { gssCode: lambeth });
    expect(lambethPlaces.wardVintage).toBe(2022);
    expect(lambethPlaces.constituencyVintage).toBe(2024);
    expect(lambethPlaces.wards.map((w) => w.name)).toEqual(['Brixton Windrush', 'Clapham Town']);
    expect(lambethPlaces.constituencies).toEqual([
      { code: 'E14000003', name: 'Clapham and Brixton Hill', source: 'ward-lookup', wards: 2, share: null },
    ]);
  });

  it('is not found outside the actor’s boroughs, as for a code that names nothing', async () => {
    const error = await rejection(getBoroughGeography(as(lambethLead), { gssCode: camden }));
    expect(error.code).toBe('not_found');
    expect((await rejection(getBoroughGeography(as(cli), { gssCode: 'nonsense' }))).code).toBe('not_found');
  });

  it('has nothing to list before anything is loaded for a borough', async () => {
    const camdenPlaces = await getBoroughGeography(as(cli), { gssCode: camden });
    expect(camdenPlaces.wards).toEqual([]);
    expect(camdenPlaces.constituencies).toEqual([]);
  });
});

describe('the boundary-change check', () => {
  it('names the constituencies that differ between two vintages', async () => {
    const changes = await compareConstituencies(as(lambethLead), {
      gssCode: lambeth,
      from: '2010',
      to: '2024',
    });
    expect(changes.added.map((c) => c.name)).toEqual(['Clapham and Brixton Hill']);
    expect(changes.removed.map((c) => c.name)).toEqual(['Old Streatham', 'Old Vauxhall']);
    expect(changes.unchanged).toEqual([]);
  });

  it('refuses a vintage that is not loaded, naming the loaded ones', async () => {
    const error = await rejection(compareConstituencies(as(cli), { gssCode: lambeth, from: 2019, to: 2024 }));
    expect(error.code).toBe('invalid');
    expect(error.details.fields?.from).toBe('No constituencies are loaded for 2019. Loaded: 2024, 2010.');
  });

  it('compares by code, as a constituency with new boundaries gets a new code', () => {
    const c = (code: string) => ({ code, name: code, source: 'overlap' as const, wards: null, share: null });
    expect(diffConstituencies([c('A'), c('B')], [c('B'), c('C')])).toEqual({
      added: [c('C')],
      removed: [c('A')],
      unchanged: [c('B')],
    });
  });
});

describe('the API and the borough page', () => {
  it('give a borough’s wards and constituencies, and 404 for a code that names no area', async () => {
    const { buildApp } = await import('../../web/app.ts');
    const { createApiToken } = await import('../access/create-api-token.ts');
    const { givenUser } = await import('../../../test/harness.ts');
    const app = await buildApp(deps);
    await app.ready();
    try {
      const user = await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] });
      const { token } = await createApiToken(as(cli), { userId: user.id, name: 'geography' });
      const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      const wards = await get(`/api/v1/boroughs/${lambeth}/wards`);
      expect(wards.statusCode).toBe(200);
      expect(wards.json()).toEqual({
        data: [
          { code: 'E05000001', name: 'Brixton Windrush' },
          { code: 'E05000002', name: 'Clapham Town' },
        ],
        vintage: 2022,
      });
      const seats = await get(`/api/v1/boroughs/${lambeth}/constituencies`);
      expect(seats.json()).toMatchObject({
        data: [{ code: 'E14000003', source: 'ward-lookup', wards: 2 }],
        vintage: 2024,
      });
      expect((await get(`/api/v1/boroughs/${camden}/wards`)).statusCode).toBe(404);

      // The borough page lists the same, with the boundary-change check between the two vintages.
      const { signedInAgent } = await import('../../../test/harness.ts');
      const page = await (await signedInAgent(deps, app, user.id)).get(`/boroughs/${lambeth}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Wards (2022 boundaries)');
      expect(page.body).toContain('<li>Brixton Windrush</li>');
      expect(page.body).toContain(
        '<th scope="row" class="govuk-table__header">Clapham and Brixton Hill</th>',
      );
      expect(page.body).toContain('Boundary changes from 2010 to 2024');
      expect(page.body).toContain('<li>Old Streatham <span class="nonsuch-code">E14000002</span></li>');
      expect((await get('/api/v1/boroughs/E09000099/constituencies')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
