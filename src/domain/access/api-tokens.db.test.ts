import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps, testNow } from '../../../test/harness.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from './actor.ts';
import { authenticateApiToken } from './authenticate-api-token.ts';
import { createApiToken } from './create-api-token.ts';
import { disableUser } from './disable-user.ts';
import { listApiTokens } from './list-api-tokens.ts';
import { revokeApiToken } from './revoke-api-token.ts';
import { actorOf } from './users.repo.ts';

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());
beforeEach(() => deps.clock.set(testNow));

const minute = 60_000;
const cli = operator('test');
const as = (actor: Actor) => contextFor(deps, actor);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const later = (ms: number) => new Date(testNow.getTime() + ms).toISOString();

const lambeth = 'E09000022';

async function givenActor(displayName = 'Token Holder') {
  const user = await givenUser(deps, { displayName, role: 'borough_lead', boroughs: [lambeth] });
  return { user, actor: actorOf(user) };
}

async function tokenRow(id: string) {
  const [row] = await deps.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

describe('createApiToken', () => {
  it('returns an nst_ token once and stores only its digest and a short hint', async () => {
    const { user, actor } = await givenActor();
    const created = await createApiToken(as(actor), { userId: user.id, name: '  Reporting script ' });

    expect(created).toMatchObject({ name: 'Reporting script', userId: user.id });
    expect(created.token).toMatch(/^nst_[A-Za-z0-9_-]{43}$/);

    const row = await tokenRow(created.id);
    expect(row).toMatchObject({
      userId: user.id,
      name: 'Reporting script',
      tokenHash: sha256(created.token),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(row?.createdAt.toISOString()).toBe(testNow.toISOString());
    expect(row?.hint).toBe(created.token.slice(0, 10));
    expect(created.token.startsWith(row?.hint ?? '?')).toBe(true);
    expect(row?.hint.length).toBeLessThan(created.token.length / 2);
    expect(JSON.stringify(await deps.db.select().from(apiTokens))).not.toContain(created.token);
  });

  it('lets an operator create a token for any user', async () => {
    const { user } = await givenActor();
    const created = await createApiToken(as(cli), { userId: user.id, name: 'From the shell' });
    expect((await tokenRow(created.id))?.userId).toBe(user.id);
  });

  it.each([[''], ['   ']])('refuses the empty name %j', async (name) => {
    const { user, actor } = await givenActor();
    const error = await rejection(createApiToken(as(actor), { userId: user.id, name }));
    expect(error.code).toBe('invalid');
    expect(error.details.fields?.name).toBe('Enter a name for the token');
    expect(await listApiTokens(as(actor), { userId: user.id })).toEqual([]);
  });

  it('refuses a name over 80 characters', async () => {
    const { user, actor } = await givenActor();
    const error = await rejection(createApiToken(as(actor), { userId: user.id, name: 'n'.repeat(81) }));
    expect(error.code).toBe('invalid');
    expect(error.details.fields?.name).toBe('Name must be 80 characters or fewer');
  });

  it('refuses an anonymous actor', async () => {
    const { user } = await givenActor();
    const error = await rejection(createApiToken(as(anonymous), { userId: user.id, name: 'Sneaky' }));
    expect(error.code).toBe('unauthenticated');
    expect(await listApiTokens(as(cli), { userId: user.id })).toEqual([]);
  });

  it('refuses a token for a disabled user, or one that does not exist', async () => {
    const { user } = await givenActor();
    await disableUser(as(cli), { email: user.email });
    expect((await rejection(createApiToken(as(cli), { userId: user.id, name: 'Late' }))).code).toBe(
      'conflict',
    );
    expect((await rejection(createApiToken(as(cli), { userId: randomUUID(), name: 'Nobody' }))).code).toBe(
      'not_found',
    );
  });
});

describe('authenticateApiToken', () => {
  it('gives the owner, with their role and boroughs, as the actor and records when the token was used', async () => {
    const { user, actor } = await givenActor('Api Person');
    const created = await createApiToken(as(actor), { userId: user.id, name: 'Script' });
    deps.clock.advance(5 * minute);

    expect(await authenticateApiToken(deps, created.token)).toEqual({
      kind: 'user',
      userId: user.id,
      role: 'borough_lead',
      displayName: 'Api Person',
      email: user.email,
      boroughs: [lambeth],
    });
    expect((await tokenRow(created.id))?.lastUsedAt?.toISOString()).toBe(later(5 * minute));
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const { user, actor } = await givenActor();
    const created = await createApiToken(as(actor), { userId: user.id, name: 'Busy script' });
    await authenticateApiToken(deps, created.token);
    deps.clock.advance(minute - 1);
    await authenticateApiToken(deps, created.token);
    expect((await tokenRow(created.id))?.lastUsedAt?.toISOString()).toBe(testNow.toISOString());
    deps.clock.advance(1);
    await authenticateApiToken(deps, created.token);
    expect((await tokenRow(created.id))?.lastUsedAt?.toISOString()).toBe(later(minute));
  });

  it('gives anonymous for a revoked token', async () => {
    const { user, actor } = await givenActor();
    const created = await createApiToken(as(actor), { userId: user.id, name: 'Soon revoked' });
    deps.clock.advance(minute);
    expect(await revokeApiToken(as(actor), { id: created.id })).toEqual({ id: created.id });
    expect((await tokenRow(created.id))?.revokedAt?.toISOString()).toBe(later(minute));
    expect(await authenticateApiToken(deps, created.token)).toEqual(anonymous);
  });

  it('gives anonymous for a token of a disabled user', async () => {
    const { user, actor } = await givenActor();
    const created = await createApiToken(as(actor), { userId: user.id, name: 'Orphan' });
    expect((await authenticateApiToken(deps, created.token)).kind).toBe('user');
    await disableUser(as(cli), { email: user.email });
    expect(await authenticateApiToken(deps, created.token)).toEqual(anonymous);
  });

  it.each([[''], ['garbage'], ['nst_'], ['nst_not-a-real-token'], ['Bearer nst_x']])(
    'gives anonymous for %j',
    async (token) => {
      expect(await authenticateApiToken(deps, token)).toEqual(anonymous);
    },
  );

  it('does not accept the stored digest, the hint, or the secret without its prefix', async () => {
    const { user, actor } = await givenActor();
    const created = await createApiToken(as(actor), { userId: user.id, name: 'Guarded' });
    const row = await tokenRow(created.id);
    for (const attempt of [
      sha256(created.token),
      row?.hint ?? '',
      created.token.slice(4),
      `${created.token}x`,
    ]) {
      expect(await authenticateApiToken(deps, attempt)).toEqual(anonymous);
    }
  });
});

describe('listApiTokens', () => {
  it("lists a user's tokens, newest first, without any secret", async () => {
    const { user, actor } = await givenActor();
    const older = await createApiToken(as(actor), { userId: user.id, name: 'Older' });
    deps.clock.advance(minute);
    const newer = await createApiToken(as(actor), { userId: user.id, name: 'Newer' });
    await revokeApiToken(as(actor), { id: older.id });
    const { user: other, actor: otherActor } = await givenActor();
    await createApiToken(as(otherActor), { userId: other.id, name: 'Someone else’s' });

    const list = await listApiTokens(as(actor), { userId: user.id });
    expect(list.map((t) => t.name)).toEqual(['Newer', 'Older']);
    expect(list[0]).toEqual({
      id: newer.id,
      name: 'Newer',
      hint: newer.token.slice(0, 10),
      createdAt: new Date(later(minute)),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(list[1]?.revokedAt?.toISOString()).toBe(later(minute));
    const json = JSON.stringify(list);
    for (const secret of [older.token, newer.token, sha256(older.token), sha256(newer.token)]) {
      expect(json).not.toContain(secret);
    }
  });

  it('refuses an anonymous actor', async () => {
    const { user } = await givenActor();
    expect((await rejection(listApiTokens(as(anonymous), { userId: user.id }))).code).toBe('unauthenticated');
  });
});

describe('revokeApiToken', () => {
  it.each([['not-a-uuid'], [''], ["1' or '1'='1"]])(
    'reports the malformed id %j as not found',
    async (id) => {
      const error = await rejection(revokeApiToken(as(cli), { id }));
      expect(error.code).toBe('not_found');
    },
  );

  it('reports an unknown id as not found', async () => {
    const error = await rejection(revokeApiToken(as(cli), { id: randomUUID() }));
    expect(error.code).toBe('not_found');
  });

  it('keeps the first revocation time when revoked again', async () => {
    const { user, actor } = await givenActor();
    const created = await createApiToken(as(actor), { userId: user.id, name: 'Twice' });
    await revokeApiToken(as(actor), { id: created.id });
    deps.clock.advance(10 * minute);
    await revokeApiToken(as(cli), { id: created.id });
    expect((await tokenRow(created.id))?.revokedAt?.toISOString()).toBe(testNow.toISOString());
  });

  it('refuses an anonymous actor and leaves the token working', async () => {
    const { user, actor } = await givenActor();
    const created = await createApiToken(as(actor), { userId: user.id, name: 'Kept' });
    expect((await rejection(revokeApiToken(as(anonymous), { id: created.id }))).code).toBe('unauthenticated');
    expect((await tokenRow(created.id))?.revokedAt).toBeNull();
    expect((await authenticateApiToken(deps, created.token)).kind).toBe('user');
  });
});
