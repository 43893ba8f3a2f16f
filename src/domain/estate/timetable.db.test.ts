import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous } from '../access/actor.ts';
import { writeSetting } from '../access/settings.repo.ts';
import { actorOf } from '../access/users.repo.ts';
import { createProposal } from './create-proposal.ts';
import { createSite } from './create-site.ts';
import { getTimetable } from './get-timetable.ts';
import type { ProposalInput } from './proposal.ts';

/** The timetable on the real database: London-wide and per borough, scoped to what the actor may see. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let analyst: Actor;
const as = (actor: Actor) => contextFor(deps, actor);

const proposal = (title: string, dates: Partial<ProposalInput>): ProposalInput => ({
  changeType: 'dispose',
  title,
  summary: 'The teams move; the building is sold.',
  reasons: 'Costly to run and little used.',
  status: 'published',
  ...dates,
});

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead' }));
  lambethLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] }));
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
  const site = async (name: string, areaCode: string) =>
    (
      await createSite(as(programmeLead), {
        name,
        areaCode,
        type: 'police-station',
        address: '1 High Street',
        postcode: 'SE11 5HN',
      })
    ).id;
  const brixton = await site('Brixton Police Station', lambeth);
  const walworth = await site('Walworth Police Station', southwark);
  const kentish = await site('Kentish Town Police Station', camden);
  const add = (siteId: string, p: ProposalInput) => createProposal(as(programmeLead), { ...p, siteId });
  // Today is 22 November 2026 in the tests; with the default 12-month window, a disposal up to
  // 22 November 2027 is imminent.
  await add(brixton, proposal('Sell the Brixton annexe', { disposalDate: '2027-03-01' }));
  await add(
    brixton,
    proposal('Close the Brixton front counter', {
      changeType: 'close-front-counter',
      engagementStart: '2027-01-11',
      decisionDue: '2027-03-31',
      implementationDate: '2027-06-30',
    }),
  );
  await add(brixton, proposal('Undated idea', { status: 'draft' }));
  await add(walworth, proposal('Sell Walworth', { disposalDate: '2029-01-01' }));
  await add(
    kentish,
    proposal('Sell Kentish Town', { engagementStart: '2026-09-01', disposalDate: '2027-08-01' }),
  );
});
afterAll(() => deps.close());

describe('getTimetable', () => {
  it('London-wide: every dated proposal, by borough then first date, imminent disposals marked', async () => {
    const view = await getTimetable(as(programmeLead));
    expect(view.area).toBeNull();
    expect(
      view.timetable.rows.map((r) => [r.proposal.areaName, r.proposal.title, r.proposal.imminent]),
    ).toEqual([
      ['Camden', 'Sell Kentish Town', true],
      ['Lambeth', 'Close the Brixton front counter', false],
      ['Lambeth', 'Sell the Brixton annexe', true],
      ['Southwark', 'Sell Walworth', false],
    ]);
    expect(view.timetable.today).toBe('2026-11-22');
    expect(view.timetable.start).toBe('2026-09-01');
    expect(view.timetable.end).toBe('2029-02-01');
    expect(view.timetable.imminent).toBe(2);
    expect(view.imminentMonths).toBe(12);
    expect(view.areas).toHaveLength(33);
  });

  it('one borough: only its proposals, with the borough named', async () => {
    const view = await getTimetable(as(analyst), { areaCode: 'e09000022' });
    expect(view.area?.name).toBe('Lambeth');
    expect(view.timetable.rows.map((r) => r.proposal.title)).toEqual([
      'Close the Brixton front counter',
      'Sell the Brixton annexe',
    ]);
    const row = view.timetable.rows[0];
    expect(row?.engagement).toEqual({ start: '2027-01-11', end: '2027-03-31' });
    expect(row?.marks.map((m) => m.milestone)).toEqual(['decisionDue', 'implementationDate']);
  });

  it('a borough lead sees only their boroughs London-wide, and another borough as missing', async () => {
    const view = await getTimetable(as(lambethLead));
    expect(new Set(view.timetable.rows.map((r) => r.proposal.areaCode))).toEqual(new Set([lambeth]));
    expect(view.areas.map((a) => a.gssCode)).toEqual([lambeth]);
    const error = await rejection(getTimetable(as(lambethLead), { areaCode: camden }));
    expect(error.code).toBe('not_found');
    expect((await getTimetable(as(lambethLead), { areaCode: lambeth })).timetable.rows).toHaveLength(2);
  });

  it('answers not found for a code that is no borough, and asks the anonymous to sign in', async () => {
    expect((await rejection(getTimetable(as(programmeLead), { areaCode: 'E09999999' }))).code).toBe(
      'not_found',
    );
    expect((await rejection(getTimetable(as(programmeLead), { areaCode: 'nonsense' }))).code).toBe(
      'not_found',
    );
    expect((await rejection(getTimetable(as(anonymous)))).code).toBe('unauthenticated');
  });

  it('follows the imminent window in the settings', async () => {
    await writeSetting(deps.db, 'imminentMonths', 4, deps.clock.now());
    try {
      const view = await getTimetable(as(programmeLead));
      expect(view.imminentMonths).toBe(4);
      expect(view.timetable.rows.filter((r) => r.proposal.imminent).map((r) => r.proposal.title)).toEqual([
        'Sell the Brixton annexe',
      ]);
    } finally {
      await writeSetting(deps.db, 'imminentMonths', 12, deps.clock.now());
    }
  });
});
