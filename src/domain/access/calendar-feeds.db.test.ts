import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps, testNow } from '../../../test/harness.ts';
import { auditEvents, calendarFeeds } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from './actor.ts';
import { createCalendarFeed } from './create-calendar-feed.ts';
import { disableUser } from './disable-user.ts';
import { enableUser } from './enable-user.ts';
import { getOwnCalendarFeed } from './get-own-calendar-feed.ts';
import { resolveCalendarFeed } from './resolve-calendar-feed.ts';
import { revokeCalendarFeed } from './revoke-calendar-feed.ts';
import { actorOf } from './users.repo.ts';

/** Calendar subscription addresses: a secret shown once, one live address per person, stopped at will. */

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());
beforeEach(() => deps.clock.set(testNow));

const as = (actor: Actor) => contextFor(deps, actor);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const lambeth = 'E09000022';
const southwark = 'E09000028';

async function givenPerson(overrides: Parameters<typeof givenUser>[1] = {}) {
  const user = await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth, southwark], ...overrides });
  return { user, actor: actorOf(user) };
}

const feedsOf = (userId: string) =>
  deps.db
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .orderBy(asc(calendarFeeds.createdAt));
const auditOf = (feedId: string) =>
  deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'calendar-feed'), eq(auditEvents.entityId, feedId)))
    .orderBy(asc(auditEvents.at));

describe('createCalendarFeed', () => {
  it('returns a secret once and keeps only its digest, audited', async () => {
    const { user, actor } = await givenPerson({ displayName: 'Cal Endar' });
    const created = await createCalendarFeed(as(actor));
    expect(created.token).toMatch(/^ncal_[A-Za-z0-9_-]{43}$/);
    expect(created.replaced).toBe(false);
    const [row] = await feedsOf(user.id);
    expect(row).toMatchObject({ id: created.id, tokenHash: sha256(created.token), revokedAt: null });
    expect(row?.createdAt.toISOString()).toBe(testNow.toISOString());
    expect(JSON.stringify(await deps.db.select().from(calendarFeeds))).not.toContain(created.token);
    const [audit] = await auditOf(created.id);
    expect(audit).toMatchObject({ action: 'created', actorLabel: 'Cal Endar' });
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it('replaces the earlier address: the old one stops, the new one works', async () => {
    const { user, actor } = await givenPerson();
    const first = await createCalendarFeed(as(actor));
    deps.clock.advance(60_000);
    const second = await createCalendarFeed(as(actor));
    expect(second.replaced).toBe(true);
    expect(second.token).not.toBe(first.token);
    const rows = await feedsOf(user.id);
    expect(rows.map((r) => [r.id, r.revokedAt === null])).toEqual([
      [first.id, false],
      [second.id, true],
    ]);
    expect((await rejection(resolveCalendarFeed(deps, first.token))).code).toBe('not_found');
    expect((await resolveCalendarFeed(deps, second.token)).userId).toBe(user.id);
    expect((await auditOf(first.id)).map((a) => a.summary)).toContain(
      `Calendar address of ${user.displayName} replaced`,
    );
  });

  it('is for people only: the command line has no calendar, the anonymous must sign in', async () => {
    expect((await rejection(createCalendarFeed(as(operator('test'))))).code).toBe('forbidden');
    expect((await rejection(createCalendarFeed(as(anonymous)))).code).toBe('unauthenticated');
  });
});

describe('resolveCalendarFeed', () => {
  it('finds the owner with their role and boroughs as they are', async () => {
    const { user, actor } = await givenPerson();
    const { token } = await createCalendarFeed(as(actor));
    const owner = await resolveCalendarFeed(deps, token);
    expect(owner).toMatchObject({ kind: 'user', userId: user.id, role: 'borough_lead' });
    expect([...owner.boroughs].sort()).toEqual([lambeth, southwark]);
  });

  it.each([
    '',
    'ncal_',
    'nst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'ncal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    "ncal_' or 1=1 --",
  ])('does not find %j', async (token) => {
    expect((await rejection(resolveCalendarFeed(deps, token))).code).toBe('not_found');
  });

  it('refuses the address of a disabled person, and serves it again once they are enabled', async () => {
    const { user, actor } = await givenPerson();
    const { token } = await createCalendarFeed(as(actor));
    await disableUser(as(operator('test')), { email: user.email });
    expect((await rejection(resolveCalendarFeed(deps, token))).code).toBe('not_found');
    await enableUser(as(operator('test')), { email: user.email });
    expect((await resolveCalendarFeed(deps, token)).userId).toBe(user.id);
  });
});

describe('revokeCalendarFeed and getOwnCalendarFeed', () => {
  it('stops the address at once, audited; a second stop changes nothing', async () => {
    const { user, actor } = await givenPerson();
    const { id, token } = await createCalendarFeed(as(actor));
    deps.clock.advance(60_000);
    expect(await revokeCalendarFeed(as(actor))).toEqual({ revoked: 1 });
    expect((await rejection(resolveCalendarFeed(deps, token))).code).toBe('not_found');
    const [row] = await feedsOf(user.id);
    expect(row?.revokedAt?.toISOString()).toBe(deps.clock.now().toISOString());
    expect((await auditOf(id)).map((a) => a.summary)).toEqual([
      `Calendar address created for ${user.displayName}`,
      `Calendar address of ${user.displayName} stopped`,
    ]);
    expect(await revokeCalendarFeed(as(actor))).toEqual({ revoked: 0 });
    expect(await auditOf(id)).toHaveLength(2);
  });

  it('says whether the person has an address, and which boroughs it covers', async () => {
    const { actor } = await givenPerson();
    expect(await getOwnCalendarFeed(as(actor))).toEqual({ feed: null, boroughs: ['Lambeth', 'Southwark'] });
    await createCalendarFeed(as(actor));
    expect((await getOwnCalendarFeed(as(actor))).feed).toEqual({ createdAt: deps.clock.now() });
    await revokeCalendarFeed(as(actor));
    expect((await getOwnCalendarFeed(as(actor))).feed).toBeNull();
    const analyst = await givenPerson({ role: 'analyst', boroughs: [] });
    expect((await getOwnCalendarFeed(as(analyst.actor))).boroughs).toBe('all');
  });

  it('leaves other people’s addresses alone', async () => {
    const one = await givenPerson();
    const other = await givenPerson();
    const theirs = await createCalendarFeed(as(other.actor));
    await createCalendarFeed(as(one.actor));
    await revokeCalendarFeed(as(one.actor));
    expect((await resolveCalendarFeed(deps, theirs.token)).userId).toBe(other.user.id);
  });
});
