import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../../test/harness.ts';
import { auditEvents, people, personBoroughs, topHundred } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { type Actor, operator } from '../../access/actor.ts';
import { actorOf } from '../../access/users.repo.ts';
import { createPerson } from '../create-person.ts';
import { createOrganisation } from '../organisations.ts';
import { recordConsent } from '../record-consent.ts';
import { addToTopHundred } from './add-to-top-hundred.ts';
import { getStakeholderGrid } from './get-stakeholder-grid.ts';
import { getTopHundred } from './get-top-hundred.ts';
import { moveInTopHundred } from './move-in-top-hundred.ts';
import { removeFromTopHundred } from './remove-from-top-hundred.ts';
import { writeRanks } from './top-hundred.repo.ts';

/** Each borough's top 100 on the real database: limits, ranks without gaps under concurrent edits, scope. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let camdenLead: Actor;
let contributor: Actor;
let analyst: Actor;
const cli = operator('test');
const as = (actor: Actor) => contextFor(deps, actor);

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead' }));
  lambethLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] }));
  camdenLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [camden] }));
  contributor = actorOf(await givenUser(deps, { role: 'borough_contributor', boroughs: [lambeth] }));
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
});
afterAll(() => deps.close());

let n = 0;
/** A person covering the borough, made through the use case. */
async function givenPerson(areaCode = lambeth, overrides: Parameters<typeof createPerson>[1] | object = {}) {
  n += 1;
  return createPerson(as(cli), {
    fullName: `Person ${String(n).padStart(3, '0')}`,
    places: [{ kind: 'borough', code: areaCode }],
    ...overrides,
  });
}

const ranksIn = async (areaCode: string) =>
  (
    await deps.db
      .select({ personId: topHundred.personId, rank: topHundred.rank })
      .from(topHundred)
      .where(eq(topHundred.areaCode, areaCode))
      .orderBy(asc(topHundred.rank))
  ).map((r) => [r.personId, r.rank] as const);

/** Ranks run 1..n with no gap and no repeat. */
const expectGapless = async (areaCode: string) => {
  const ranks = (await ranksIn(areaCode)).map(([, rank]) => rank);
  expect(ranks).toEqual(ranks.map((_, i) => i + 1));
};

const clear = (areaCode: string) => deps.db.delete(topHundred).where(eq(topHundred.areaCode, areaCode));

