import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps, testNow } from '../../../test/harness.ts';
import { sessions } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from './actor.ts';
import { disableUser } from './disable-user.ts';
import { resolveSession } from './resolve-session.ts';
import { signIn } from './sign-in.ts';
import { signOut } from './sign-out.ts';

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());
beforeEach(() => deps.clock.set(testNow));

const policy = { idleMinutes: 30, absoluteHours: 12 };
const minute = 60_000;
const hour = 60 * minute;
const as = (actor: Actor) => contextFor(deps, actor);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const resolve = (token: string | undefined) => resolveSession(deps, { token, policy });

async function sessionRow(token: string) {
  const [row] = await deps.db
    .select()
    .from(sessions)
    .where(eq(sessions.tokenHash, sha256(token)));
  return row;
}

const sessionRowsOf = (userId: string) => deps.db.select().from(sessions).where(eq(sessions.userId, userId));

describe('signIn', () => {
  it('returns a 43-character base64url token and stores only its SHA-256 digest', async () => {
    const user = await givenUser(deps);
    const signedIn = await signIn(as(anonymous), { email: user.email, password: user.password, policy });

    expect(signedIn.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signedIn.userId).toBe(user.id);
    expect(signedIn.expiresAt.toISOString()).toBe(new Date(testNow.getTime() + 12 * hour).toISOString());

    const rows = await sessionRowsOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tokenHash: sha256(signedIn.token), userId: user.id });
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.createdAt.toISOString()).toBe(testNow.toISOString());
    expect(rows[0]?.lastSeenAt.toISOString()).toBe(testNow.toISOString());
    expect(rows[0]?.expiresAt.toISOString()).toBe(signedIn.expiresAt.toISOString());
    // The raw token is nowhere in the table.
    expect(JSON.stringify(await deps.db.select().from(sessions))).not.toContain(signedIn.token);
  });

  it('gives a new token at every sign-in', async () => {
    const user = await givenUser(deps);
    const a = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    const b = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    expect(a.token).not.toBe(b.token);
    expect(await sessionRowsOf(user.id)).toHaveLength(2);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const user = await givenUser(deps);
    const signedIn = await signIn(as(anonymous), {
      email: `  ${user.email.toUpperCase()} `,
      password: user.password,
      policy,
    });
    expect(signedIn.userId).toBe(user.id);
  });

  it('gives the same answer for a wrong password and an unknown email, and starts no session', async () => {
    const user = await givenUser(deps);
    const wrong = await rejection(
      signIn(as(anonymous), { email: user.email, password: `${user.password}x`, policy }),
    );
    const unknown = await rejection(
      signIn(as(anonymous), { email: 'no.such.person@example.org', password: user.password, policy }),
    );
    expect(wrong.code).toBe('unauthenticated');
    expect(unknown.code).toBe(wrong.code);
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
  });

  it('refuses a disabled user, with the same answer as a wrong password', async () => {
    const user = await givenUser(deps);
    await disableUser(as(operator('test')), { email: user.email });
    const refused = await rejection(
      signIn(as(anonymous), { email: user.email, password: user.password, policy }),
    );
    const wrong = await rejection(
      signIn(as(anonymous), { email: user.email, password: 'not the password', policy }),
    );
    expect(refused.code).toBe('unauthenticated');
    expect(refused.message).toBe(wrong.message);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
  });

  it('asks for both fields when they are empty', async () => {
    const error = await rejection(signIn(as(anonymous), { email: '  ', password: '', policy }));
    expect(error.code).toBe('invalid');
    expect(error.details.fields).toEqual({
      email: 'Enter your email address',
      password: 'Enter your password',
    });
  });

  it('ends the session the browser already had (rotation)', async () => {
    const user = await givenUser(deps);
    const first = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    const second = await signIn(as(anonymous), {
      email: user.email,
      password: user.password,
      policy,
      previousToken: first.token,
    });
    expect(await sessionRow(first.token)).toBeUndefined();
    expect(await sessionRow(second.token)).toBeDefined();
    expect(await sessionRowsOf(user.id)).toHaveLength(1);
    expect(await resolve(first.token)).toEqual({ actor: anonymous, expired: false });
  });

  it('keeps the previous session when the sign-in fails', async () => {
    const user = await givenUser(deps);
    const first = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    await rejection(
      signIn(as(anonymous), {
        email: user.email,
        password: 'not the password',
        policy,
        previousToken: first.token,
      }),
    );
    expect(await sessionRow(first.token)).toBeDefined();
  });
});

