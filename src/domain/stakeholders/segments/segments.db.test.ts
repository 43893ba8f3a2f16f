import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../../test/harness.ts';
import { auditEvents, segments } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import type { Actor } from '../../access/actor.ts';
import { actorOf } from '../../access/users.repo.ts';
import { createPerson } from '../create-person.ts';
import { encodeCursor } from '../filter.ts';
import { recordConsent } from '../record-consent.ts';
import { suppress } from '../suppression.ts';
import { createSegment } from './create-segment.ts';
import { deleteSegment } from './delete-segment.ts';
import { exportSegmentMembers } from './export-segment-members.ts';
import { getSegment } from './get-segment.ts';
import { listSegments } from './list-segments.ts';
import { listSegmentMembers } from './segment-members.ts';
import { updateSegment } from './update-segment.ts';

/** Segments on the real database: live counts, who can be e-mailed and why not, scope, and the audit trail. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let camdenLead: Actor;
let contributor: Actor;
let administrator: Actor;

const as = (actor: Actor) => contextFor(deps, actor);

async function consent(personId: string, event: 'given' | 'withdrawn', occurredOn = '2026-10-01') {
  await recordConsent(as(programmeLead), {
    personId,
    event,
    occurredOn,
    method: 'meeting',
    wordingVersion: 'v1',
    evidence: 'Signed the newsletter form at the ward panel',
  });
}

/** One person of each kind the mailing preview tells apart, all faith leaders in Lambeth. */
const people: Record<string, string> = {};

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead' }));
  lambethLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth, southwark] }));
  camdenLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [camden] }));
  contributor = actorOf(await givenUser(deps, { role: 'borough_contributor', boroughs: [lambeth] }));
  administrator = actorOf(await givenUser(deps, { role: 'administrator' }));
  const ctx = as(programmeLead);
  const add = async (key: string, fullName: string, emails: string[]) => {
    const p = await createPerson(ctx, {
      fullName,
      emails,
      roleIds: ['faith-leader'],
      places: [{ kind: 'borough', code: lambeth }],
    });
    people[key] = p.id;
  };
  await add('emailable', 'Abigail Emailable', ['abigail@example.org']);
  await add('noEmail', 'Bernard Noaddress', []);
  await add('withdrawn', 'Chloe Withdrawn', ['chloe@example.org']);
  await add('noConsent', 'Desmond Noconsent', ['desmond@example.org']);
  await add('suppressed', 'Esther Suppressed', ['esther@example.org']);
  await add('secondAddress', 'Femi Secondaddress', ['femi.old@example.org', 'femi@example.org']);
  await add('suppressedNoConsent', 'Grace Suppressednoconsent', ['grace@example.org']);
  await consent(people.emailable as string, 'given');
  await consent(people.withdrawn as string, 'given', '2026-09-01');
  await consent(people.withdrawn as string, 'withdrawn', '2026-10-01');
  await consent(people.suppressed as string, 'given');
  await consent(people.secondAddress as string, 'given');
  await suppress(
    deps.db,
    ['esther@example.org', 'femi.old@example.org', 'grace@example.org'],
    'bounced',
    deps.clock.now(),
  );
  // Not faith leaders, or not in Lambeth: never members of the segment below.
  await createPerson(ctx, {
    fullName: 'Harriet Otherrole',
    emails: ['harriet@example.org'],
    places: [{ kind: 'borough', code: lambeth }],
  });
  await createPerson(ctx, {
    fullName: 'Ivan Camden',
    emails: ['ivan@example.org'],
    roleIds: ['faith-leader'],
    places: [{ kind: 'borough', code: camden }],
  });
});
afterAll(() => deps.close());