describe('adding to a borough’s top 100', () => {
  it('adds a person of the borough at the bottom, and records it in the audit trail', async () => {
    await clear(southwark);
    const first = await givenPerson(southwark);
    const second = await givenPerson(southwark);
    expect(await addToTopHundred(as(programmeLead), { areaCode: southwark, personId: first.id })).toEqual({
      personId: first.id,
      fullName: first.fullName,
      from: null,
      to: 1,
    });
    await addToTopHundred(as(programmeLead), { areaCode: southwark, personId: second.id });
    expect(await ranksIn(southwark)).toEqual([
      [first.id, 1],
      [second.id, 2],
    ]);
    const [audit] = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'top-hundred'), eq(auditEvents.entityId, second.id)));
    expect(audit).toMatchObject({
      action: 'created',
      areaCode: southwark,
      summary: `${second.fullName} added to Southwark’s top 100 at number 2`,
      newValues: { rank: 2 },
    });
  });

  it('refuses, with a message naming the field, anyone already listed, outside the borough, erased or unknown', async () => {
    await clear(lambeth);
    const listed = await givenPerson();
    await addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: listed.id });
    const again = await rejection(
      addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: listed.id }),
    );
    expect([again.code, again.details.fields?.personId]).toEqual([
      'conflict',
      `${listed.fullName} is already number 1 on Lambeth’s top 100`,
    ]);

    const inCamden = await givenPerson(camden);
    const outside = await rejection(
      addToTopHundred(as(programmeLead), { areaCode: lambeth, personId: inCamden.id }),
    );
    expect([outside.code, outside.details.fields?.personId]).toEqual([
      'invalid',
      'Choose a person who covers Lambeth',
    ]);
    // The same words for an id that names no one, so ids cannot be probed.
    const nobody = await rejection(
      addToTopHundred(as(lambethLead), {
        areaCode: lambeth,
        personId: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(nobody.details.fields?.personId).toBe('Choose a person who covers Lambeth');
    const nonsense = await rejection(addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: 'x' }));
    expect(nonsense.details.fields?.personId).toBe('Choose a person who covers Lambeth');
    const empty = await rejection(addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: ' ' }));
    expect(empty.details.fields?.personId).toBe('Choose a person to add');

    const erased = await givenPerson();
    await deps.db.update(people).set({ erasedAt: deps.clock.now() }).where(eq(people.id, erased.id));
    const refused = await rejection(
      addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: erased.id }),
    );
    expect(refused.details.fields?.personId).toBe(
      'That person’s record has been erased, so they cannot be added',
    );
    expect(await ranksIn(lambeth)).toEqual([[listed.id, 1]]);
  });

  it('holds at most 100, refusing the 101st with a clear message and writing nothing', async () => {
    await clear(lambeth);
    // 101 people of Lambeth, written straight to the tables (the person use cases are tested elsewhere).
    const now = deps.clock.now();
    const everyone = await deps.db
      .insert(people)
      .values(
        Array.from({ length: 101 }, (_, i) => ({
          fullName: `Crowd ${i + 1}`,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: people.id, fullName: people.fullName });
    await deps.db.insert(personBoroughs).values(everyone.map((p) => ({ personId: p.id, areaCode: lambeth })));
    await deps.db.transaction((tx) =>
      writeRanks(
        tx,
        lambeth,
        everyone.slice(0, 99).map((p) => p.id),
      ),
    );
    const hundredth = everyone[99] as (typeof everyone)[number];
    expect((await addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: hundredth.id })).to).toBe(
      100,
    );
    const last = everyone[100] as (typeof everyone)[number];
    const full = await rejection(addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: last.id }));
    expect([full.code, full.details.fields?.personId]).toEqual([
      'conflict',
      `Lambeth’s top 100 is full: remove someone before adding ${last.fullName}`,
    ]);
    expect(await ranksIn(lambeth)).toHaveLength(100);
    await expectGapless(lambeth);
    const view = await getTopHundred(as(lambethLead), { areaCode: lambeth });
    expect([view.entries.length, view.full]).toEqual([100, true]);
  });
});

