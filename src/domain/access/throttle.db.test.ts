import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  givenUser,
  givenUserWithTwoFactor,
  rejection,
  type TestDeps,
  testDeps,
  testNow,
} from '../../../test/harness.ts';
import { auditEvents, sessions, signInThrottle } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { anonymous } from './actor.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { signIn } from './sign-in.ts';
import { claimThrottledAttempt, forgiveThrottledAttempt, readThrottles } from './throttle.repo.ts';
import { totpCode } from './two-factor.ts';

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());
beforeEach(async () => {
  deps.clock.set(testNow);
  await deps.db.delete(signInThrottle);
});

const policy = { idleMinutes: 30, absoluteHours: 12 };
const second = 1000;
const minute = 60 * second;
let addresses = 0;
/** Each test signs in from its own address unless it says otherwise. */
const from = (address = `192.0.2.${++addresses}`) => contextFor(deps, anonymous, { address });

const attempt = (address: string, email: string, password: string) =>
  signIn(from(address), { email, password, policy });

async function fail(address: string, email: string, times: number) {
  for (let i = 0; i < times; i++) {
    const error = await rejection(attempt(address, email, 'not the password'));
    expect(error.code, `failure ${i + 1}`).toBe('unauthenticated');
  }
}

const throttleRow = async (key: string) =>
  (await deps.db.select().from(signInThrottle).where(eq(signInThrottle.key, key)))[0];

