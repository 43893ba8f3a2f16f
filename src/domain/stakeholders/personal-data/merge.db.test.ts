import { eq, inArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../../test/harness.ts';
import {
  auditEvents,
  consentLedger,
  duplicateFlags,
  memberships,
  people,
  personRedirects,
  topHundred,
} from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import type { Actor } from '../../access/actor.ts';
import { actorOf } from '../../access/users.repo.ts';
import { createPerson } from '../create-person.ts';
import { getPerson } from '../get-person.ts';
import { createOrganisation } from '../organisations.ts';
import { recordConsent } from '../record-consent.ts';
import { dismissDuplicateFlag, listDuplicateFlags } from './duplicates.ts';
import { compareForMerge, findMergeCandidates, mergePeople } from './merge-people.ts';

/** Merging two records on the real database: every reference moves, and the merged id redirects. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let contributor: Actor;

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead' }));
  lambethLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth, southwark] }));
  contributor = actorOf(await givenUser(deps, { role: 'borough_contributor', boroughs: [lambeth] }));
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);
const inLambeth = [{ kind: 'borough' as const, code: lambeth }];

async function flag(personId: string, otherPersonId: string, score = 0.7) {
  const [row] = await deps.db
    .insert(duplicateFlags)
    .values({
      personId,
      otherPersonId,
      score,
      reason: 'Similar name and organisation',
      createdAt: deps.clock.now(),
    })
    .returning();
  return row?.id as string;
}

describe('merging two records of one person', () => {
  it('moves every reference to the record kept, keeps the chosen values and redirects the other id', async () => {
    const council = await createOrganisation(as(lambethLead), {
      name: 'Lambeth Council',
      type: 'council',
      areaCode: lambeth,
    });
    const forum = await createOrganisation(as(lambethLead), {
      name: 'Southwark Faith Forum',
      type: 'faith-organisation',
      areaCode: southwark,
    });
    const kept = await createPerson(as(lambethLead), {
      fullName: 'Cllr M. Adeyemi',
      emails: ['m.adeyemi@lambeth.gov.uk'],
      phones: ['020 7926 2000'],
      roleIds: ['ward-councillor'],
      influence: 3,
      notes: 'Met at the ward panel.',
      places: inLambeth,
      memberships: [{ organisationId: council.id, position: 'Councillor' }],
    });
    const other = await createPerson(as(lambethLead), {
      fullName: 'Michael Adeyemi',
      emails: ['mike.adeyemi@example.org', 'M.Adeyemi@lambeth-home.gov.uk '],
      roleIds: ['faith-leader'],
      postalAddress: '1 Church Street',
      lastVerifiedOn: '2026-10-01',
      notes: 'Chairs the faith forum.',
      places: [{ kind: 'borough', code: southwark }],
      memberships: [
        { organisationId: forum.id, position: 'Chair' },
        { organisationId: council.id, position: 'Councillor' },
      ],
    });
    const earlier = await createPerson(as(lambethLead), {
      fullName: 'Mike Adeyemi',
      emails: ['mike@old.example'],
      places: [{ kind: 'borough', code: southwark }],
    });
    // An earlier record was already merged into the other one: its id must follow along.
    await mergePeople(as(lambethLead), { id: other.id, withId: earlier.id, choices: { fullName: 'kept' } });
    await recordConsent(as(lambethLead), {
      personId: other.id,
      event: 'given',
      occurredOn: '2026-11-02',
      method: 'email',
      wordingVersion: 'newsletter-1',
      evidence: 'Replied yes',
    });
    const third = await createPerson(as(lambethLead), { fullName: 'Michaela Adeyemi', places: inLambeth });
    const fourth = await createPerson(as(lambethLead), { fullName: 'M Adeyemi', places: inLambeth });
    await flag(kept.id, other.id, 0.9);
    await flag(other.id, third.id);
    await flag(third.id, kept.id);
    await flag(fourth.id, other.id);
    await deps.db.insert(topHundred).values([
      { areaCode: lambeth, personId: third.id, rank: 1 },
      { areaCode: lambeth, personId: other.id, rank: 2 },
      { areaCode: lambeth, personId: fourth.id, rank: 3 },
      { areaCode: lambeth, personId: kept.id, rank: 4 },
      { areaCode: southwark, personId: other.id, rank: 1 },
    ]);

    const comparison = await compareForMerge(as(lambethLead), { id: kept.id, withId: other.id });
    expect(comparison.defaults).toMatchObject({
      fullName: 'kept',
      emails: 'both',
      postalAddress: 'other',
      lastVerifiedOn: 'other',
      notes: 'both',
      influence: 'kept',
    });

    const merged = await mergePeople(as(lambethLead), {
      id: kept.id,
      withId: other.id,
      choices: { fullName: 'other', phones: 'kept', notes: 'other' },
      keptVersion: 1,
      otherVersion: 2,
    });
    expect(merged).toMatchObject({
      id: kept.id,
      fullName: 'Michael Adeyemi',
      postalAddress: '1 Church Street',
      lastVerifiedOn: '2026-10-01',
      influence: 3,
      notes: 'Chairs the faith forum.',
      version: 2,
    });
    expect(merged.emails.map((e) => e.normalised)).toEqual([
      'm.adeyemi@lambeth.gov.uk',
      'mike.adeyemi@example.org',
      'm.adeyemi@lambeth-home.gov.uk',
      'mike@old.example',
    ]);
    expect(merged.phones.map((p) => p.value)).toEqual(['020 7926 2000']);
    expect(merged.roles.map((r) => r.id).sort()).toEqual(['faith-leader', 'ward-councillor']);
    expect(merged.boroughs.map((b) => b.code).sort()).toEqual([lambeth, southwark]);
    expect(merged.searchText).toContain('southwark faith forum');

    // The other record is gone; its id, and the id merged into it before, lead to the one kept.
    expect(
      await deps.db
        .select()
        .from(people)
        .where(inArray(people.id, [other.id, earlier.id])),
    ).toEqual([]);
    const redirects = await deps.db.select().from(personRedirects);
    expect(redirects.map((r) => [r.fromId, r.toId]).sort()).toEqual(
      [
        [other.id, kept.id],
        [earlier.id, kept.id],
      ].sort(),
    );
    const viaOld = await getPerson(as(lambethLead), other.id);
    expect(viaOld.redirectedFrom).toBe(other.id);
    expect(viaOld.person.id).toBe(kept.id);
    expect((await getPerson(as(lambethLead), earlier.id)).person.id).toBe(kept.id);

    // Memberships (one repeated exactly is kept once), consent and top 100 places moved.
    const ms = await deps.db.select().from(memberships).where(eq(memberships.personId, kept.id));
    expect(ms.map((m) => [m.organisationId, m.position]).sort()).toEqual(
      [
        [council.id, 'Councillor'],
        [forum.id, 'Chair'],
      ].sort(),
    );
    expect(
      await deps.db.select().from(consentLedger).where(eq(consentLedger.personId, kept.id)),
    ).toHaveLength(1);
    expect(merged.consent).toBe('given');
    const lists = await deps.db.select().from(topHundred);
    const ranks = (area: string) =>
      lists
        .filter((t) => t.areaCode === area)
        .sort((a, b) => a.rank - b.rank)
        .map((t) => [t.personId, t.rank]);
    expect(ranks(lambeth)).toEqual([
      [third.id, 1],
      [kept.id, 2],
      [fourth.id, 3],
    ]);
    expect(ranks(southwark)).toEqual([[kept.id, 1]]);

    // The flag between the two is settled; the others name the record kept, once per pair.
    const flags = await deps.db.select().from(duplicateFlags);
    const pairs = flags.map((f) => [f.personId, f.otherPersonId].sort().join(' ')).sort();
    expect(pairs).toEqual(
      [[kept.id, third.id].sort().join(' '), [fourth.id, kept.id].sort().join(' ')].sort(),
    );

    // Both ids' histories record the merge, naming both.
    const trail = await deps.db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.entityId, kept.id), eq(auditEvents.entityId, other.id)));
    const keptRow = trail.find((a) => a.action === 'merged' && a.entityId === kept.id);
    expect(keptRow?.summary).toBe('Person “Michael Adeyemi” merged into “Michael Adeyemi”');
    expect(keptRow?.newValues).toMatchObject({ mergedFrom: other.id, fullName: 'Michael Adeyemi' });
    expect(keptRow?.oldValues).toMatchObject({ fullName: 'Cllr M. Adeyemi' });
    const otherRow = trail.find(
      (a) =>
        a.action === 'merged' &&
        a.entityId === other.id &&
        JSON.stringify(a.newValues).includes('mergedInto'),
    );
    expect(otherRow?.newValues).toEqual({ mergedInto: kept.id });
    expect(otherRow?.oldValues).toMatchObject({
      fullName: 'Michael Adeyemi',
      postalAddress: '1 Church Street',
    });
  });

  it('refuses what it must, and writes nothing when it does', async () => {
    const a = await createPerson(as(programmeLead), { fullName: 'Ann Lambeth', places: inLambeth });
    const b = await createPerson(as(programmeLead), { fullName: 'Ann Lambeth Again', places: inLambeth });
    const c = await createPerson(as(programmeLead), {
      fullName: 'Ann Camden',
      places: [{ kind: 'borough', code: camden }],
    });
    const many = await createPerson(as(programmeLead), {
      fullName: 'Many Addresses',
      emails: Array.from({ length: 6 }, (_, i) => `many${i}@example.org`),
      places: inLambeth,
    });
    const more = await createPerson(as(programmeLead), {
      fullName: 'More Addresses',
      emails: Array.from({ length: 6 }, (_, i) => `more${i}@example.org`),
      places: inLambeth,
    });

    // Someone else's borough answers as missing; a contributor may not merge at all.
    expect(
      (await rejection(mergePeople(as(lambethLead), { id: a.id, withId: c.id, choices: {} }))).code,
    ).toBe('not_found');
    expect(
      (await rejection(mergePeople(as(contributor), { id: a.id, withId: b.id, choices: {} }))).code,
    ).toBe('forbidden');
    expect(
      (await rejection(mergePeople(as(lambethLead), { id: a.id, withId: 'nobody', choices: {} }))).details
        .fields,
    ).toEqual({ with: 'Choose the record to merge with this one' });
    expect(
      (await rejection(mergePeople(as(lambethLead), { id: a.id, withId: a.id, choices: {} }))).code,
    ).toBe('conflict');
    expect(
      (
        await rejection(
          mergePeople(as(lambethLead), { id: a.id, withId: b.id, choices: {}, otherVersion: 7 }),
        )
      ).code,
    ).toBe('conflict');
    expect(
      (
        await rejection(
          mergePeople(as(lambethLead), {
            id: a.id,
            withId: b.id,
            choices: { fullName: 'both', notes: 'nonsense' },
          }),
        )
      ).details.fields,
    ).toEqual({ fullName: 'Choose which name to keep', notes: 'Choose which notes to keep' });
    expect(
      (await rejection(mergePeople(as(lambethLead), { id: many.id, withId: more.id, choices: {} }))).details
        .fields?.emails,
    ).toBe('Together the records have 12 e-mail addresses; a person can have at most 10: keep one record’s');
    const still = await deps.db
      .select()
      .from(people)
      .where(inArray(people.id, [a.id, b.id, many.id, more.id]));
    expect(still.map((p) => p.version)).toEqual([1, 1, 1, 1]);

    // Keeping one record's addresses is allowed.
    const done = await mergePeople(as(lambethLead), {
      id: many.id,
      withId: more.id,
      choices: { emails: 'other' },
    });
    expect(done.emails.map((e) => e.normalised)).toEqual(
      Array.from({ length: 6 }, (_, i) => `more${i}@example.org`),
    );
  });

  it('finds records to merge with, never the record itself', async () => {
    const a = await createPerson(as(programmeLead), { fullName: 'Zebedee Quartermain', places: inLambeth });
    const b = await createPerson(as(programmeLead), { fullName: 'Zebedee Quartermaine', places: inLambeth });
    const found = await findMergeCandidates(as(lambethLead), { id: a.id, q: 'quartermain' });
    expect(found.candidates.map((c) => c.id)).toEqual([b.id]);
    expect((await findMergeCandidates(as(lambethLead), { id: a.id, q: '  ' })).candidates).toEqual([]);
  });
});

describe('the duplicates to review', () => {
  it('lists open flags within reach and dismisses one as not the same person', async () => {
    const a = await createPerson(as(programmeLead), { fullName: 'Dora Brixton', places: inLambeth });
    const b = await createPerson(as(programmeLead), { fullName: 'Dora Brixtone', places: inLambeth });
    const c = await createPerson(as(programmeLead), {
      fullName: 'Dora Kentish',
      places: [{ kind: 'borough', code: camden }],
    });
    const near = await flag(a.id, b.id, 0.95);
    const away = await flag(a.id, c.id, 0.6);

    const mine = await listDuplicateFlags(as(lambethLead));
    expect(mine.rows.map((r) => r.id)).toContain(near);
    expect(mine.rows.map((r) => r.id)).not.toContain(away);
    const row = mine.rows.find((r) => r.id === near);
    expect(row).toMatchObject({
      score: 0.95,
      person: { id: a.id, fullName: 'Dora Brixton' },
      other: { id: b.id, fullName: 'Dora Brixtone' },
    });
    expect((await listDuplicateFlags(as(programmeLead))).rows.map((r) => r.id)).toContain(away);
    expect((await rejection(listDuplicateFlags(as(contributor)))).code).toBe('forbidden');

    expect((await rejection(dismissDuplicateFlag(as(lambethLead), { id: away }))).code).toBe('not_found');
    await dismissDuplicateFlag(as(lambethLead), { id: near });
    expect((await listDuplicateFlags(as(lambethLead))).rows.map((r) => r.id)).not.toContain(near);
    const [settled] = await deps.db.select().from(duplicateFlags).where(eq(duplicateFlags.id, near));
    expect(settled).toMatchObject({ resolution: 'dismissed', resolvedAt: deps.clock.now() });
    expect((await rejection(dismissDuplicateFlag(as(lambethLead), { id: near }))).code).toBe('conflict');
    const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, near));
    expect(audit?.summary).toBe('Not the same person: “Dora Brixton” and “Dora Brixtone”');
  });
});