describe('moving and removing', () => {
  let a: string;
  let b: string;
  let c: string;
  let d: string;
  const order = async () => (await ranksIn(lambeth)).map(([id]) => id);

  beforeAll(async () => {
    await clear(lambeth);
    [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(async () => (await givenPerson()).id)).then(
      (ids) => ids as [string, string, string, string],
    );
    for (const id of [a, b, c, d])
      await addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: id });
  });

  it('moves one place up or down, or to a rank, shifting those in between', async () => {
    const up = await moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: c, to: 'up' });
    expect([up.from, up.to]).toEqual([3, 2]);
    expect(await order()).toEqual([a, c, b, d]);
    await moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: a, to: 'down' });
    expect(await order()).toEqual([c, a, b, d]);
    await moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: d, to: '1' });
    expect(await order()).toEqual([d, c, a, b]);
    await moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: d, to: '4' });
    expect(await order()).toEqual([c, a, b, d]);
    const audits = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'top-hundred'), eq(auditEvents.entityId, d)))
      .orderBy(asc(auditEvents.at));
    expect(audits.at(-1)).toMatchObject({
      action: 'updated',
      oldValues: { rank: 1 },
      newValues: { rank: 4 },
    });
  });

  it('changes nothing when the first moves up or the last moves down', async () => {
    const before = await order();
    const top = await moveInTopHundred(as(lambethLead), {
      areaCode: lambeth,
      personId: before[0] as string,
      to: 'up',
    });
    expect([top.from, top.to]).toEqual([1, 1]);
    const bottom = await moveInTopHundred(as(lambethLead), {
      areaCode: lambeth,
      personId: before[3] as string,
      to: 'down',
    });
    expect([bottom.from, bottom.to]).toEqual([4, 4]);
    expect(await order()).toEqual(before);
  });

  it('refuses a rank off the list or not a number, and a person not on it, changing nothing', async () => {
    const before = await order();
    for (const [to, message] of [
      ['5', 'Enter a rank from 1 to 4'],
      ['0', 'Enter a rank from 1 to 4'],
      ['two', 'Enter the new rank as a whole number, like 3'],
      ['', 'Enter the new rank'],
    ]) {
      const error = await rejection(
        moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: a, to: to as string }),
      );
      expect([error.code, error.details.fields?.to]).toEqual(['invalid', message]);
    }
    const stranger = await givenPerson();
    const notOn = await rejection(
      moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: stranger.id, to: 'up' }),
    );
    expect([notOn.code, notOn.message]).toEqual([
      'conflict',
      'That person is not on Lambeth’s top 100: someone may have removed them a moment ago',
    ]);
    expect(await order()).toEqual(before);
  });

  it('removes a person, moving those below up one place', async () => {
    const before = await order();
    const removed = await removeFromTopHundred(as(lambethLead), {
      areaCode: lambeth,
      personId: before[1] as string,
    });
    expect([removed.from, removed.to]).toEqual([2, null]);
    expect(await order()).toEqual([before[0], before[2], before[3]]);
    await expectGapless(lambeth);
    expect(
      (
        await rejection(
          removeFromTopHundred(as(lambethLead), { areaCode: lambeth, personId: before[1] as string }),
        )
      ).code,
    ).toBe('conflict');
  });

  it('keeps ranks 1..n when editors add, move and remove at the same moment', async () => {
    await clear(lambeth);
    const ids = await Promise.all(Array.from({ length: 12 }, async () => (await givenPerson()).id));
    for (const id of ids.slice(0, 8))
      await addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: id });
    const results = await Promise.allSettled([
      moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: ids[7] as string, to: '1' }),
      moveInTopHundred(as(programmeLead), { areaCode: lambeth, personId: ids[0] as string, to: '7' }),
      moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: ids[3] as string, to: 'up' }),
      moveInTopHundred(as(programmeLead), { areaCode: lambeth, personId: ids[4] as string, to: 'down' }),
      removeFromTopHundred(as(lambethLead), { areaCode: lambeth, personId: ids[5] as string }),
      addToTopHundred(as(programmeLead), { areaCode: lambeth, personId: ids[8] as string }),
      addToTopHundred(as(lambethLead), { areaCode: lambeth, personId: ids[9] as string }),
      moveInTopHundred(as(lambethLead), { areaCode: lambeth, personId: ids[2] as string, to: '2' }),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await expectGapless(lambeth);
    const listed = (await ranksIn(lambeth)).map(([id]) => id);
    expect(new Set(listed)).toEqual(new Set([...ids.slice(0, 5), ...ids.slice(6, 10)]));
  });
});

describe('who may see and change a top 100', () => {
  it('lets a contributor read their borough’s list but not change it; others’ boroughs are not found', async () => {
    const person = await givenPerson();
    expect((await getTopHundred(as(contributor), { areaCode: lambeth })).mayEdit).toBe(false);
    expect((await getTopHundred(as(lambethLead), { areaCode: lambeth })).mayEdit).toBe(true);
    expect(
      (await rejection(addToTopHundred(as(contributor), { areaCode: lambeth, personId: person.id }))).code,
    ).toBe('forbidden');
    expect((await rejection(getTopHundred(as(analyst), { areaCode: lambeth }))).code).toBe('forbidden');
    const camdenPage = await rejection(getTopHundred(as(lambethLead), { areaCode: camden }));
    const unknown = await rejection(getTopHundred(as(lambethLead), { areaCode: 'E09000099' }));
    expect([camdenPage.code, unknown.code]).toEqual(['not_found', 'not_found']);
    expect(
      (await rejection(addToTopHundred(as(camdenLead), { areaCode: lambeth, personId: person.id }))).code,
    ).toBe('not_found');
  });
});