describe('resolveSession', () => {
  it('gives the signed-in user for an active session', async () => {
    const user = await givenUser(deps, { displayName: 'Resolved Person' });
    const { token } = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    deps.clock.advance(5 * minute);
    expect(await resolve(token)).toEqual({
      actor: {
        kind: 'user',
        userId: user.id,
        role: 'analyst',
        displayName: 'Resolved Person',
        email: user.email,
        boroughs: [],
      },
      expired: false,
      sessionId: (await sessionRow(token))?.id,
    });
    expect((await sessionRow(token))?.lastSeenAt.toISOString()).toBe(
      new Date(testNow.getTime() + 5 * minute).toISOString(),
    );
  });

  it('writes last-seen at most once a minute', async () => {
    const user = await givenUser(deps);
    const { token } = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    deps.clock.advance(59_000);
    await resolve(token);
    expect((await sessionRow(token))?.lastSeenAt.toISOString()).toBe(testNow.toISOString());
    deps.clock.advance(1_000);
    await resolve(token);
    expect((await sessionRow(token))?.lastSeenAt.toISOString()).toBe(
      new Date(testNow.getTime() + minute).toISOString(),
    );
  });

  it('reports a session idle for idleMinutes as expired and removes it', async () => {
    const user = await givenUser(deps);
    const idle = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    const busy = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    deps.clock.advance(policy.idleMinutes * minute - 1);
    expect((await resolve(busy.token)).actor.kind).toBe('user');

    deps.clock.advance(1);
    expect(await resolve(idle.token)).toEqual({ actor: anonymous, expired: true });
    expect(await sessionRow(idle.token)).toBeUndefined();
    // Once removed, the token is simply unknown.
    expect(await resolve(idle.token)).toEqual({ actor: anonymous, expired: false });
    // The session used a moment ago is still active.
    expect((await resolve(busy.token)).actor.kind).toBe('user');
  });

  it('keeps a session alive while it is used', async () => {
    const user = await givenUser(deps);
    const { token } = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    for (let i = 0; i < 4; i++) {
      deps.clock.advance(25 * minute);
      expect((await resolve(token)).actor.kind).toBe('user');
    }
  });

  it('ends a session at absoluteHours even when it is used throughout', async () => {
    const user = await givenUser(deps);
    const { token } = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    const visits = (policy.absoluteHours * hour) / (20 * minute);
    for (let i = 1; i < visits; i++) {
      deps.clock.advance(20 * minute);
      expect((await resolve(token)).actor.kind, `visit ${i}`).toBe('user');
    }
    deps.clock.advance(20 * minute);
    expect(await resolve(token)).toEqual({ actor: anonymous, expired: true });
    expect(await sessionRow(token)).toBeUndefined();
  });

  it('gives an anonymous actor for an unknown token or none', async () => {
    expect(await resolve('not-a-token-anyone-was-given')).toEqual({ actor: anonymous, expired: false });
    expect(await resolve(undefined)).toEqual({ actor: anonymous, expired: false });
    expect(await resolve('')).toEqual({ actor: anonymous, expired: false });
  });

  it('does not accept the stored digest in place of the token', async () => {
    const user = await givenUser(deps);
    const { token } = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    expect((await resolve(sha256(token))).actor).toEqual(anonymous);
  });
});

describe('signOut', () => {
  it('deletes the session, and only that one', async () => {
    const user = await givenUser(deps);
    const a = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    const b = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    await signOut(as(anonymous), { token: a.token });
    expect(await sessionRow(a.token)).toBeUndefined();
    expect(await sessionRow(b.token)).toBeDefined();
    expect(await resolve(a.token)).toEqual({ actor: anonymous, expired: false });
  });

  it('does nothing for an unknown token', async () => {
    const user = await givenUser(deps);
    const a = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    await signOut(as(anonymous), { token: 'unknown' });
    expect(await sessionRow(a.token)).toBeDefined();
  });
});
