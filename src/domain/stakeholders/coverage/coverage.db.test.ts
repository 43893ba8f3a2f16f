import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps, testNow } from '../../../../test/harness.ts';
import { people } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { type Actor, operator } from '../../access/actor.ts';
import { actorOf } from '../../access/users.repo.ts';
import { createProposal } from '../../estate/create-proposal.ts';
import { createSite } from '../../estate/create-site.ts';
import {
  replaceConstituencyAreas,
  replaceWardConstituencies,
  upsertConstituencies,
  upsertVintage,
  upsertWards,
} from '../../geography/electoral-areas.repo.ts';
import { createPerson } from '../create-person.ts';
import type { PersonInput } from '../person.ts';
import { getCoverage } from './get-coverage.ts';

/**
 * The coverage check on the real database: the borough's constituencies from the loaded lookups,
 * its wards with an imminent disposal from the estate, and the people in the stakeholder database.
 */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

const brixtonNorth = 'E05900101';
const clapham = 'E05900102';
const stockwell = 'E05900103';
const peckham = 'E05900201';
const vauxhall = 'E14900001';
const streatham = 'E14900002';
const peckhamSeat = 'E14900003';

let deps: TestDeps;
let lambethLead: Actor;
let contributor: Actor;
let camdenLead: Actor;
let analyst: Actor;
const cli = operator('test');
const as = (actor: Actor) => contextFor(deps, actor);

const givenPerson = (input: Partial<PersonInput> & { fullName: string }) =>
  createPerson(as(cli), {
    places: [{ kind: 'borough', code: lambeth }],
    lastVerifiedOn: '2026-09-01',
    ...input,
  });

const gapsOf = async (actor: Actor = lambethLead) =>
  (await getCoverage(as(actor), lambeth)).coverage.requirements.filter((r) => !r.met).map((r) => r.gap?.text);

beforeAll(async () => {
  deps = await testDeps();
  lambethLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] }));
  contributor = actorOf(await givenUser(deps, { role: 'borough_contributor', boroughs: [lambeth] }));
  camdenLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [camden] }));
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
  const db = deps.db;
  await upsertVintage(db, { kind: 'ward', year: 2022, now: testNow });
  await upsertWards(db, [
    { code: brixtonNorth, vintage: 2022, name: 'Brixton North', areaCode: lambeth },
    { code: clapham, vintage: 2022, name: 'Clapham Town', areaCode: lambeth },
    { code: stockwell, vintage: 2022, name: 'Stockwell West', areaCode: lambeth },
    { code: peckham, vintage: 2022, name: 'Peckham', areaCode: southwark },
  ]);
  await upsertVintage(db, { kind: 'constituency', year: 2024, now: testNow });
  await upsertConstituencies(db, [
    { code: vauxhall, vintage: 2024, name: 'Vauxhall and Camberwell Green' },
    { code: streatham, vintage: 2024, name: 'Streatham and Croydon North' },
    { code: peckhamSeat, vintage: 2024, name: 'Peckham' },
  ]);
  await replaceWardConstituencies(db, 2022, 2024, [
    { wardCode: brixtonNorth, constituencyCode: vauxhall },
    { wardCode: stockwell, constituencyCode: vauxhall },
    { wardCode: clapham, constituencyCode: streatham },
    { wardCode: peckham, constituencyCode: peckhamSeat },
  ]);
  await replaceConstituencyAreas(db, 2024, [
    { constituencyCode: vauxhall, areaCode: lambeth, share: 0.7 },
    { constituencyCode: vauxhall, areaCode: southwark, share: 0.3 },
    { constituencyCode: streatham, areaCode: lambeth, share: 0.6 },
    { constituencyCode: peckhamSeat, areaCode: southwark, share: 1 },
  ]);
  // The estate: one imminent disposal in Brixton North, one too far off in Clapham Town, and an
  // imminent one at a site whose ward is not recorded. Today is 2026-11-22; the window is 12 months.
  const site = {
    type: 'police-station',
    address: '1 High Street',
    postcode: 'SW2 1AA',
    areaCode: lambeth,
  } as const;
  const proposal = {
    changeType: 'dispose',
    title: 'Sell the building',
    summary: 'Teams move; the building is sold.',
    reasons: 'Costly and little used.',
  } as const;
  const brixton = await createSite(as(cli), {
    ...site,
    name: 'Brixton Police Station',
    wardCode: brixtonNorth,
  });
  await createProposal(as(cli), { ...proposal, siteId: brixton.id, disposalDate: '2027-03-14' });
  const claphamSite = await createSite(as(cli), {
    ...site,
    name: 'Clapham Police Station',
    wardCode: clapham,
  });
  await createProposal(as(cli), { ...proposal, siteId: claphamSite.id, disposalDate: '2028-06-01' });
});
afterAll(() => deps.close());