describe('throttling sign-in per account', () => {
  it('allows four failures, then blocks for 1 s after the fifth, 2 s after the sixth, and so on', async () => {
    const user = await givenUser(deps);
    const address = '192.0.2.200';
    await fail(address, user.email, 4);
    // Still free: the right password works after four failures.
    expect((await attempt(address, user.email, user.password)).userId).toBe(user.id);
    // The success wiped the account's slate; five more failures bring the first block.
    await fail(address, user.email, 5);
    const blocked = await rejection(attempt(address, user.email, user.password));
    expect(blocked.code).toBe('too_many_attempts');
    expect(blocked.message).toBe('Too many attempts. Wait 1 minute, then try again.');
    expect(blocked.details.fields).toEqual({ email: blocked.message });

    deps.clock.advance(1 * second);
    await fail(address, user.email, 1);
    expect((await throttleRow(`account:${user.email}`))?.blockedUntil.getTime()).toBe(
      deps.clock.now().getTime() + 2 * second,
    );
    deps.clock.advance(2 * second - 1);
    expect((await rejection(attempt(address, user.email, user.password))).code).toBe('too_many_attempts');
    deps.clock.advance(1);
    expect((await attempt(address, user.email, user.password)).userId).toBe(user.id);
  });

  it('blocks the account from every address, and the right password does not get through', async () => {
    const user = await givenUser(deps);
    await fail('192.0.2.201', user.email, 5);
    const elsewhere = await rejection(attempt('198.51.100.7', user.email, user.password));
    expect(elsewhere.code).toBe('too_many_attempts');
    expect(await deps.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });

  it('caps the block at 15 minutes', async () => {
    const user = await givenUser(deps);
    const address = '192.0.2.202';
    for (let i = 0; i < 16; i++) {
      await fail(address, user.email, 1);
      deps.clock.advance(15 * minute);
    }
    await fail(address, user.email, 1);
    const row = await throttleRow(`account:${user.email}`);
    expect(row?.failures).toBe(17);
    expect(row?.blockedUntil.getTime()).toBe(deps.clock.now().getTime() + 15 * minute);
    const error = await rejection(attempt(address, user.email, user.password));
    expect(error.message).toBe('Too many attempts. Wait 15 minutes, then try again.');
  });

  it('starts again after an hour without failures', async () => {
    const user = await givenUser(deps);
    await fail('192.0.2.203', user.email, 5);
    deps.clock.advance(60 * minute);
    await fail('192.0.2.203', user.email, 1);
    expect((await throttleRow(`account:${user.email}`))?.failures).toBe(1);
  });

  it('says the same to an unknown account, whose attempts are counted too', async () => {
    const user = await givenUser(deps);
    const nobody = 'no.such.person@nonsuch.example';
    await fail('192.0.2.204', user.email, 5);
    await fail('192.0.2.205', nobody, 5);
    const known = await rejection(attempt('192.0.2.206', user.email, user.password));
    const unknown = await rejection(attempt('192.0.2.207', nobody, 'anything at all'));
    expect(unknown.code).toBe(known.code);
    expect(unknown.message).toBe(known.message);
    expect(unknown.details).toEqual(known.details);
  });

  it('counts the email however it is typed', async () => {
    const user = await givenUser(deps);
    await fail('192.0.2.208', `  ${user.email.toUpperCase()} `, 5);
    expect((await throttleRow(`account:${user.email}`))?.failures).toBe(5);
  });

  it('records the refusal as throttled in the audit trail', async () => {
    const user = await givenUser(deps);
    await fail('192.0.2.209', user.email, 5);
    await rejection(attempt('192.0.2.209', user.email, user.password));
    const rows = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
    const summaries = rows.filter((r) => r.action === 'sign-in-refused').map((r) => r.summary);
    expect(summaries).toEqual([
      ...Array(5).fill('Sign-in refused: wrong password'),
      'Sign-in refused: throttled',
    ]);
    expect(rows.every((r) => r.action !== 'sign-in-refused' || r.refused)).toBe(true);
  });

  it('does not count a form with an empty field', async () => {
    const user = await givenUser(deps);
    for (let i = 0; i < 6; i++) {
      expect((await rejection(attempt('192.0.2.210', user.email, ''))).code).toBe('invalid');
    }
    expect(await throttleRow(`account:${user.email}`)).toBeUndefined();
  });
});

describe('throttling sign-in per address', () => {
  it('blocks an address that tries many accounts, after 20 failures, for every account', async () => {
    const address = '203.0.113.9';
    for (let i = 0; i < 20; i++) await fail(address, `guess${i}@nonsuch.example`, 1);
    const user = await givenUser(deps);
    const error = await rejection(attempt(address, user.email, user.password));
    expect(error.code).toBe('too_many_attempts');
    // Another address is not affected.
    expect((await attempt('203.0.113.10', user.email, user.password)).userId).toBe(user.id);
  });

  it('is not cleared by a successful sign-in', async () => {
    const address = '203.0.113.11';
    const user = await givenUser(deps);
    for (let i = 0; i < 3; i++) await fail(address, `someone${i}@nonsuch.example`, 1);
    await attempt(address, user.email, user.password);
    expect((await throttleRow(`address:${address}`))?.failures).toBe(3);
    expect(await throttleRow(`account:${user.email}`)).toBeUndefined();
  });
});

describe('throttling the second factor', () => {
  it('counts wrong codes against the account, and a right password does not clear them', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const address = '198.51.100.20';
    const codes = async (n: number, token: string) => {
      for (let i = 0; i < n; i++) {
        const e = await rejection(
          completeSecondFactor(from(address), { token, kind: 'app', code: '000000', policy }),
        );
        expect(e.code).toBe('unauthenticated');
      }
    };
    const first = await attempt(address, user.email, user.password);
    expect(first.stage).toBe('second-factor');
    await codes(3, first.token);
    const again = await attempt(address, user.email, user.password);
    await codes(2, again.token);
    const blocked = await rejection(
      completeSecondFactor(from(address), {
        token: again.token,
        kind: 'app',
        code: totpCode(user.totpSecret, deps.clock.now()),
        policy,
      }),
    );
    expect(blocked.code).toBe('too_many_attempts');
    expect(blocked.details.fields).toEqual({ code: blocked.message });
    // Once the block is over, the right code signs in and clears the account's failures.
    deps.clock.advance(1 * second);
    const done = await completeSecondFactor(from(address), {
      token: again.token,
      kind: 'app',
      code: totpCode(user.totpSecret, deps.clock.now()),
      policy,
    });
    expect(done.session.stage).toBe('complete');
    expect(await throttleRow(`account:${user.email}`)).toBeUndefined();
  });
});

describe('claimThrottledAttempt', () => {
  it('counts attempts arriving together, so a burst cannot slip past the check', async () => {
    const key = 'account:together@nonsuch.example';
    const waits = await Promise.all(
      Array.from({ length: 8 }, () =>
        deps.db.transaction((tx) => claimThrottledAttempt(tx, [key], deps.clock.now())),
      ),
    );
    // Four failures are free; the fifth is counted and starts a block; the rest are refused.
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(waits.filter((w) => w > 0)).toHaveLength(3);
    expect((await readThrottles(deps.db, [key])).get(key)?.failures).toBe(5);
  });

  it('forgives a successful attempt, block included', async () => {
    const key = 'account:forgiven@nonsuch.example';
    for (let i = 0; i < 5; i += 1)
      await deps.db.transaction((tx) => claimThrottledAttempt(tx, [key], deps.clock.now()));
    await deps.db.transaction((tx) => forgiveThrottledAttempt(tx, key));
    const state = (await readThrottles(deps.db, [key])).get(key);
    expect(state?.failures).toBe(4);
    expect(state?.blockedUntil.getTime()).toBe(deps.clock.now().getTime());
  });
});