describe('a segment', () => {
  let id: string;

  it('is saved by a borough lead for one of their boroughs, and the saving is audited', async () => {
    ({ id } = await createSegment(as(lambethLead), {
      name: 'Lambeth faith leaders',
      areaCode: lambeth,
      roleId: 'faith-leader',
      consent: '',
      topHundred: '',
    }));
    const [row] = await deps.db.select().from(segments).where(eq(segments.id, id));
    expect(row?.areaCode).toBe(lambeth);
    expect(row?.filter).toEqual({ areaCode: lambeth, roleId: 'faith-leader' });
    const [audit] = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'segment'), eq(auditEvents.entityId, id)));
    expect(audit?.summary).toBe('Segment “Lambeth faith leaders” saved');
    expect(audit?.areaCode).toBe(lambeth);
  });

  it('counts its members live and says who cannot be e-mailed and why', async () => {
    const view = await getSegment(as(lambethLead), { id });
    expect(view.reachability).toEqual({
      members: 7,
      emailable: 2,
      excluded: { 'no-email': 1, suppressed: 2, withdrawn: 1, 'no-consent': 1 },
    });
    const status = Object.fromEntries(view.preview.map((m) => [m.fullName, m.status]));
    expect(status).toEqual({
      'Abigail Emailable': { ok: true, address: 'abigail@example.org' },
      'Bernard Noaddress': { ok: false, reason: 'no-email' },
      'Chloe Withdrawn': { ok: false, reason: 'withdrawn' },
      'Desmond Noconsent': { ok: false, reason: 'no-consent' },
      'Esther Suppressed': { ok: false, reason: 'suppressed' },
      // The suppressed first address is passed over for the second.
      'Femi Secondaddress': { ok: true, address: 'femi@example.org' },
      // Suppression is judged before consent.
      'Grace Suppressednoconsent': { ok: false, reason: 'suppressed' },
    });
    expect(view.mayChange).toBe(true);

    // Live: a new faith leader in Lambeth is a member at once, and consent moves them across.
    const newcomer = await createPerson(as(lambethLead), {
      fullName: 'Jude Newcomer',
      emails: ['jude@example.org'],
      roleIds: ['faith-leader'],
      places: [{ kind: 'borough', code: lambeth }],
    });
    expect((await getSegment(as(lambethLead), { id })).reachability.excluded['no-consent']).toBe(2);
    await consent(newcomer.id, 'given');
    const after = await getSegment(as(lambethLead), { id });
    expect(after.reachability.members).toBe(8);
    expect(after.reachability.emailable).toBe(3);
    expect(after.reachability.excluded['no-consent']).toBe(1);
  });

  it('gives its members a page at a time, each with whether they can be e-mailed', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listSegmentMembers(as(contributor), { id, after, limit: 3 });
      expect(page.total).toBe(8);
      seen.push(...page.members.map((m) => `${m.fullName}:${m.status.ok ? 'yes' : m.status.reason}`));
      if (!page.next) break;
      after = encodeCursor(page.next);
    }
    expect(seen).toEqual([
      'Abigail Emailable:yes',
      'Bernard Noaddress:no-email',
      'Chloe Withdrawn:withdrawn',
      'Desmond Noconsent:no-consent',
      'Esther Suppressed:suppressed',
      'Femi Secondaddress:yes',
      'Grace Suppressednoconsent:suppressed',
      'Jude Newcomer:yes',
    ]);
  });

  it('exports its members with whether each can be e-mailed and why not', async () => {
    const { sheet } = await exportSegmentMembers(as(lambethLead), { id });
    const headers = sheet.columns.map((c) => c.header);
    expect(headers.slice(-2)).toEqual(['Can be e-mailed', 'Why not']);
    const byName = new Map(sheet.rows.map((r) => [r[0], r.slice(-2)]));
    expect(byName.get('Abigail Emailable')).toEqual(['Yes', '']);
    expect(byName.get('Bernard Noaddress')).toEqual(['No', 'No e-mail address']);
    expect(byName.get('Chloe Withdrawn')).toEqual(['No', 'Consent withdrawn']);
    expect(byName.get('Desmond Noconsent')).toEqual(['No', 'No consent recorded']);
    expect(byName.get('Esther Suppressed')).toEqual(['No', 'Address on the suppression list']);
    expect(sheet.rows).toHaveLength(8);
    // A contributor may see a segment but not download it.
    expect((await rejection(exportSegmentMembers(as(contributor), { id }))).code).toBe('forbidden');
  });

  it('is hidden from those outside its borough exactly as a missing one', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const call of [
      () => getSegment(as(camdenLead), { id }),
      () => getSegment(as(camdenLead), { id: missing }),
      () => getSegment(as(camdenLead), { id: 'not-an-id' }),
      () => listSegmentMembers(as(camdenLead), { id }),
      () => updateSegment(as(camdenLead), { id, name: 'Taken over', areaCode: camden }),
      () => deleteSegment(as(camdenLead), { id }),
    ]) {
      const error = await rejection(call());
      expect(error.code).toBe('not_found');
      expect(error.message).toBe('There is no such segment.');
    }
    expect((await listSegments(as(camdenLead))).map((s) => s.name)).toEqual([]);
    expect((await listSegments(as(contributor))).map((s) => [s.name, s.members, s.mayChange])).toEqual([
      ['Lambeth faith leaders', 8, false],
    ]);
    // An administrator sees every segment but may not save one.
    expect((await getSegment(as(administrator), { id })).mayChange).toBe(false);
    expect((await rejection(createSegment(as(administrator), { name: 'x', areaCode: lambeth }))).code).toBe(
      'forbidden',
    );
  });

  it('must name one of a borough lead’s boroughs, and a role on the list', async () => {
    const missingBorough = await rejection(createSegment(as(lambethLead), { name: 'Everyone' }));
    expect(missingBorough.details.fields).toEqual({ areaCode: 'Choose the borough the segment is for' });
    const elsewhere = await rejection(
      createSegment(as(lambethLead), { name: 'Camden', areaCode: camden, roleId: 'no-such-role' }),
    );
    expect(elsewhere.details.fields).toEqual({
      areaCode: 'Choose one of your boroughs',
      roleId: 'Choose a role from the list',
    });
    const unknown = await rejection(
      createSegment(as(programmeLead), { name: 'Nowhere', areaCode: 'E09000099' }),
    );
    expect(unknown.details.fields).toEqual({ areaCode: 'Choose a borough from the list' });
    const bad = await rejection(
      createSegment(as(lambethLead), { name: '  ', areaCode: lambeth, consent: 'maybe', stale: 'perhaps' }),
    );
    expect(bad.details.fields).toEqual({
      name: 'Enter a name for the segment',
      consent: 'Choose a consent state from the list',
      stale: 'Choose yes or no',
    });
    expect(await deps.db.select().from(segments)).toHaveLength(1);
  });

  it('may be London-wide for a programme lead, seen only by those who see every borough', async () => {
    const london = await createSegment(as(programmeLead), {
      name: 'Every faith leader',
      roleId: 'faith-leader',
    });
    expect((await getSegment(as(programmeLead), { id: london.id })).reachability.members).toBe(9);
    expect((await rejection(getSegment(as(lambethLead), { id: london.id }))).code).toBe('not_found');
    expect((await listSegments(as(programmeLead))).map((s) => s.name)).toEqual([
      'Every faith leader',
      'Lambeth faith leaders',
    ]);
    await deleteSegment(as(programmeLead), { id: london.id });
  });

  it('is changed and deleted with both recorded in the audit trail', async () => {
    await updateSegment(as(lambethLead), {
      id,
      name: 'Lambeth faith leaders who said yes',
      areaCode: lambeth,
      roleId: 'faith-leader',
      consent: 'given',
    });
    const view = await getSegment(as(lambethLead), { id });
    expect(view.segment.name).toBe('Lambeth faith leaders who said yes');
    expect(view.reachability).toEqual({
      members: 4,
      emailable: 3,
      excluded: { 'no-email': 0, suppressed: 1, withdrawn: 0, 'no-consent': 0 },
    });
    await deleteSegment(as(lambethLead), { id });
    expect((await rejection(getSegment(as(lambethLead), { id }))).code).toBe('not_found');
    const trail = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'segment'), eq(auditEvents.entityId, id)));
    expect(trail.map((a) => a.action).sort()).toEqual(['created', 'deleted', 'updated']);
    expect(trail.find((a) => a.action === 'updated')?.newValues).toEqual({
      name: 'Lambeth faith leaders who said yes',
      filter: { areaCode: lambeth, roleId: 'faith-leader', consent: 'given' },
    });
  });
});