describe('the top 100 as shown', () => {
  it('shows roles, current organisations, scores and whether the newsletter may reach each person', async () => {
    await clear(camden);
    const council = await createOrganisation(as(cli), {
      name: 'Camden Council',
      type: 'council',
      areaCode: camden,
    });
    const mailable = await givenPerson(camden, {
      fullName: 'Ada Mailable',
      emails: ['ada@example.org'],
      roleIds: ['ward-councillor'],
      influence: 4,
      interest: 2,
      memberships: [{ organisationId: council.id, position: 'Councillor' }],
    });
    await recordConsent(as(cli), {
      personId: mailable.id,
      event: 'given',
      occurredOn: '2026-11-01',
      method: 'meeting',
      wordingVersion: 'v1',
      evidence: 'Signed the sheet at the ward panel',
    });
    const silent = await givenPerson(camden, { fullName: 'Bo Silent' });
    for (const p of [mailable, silent]) {
      await addToTopHundred(as(camdenLead), { areaCode: camden, personId: p.id });
    }
    const unlisted = await givenPerson(camden, { fullName: 'Cy Unlisted' });
    const view = await getTopHundred(as(camdenLead), { areaCode: camden, q: 'cy', about: unlisted.id });
    expect(
      view.entries.map((e) => [
        e.rank,
        e.fullName,
        e.roles,
        e.organisations,
        e.influence,
        e.interest,
        e.emailability,
      ]),
    ).toEqual([
      [
        1,
        'Ada Mailable',
        ['Ward councillor'],
        ['Camden Council'],
        4,
        2,
        { ok: true, address: 'ada@example.org' },
      ],
      [2, 'Bo Silent', [], [], null, null, { ok: false, reason: 'no-email' }],
    ]);
    // The search for someone to add finds people of the borough not already listed.
    expect(view.search?.results.map((r) => r.fullName)).toEqual(['Cy Unlisted']);
    expect(view.about).toEqual({ id: unlisted.id, fullName: 'Cy Unlisted' });
    const listedSearch = await getTopHundred(as(camdenLead), { areaCode: camden, q: 'Ada' });
    expect(listedSearch.search?.results).toEqual([]);
    const tooLong = await getTopHundred(as(camdenLead), { areaCode: camden, q: 'x'.repeat(201) });
    expect(tooLong.search?.error).toBe('The search must be 200 characters or fewer');
  });
});

describe('the influence and interest grid', () => {
  it('places the borough’s people by score and lists those without scores apart', async () => {
    const high = await givenPerson(southwark, { fullName: 'Zed High', influence: 5, interest: 5 });
    await givenPerson(southwark, { fullName: 'Yan Low', influence: 1, interest: 2 });
    await givenPerson(southwark, { fullName: 'Xi Unscored', influence: 3 });
    await givenPerson(camden, { fullName: 'Wu Camden', influence: 5, interest: 5 });
    const view = await getStakeholderGrid(as(programmeLead), { areaCode: southwark });
    const cell = (influence: number, interest: number) =>
      view.grid.rows.find((r) => r.influence === influence)?.cells.find((c) => c.interest === interest);
    expect(cell(5, 5)?.people.map((p) => p.fullName)).toEqual(['Zed High']);
    expect(cell(5, 5)?.people[0]?.id).toBe(high.id);
    expect(cell(1, 2)?.people.map((p) => p.fullName)).toEqual(['Yan Low']);
    expect(view.grid.unscored.map((p) => p.fullName)).toContain('Xi Unscored');
    expect(JSON.stringify(view.grid)).not.toContain('Wu Camden');
    expect((await rejection(getStakeholderGrid(as(lambethLead), { areaCode: southwark }))).code).toBe(
      'not_found',
    );
  });
});