describe('a borough’s coverage check', () => {
  it('lists every gap of an empty borough, with the MP of each constituency touching it by name', async () => {
    const view = await getCoverage(as(lambethLead), lambeth);
    expect(view.coverage.requirements.map((r) => [r.label, r.met])).toEqual([
      ['The Leader of the Council or the lead member for community safety', false],
      ['MP for Streatham and Croydon North', false],
      ['MP for Vauxhall and Camberwell Green', false],
      ['The authority’s link member', false],
      ['The Borough Commander', false],
      ['The chair of the Safer Neighbourhood Board', false],
      ['Ward panel chair for Brixton North', false],
      ['At least one local media editor', false],
    ]);
    expect(view.coverage.requirements.find((r) => r.kind === 'ward-panel-chair')?.disposals).toEqual([
      { siteId: expect.any(String), siteName: 'Brixton Police Station', disposalDate: '2027-03-14' },
    ]);
    expect([view.coverage.met, view.coverage.total, view.constituencyVintage, view.mayEdit]).toEqual([
      0,
      8,
      2024,
      true,
    ]);
  });

  it('counts each required role as it is added, and the MP only for their own constituency', async () => {
    await givenPerson({ fullName: 'Cllr Claire Holland', roleIds: ['council-leader'] });
    await givenPerson({
      fullName: 'Florence Eshalomi MP',
      roleIds: ['mp'],
      places: [{ kind: 'constituency', code: vauxhall }],
    });
    // An MP for a Southwark seat, and a councillor for a Lambeth seat, meet nothing here.
    await givenPerson({
      fullName: 'Miatta Fahnbulleh MP',
      roleIds: ['mp'],
      places: [{ kind: 'constituency', code: peckhamSeat }],
    });
    await givenPerson({
      fullName: 'Cllr Streatham',
      roleIds: ['ward-councillor'],
      places: [{ kind: 'constituency', code: streatham }],
    });
    await givenPerson({ fullName: 'Link Member', roleIds: ['link-member'] });
    await givenPerson({ fullName: 'Ch Supt Commander', roleIds: ['borough-commander'] });
    // A ward panel chair for a ward with no imminent disposal is not asked for.
    await givenPerson({
      fullName: 'Clapham Panel Chair',
      roleIds: ['ward-panel-chair'],
      places: [{ kind: 'ward', code: clapham }],
    });
    expect(await gapsOf()).toEqual([
      'Add the MP for Streatham and Croydon North',
      'Add the chair of Lambeth’s Safer Neighbourhood Board',
      'Add the ward panel chair for Brixton North',
      'Add a local media editor covering Lambeth',
    ]);
    const view = await getCoverage(as(contributor), lambeth);
    const vauxhallMp = view.coverage.requirements.find((r) => r.key === `mp:${vauxhall}`);
    expect(vauxhallMp?.holders.map((h) => h.fullName)).toEqual(['Florence Eshalomi MP']);
    expect([view.coverage.met, view.coverage.total, view.mayEdit]).toEqual([4, 8, false]);
  });

  it('is complete once the rest are added, and an erased holder no longer counts', async () => {
    await givenPerson({
      fullName: 'Bell Ribeiro-Addy MP',
      roleIds: ['mp'],
      places: [{ kind: 'constituency', code: streatham }],
    });
    await givenPerson({ fullName: 'SNB Chair', roleIds: ['snb-chair'] });
    await givenPerson({
      fullName: 'Brixton Panel Chair',
      roleIds: ['ward-panel-chair'],
      places: [{ kind: 'ward', code: brixtonNorth }],
    });
    const editor = await givenPerson({ fullName: 'South London Press Editor', roleIds: ['media-editor'] });
    expect(await gapsOf()).toEqual([]);
    const view = await getCoverage(as(lambethLead), lambeth);
    expect([view.coverage.met, view.coverage.total]).toEqual([8, 8]);

    await deps.db.update(people).set({ erasedAt: deps.clock.now() }).where(eq(people.id, editor.id));
    expect(await gapsOf()).toEqual(['Add a local media editor covering Lambeth']);
  });

  it('lists the borough’s contacts not verified for 12 months as stale', async () => {
    await givenPerson({ fullName: 'Never Verified', lastVerifiedOn: null });
    await givenPerson({ fullName: 'Verified Long Ago', lastVerifiedOn: '2025-10-01' });
    await createPerson(as(cli), {
      fullName: 'Stale In Camden',
      places: [{ kind: 'borough', code: camden }],
    });
    const { coverage } = await getCoverage(as(lambethLead), lambeth);
    expect(coverage.stale.map((s) => [s.fullName, s.lastVerifiedOn])).toEqual([
      ['Never Verified', null],
      ['Verified Long Ago', '2025-10-01'],
    ]);
  });

  it('names a site with an imminent disposal and no ward as a gap', async () => {
    const site = await createSite(as(cli), {
      type: 'front-counter',
      name: 'Acre Lane Counter',
      address: '2 Acre Lane',
      postcode: 'SW2 5SD',
      areaCode: lambeth,
    });
    await createProposal(as(cli), {
      changeType: 'dispose',
      title: 'Sell the counter',
      summary: 'Close it and sell it.',
      reasons: 'Few visitors.',
      siteId: site.id,
      disposalDate: '2027-01-31',
    });
    const { coverage } = await getCoverage(as(lambethLead), lambeth);
    const unknown = coverage.requirements.find((r) => r.kind === 'site-ward-unknown');
    expect(unknown?.gap).toEqual({
      text: 'Choose the ward of Acre Lane Counter, so its ward panel chair can be checked',
      action: { kind: 'choose-site-ward', siteId: site.id },
    });
  });

  it('answers another borough, or an unknown code, as not found; an analyst may not look', async () => {
    expect((await rejection(getCoverage(as(camdenLead), lambeth))).code).toBe('not_found');
    expect((await rejection(getCoverage(as(lambethLead), camden))).code).toBe('not_found');
    expect((await rejection(getCoverage(as(lambethLead), 'E09000099'))).code).toBe('not_found');
    expect((await rejection(getCoverage(as(analyst), lambeth))).code).toBe('forbidden');
  });

  it('cannot check the MPs of a borough no constituency is known to touch, and says so', async () => {
    const { coverage } = await getCoverage(as(cli), camden);
    expect(coverage.requirements.find((r) => r.kind === 'constituencies-unknown')?.reason).toBe(
      'The constituencies loaded do not say which cover Camden, so its MPs cannot be checked',
    );
    expect(coverage.requirements.some((r) => r.kind === 'ward-panel-chair')).toBe(false);
  });
});
