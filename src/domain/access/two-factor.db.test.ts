import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  givenUser,
  givenUserWithTwoFactor,
  rejection,
  type TestDeps,
  testDeps,
  testNow,
} from '../../../test/harness.ts';
import { auditEvents, recoveryCodes, sessions, signInThrottle, users } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from './actor.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { confirmTwoFactorEnrolment } from './confirm-two-factor-enrolment.ts';
import { disableTwoFactor } from './disable-two-factor.ts';
import { getSettings } from './get-settings.ts';
import { getTwoFactorStatus } from './get-two-factor-status.ts';
import { regenerateRecoveryCodes } from './regenerate-recovery-codes.ts';
import { resetTwoFactor } from './reset-two-factor.ts';
import { resolveSession } from './resolve-session.ts';
import { signIn } from './sign-in.ts';
import { startTwoFactorEnrolment } from './start-two-factor-enrolment.ts';
import { totpCode } from './two-factor.ts';
import { updateTwoFactorSetting } from './update-two-factor-setting.ts';
import { actorOf, findUserById } from './users.repo.ts';

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());
beforeEach(async () => {
  deps.clock.set(testNow);
  await deps.db.delete(signInThrottle);
  await updateTwoFactorSetting(as(operator('test')), { twoFactorForAll: false });
});

const policy = { idleMinutes: 30, absoluteHours: 12 };
const step = 30_000;
const as = (actor: Actor) => contextFor(deps, actor, { address: '192.0.2.1' });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const codeNow = (secret: string) => totpCode(secret, deps.clock.now());
const sessionRowsOf = (userId: string) => deps.db.select().from(sessions).where(eq(sessions.userId, userId));
const auditOf = (userId: string) =>
  deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, userId)).orderBy(auditEvents.at);
const unusedCodes = async (userId: string) =>
  (await deps.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId))).filter(
    (r) => r.usedAt === null,
  ).length;

async function signInToSecondFactor(user: { email: string; password: string }) {
  const pending = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
  expect(pending.stage).toBe('second-factor');
  return pending;
}

describe('setting up two-factor while signed in', () => {
  it('offers a secret to this session only, confirms it with a code, and makes ten recovery codes', async () => {
    const user = await givenUser(deps);
    const me = as(actorOf(user));
    const { token: sessionToken } = await signIn(as(anonymous), {
      email: user.email,
      password: user.password,
      policy,
    });
    const started = await startTwoFactorEnrolment(me, { sessionToken, policy });
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.uri).toContain(`secret=${started.secret}`);
    let row = await findUserById(deps.db, user.id);
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    // Coming back in the same session shows the same secret, so an app that scanned it keeps working.
    expect((await startTwoFactorEnrolment(me, { sessionToken, policy })).secret).toBe(started.secret);

    const wrong = await rejection(confirmTwoFactorEnrolment(me, { code: '000000', sessionToken, policy }));
    expect(wrong.code).toBe('invalid');
    expect(wrong.details.fields?.code).toBe(
      'The code is not correct. Enter the code your authenticator app shows now',
    );
    const empty = await rejection(confirmTwoFactorEnrolment(me, { code: '  ', sessionToken, policy }));
    expect(empty.details.fields?.code).toBe('Enter the code from your authenticator app');

    const confirmed = await confirmTwoFactorEnrolment(me, {
      code: codeNow(started.secret),
      sessionToken,
      policy,
    });
    expect(confirmed.session).toBeUndefined();
    expect(confirmed.recoveryCodes).toHaveLength(10);
    row = await findUserById(deps.db, user.id);
    expect(row?.totpEnabledAt?.toISOString()).toBe(testNow.toISOString());
    expect(row?.totpLastStep).toBe(Math.floor(testNow.getTime() / step));

    const stored = await deps.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    const storedText = JSON.stringify(stored);
    for (const code of confirmed.recoveryCodes) expect(storedText).not.toContain(code);

    const audit = await auditOf(user.id);
    expect(audit.map((a) => a.summary)).toContain(`${user.displayName} turned on two-factor authentication`);
    expect(JSON.stringify(audit)).not.toContain(started.secret);

    expect(await getTwoFactorStatus(me)).toEqual({
      enabled: true,
      enabledAt: testNow,
      required: false,
      requiredBy: null,
      recoveryCodesLeft: 10,
    });
    expect((await rejection(startTwoFactorEnrolment(me, { sessionToken, policy }))).code).toBe('conflict');
  });

  it('never shows one session’s unconfirmed secret to another session with the same password', async () => {
    const admin = await givenUser(deps, { role: 'administrator' });
    const signInAs = () => signIn(as(anonymous), { email: admin.email, password: admin.password, policy });
    const intruder = await signInAs();
    const owner = await signInAs();
    expect(intruder.stage).toBe('enrol-second-factor');
    const seen = await startTwoFactorEnrolment(as(anonymous), { sessionToken: intruder.token, policy });
    const offered = await startTwoFactorEnrolment(as(anonymous), { sessionToken: owner.token, policy });
    expect(offered.secret).not.toBe(seen.secret);
    await confirmTwoFactorEnrolment(as(anonymous), {
      code: codeNow(offered.secret),
      sessionToken: owner.token,
      policy,
    });
    expect((await findUserById(deps.db, admin.id))?.totpSecret).toBe(offered.secret);
  });

  it('refuses the command line and anyone not signed in', async () => {
    expect((await rejection(startTwoFactorEnrolment(as(operator('test')), { policy }))).code).toBe(
      'forbidden',
    );
    expect((await rejection(startTwoFactorEnrolment(as(anonymous), { policy }))).code).toBe(
      'unauthenticated',
    );
  });
});

describe('the second factor at sign-in', () => {
  it('accepts the app code, then replaces the waiting session with a new complete one', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const pending = await signInToSecondFactor(user);
    expect(await resolveSession(deps, { token: pending.token, policy })).toMatchObject({
      actor: anonymous,
      pending: { stage: 'second-factor', userId: user.id },
    });

    deps.clock.advance(2 * 60_000);
    const passed = await completeSecondFactor(as(anonymous), {
      token: pending.token,
      kind: 'app',
      code: codeNow(user.totpSecret),
      policy,
    });
    expect(passed.session.token).not.toBe(pending.token);
    expect(passed.session.stage).toBe('complete');
    expect(passed.session.expiresAt.getTime()).toBe(deps.clock.now().getTime() + 12 * 3_600_000);

    const rows = await sessionRowsOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tokenHash: sha256(passed.session.token), stage: 'complete' });
    expect((await resolveSession(deps, { token: pending.token, policy })).actor).toEqual(anonymous);
    expect((await resolveSession(deps, { token: passed.session.token, policy })).actor).toMatchObject({
      kind: 'user',
      userId: user.id,
    });
    const signedIn = (await auditOf(user.id)).filter((a) => a.action === 'signed-in');
    // The last sign-in is this one (the first was when they set up two-factor).
    expect(signedIn.map((a) => a.summary).at(-1)).toBe(
      `${user.displayName} signed in (password and authenticator app)`,
    );
  });

  it('refuses a code that has been used once already', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const code = codeNow(user.totpSecret);
    const first = await signInToSecondFactor(user);
    await completeSecondFactor(as(anonymous), { token: first.token, kind: 'app', code, policy });
    const second = await signInToSecondFactor(user);
    const replay = await rejection(
      completeSecondFactor(as(anonymous), { token: second.token, kind: 'app', code, policy }),
    );
    expect(replay.code).toBe('unauthenticated');
    expect(replay.details.fields?.code).toBe(
      'The code is not correct. Enter the code your authenticator app shows now',
    );
    // The next step's code works.
    deps.clock.advance(step);
    const ok = await completeSecondFactor(as(anonymous), {
      token: second.token,
      kind: 'app',
      code: codeNow(user.totpSecret),
      policy,
    });
    expect(ok.session.stage).toBe('complete');
  });

  it('accepts each recovery code once', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const [code] = user.recoveryCodes;
    if (!code) throw new Error('no recovery code');
    const first = await signInToSecondFactor(user);
    const passed = await completeSecondFactor(as(anonymous), {
      token: first.token,
      kind: 'recovery',
      code: code.toUpperCase(),
      policy,
    });
    expect(passed.recoveryCodesLeft).toBe(9);
    expect(await unusedCodes(user.id)).toBe(9);

    const second = await signInToSecondFactor(user);
    const again = await rejection(
      completeSecondFactor(as(anonymous), { token: second.token, kind: 'recovery', code, policy }),
    );
    expect(again.code).toBe('unauthenticated');
    expect(again.details.fields?.code).toBe('The recovery code is not correct, or it has already been used');
    const summaries = (await auditOf(user.id)).map((a) => a.summary);
    expect(summaries).toContain(`${user.displayName} signed in (password and recovery code)`);
    expect(summaries).toContain(`${user.displayName} used a recovery code (9 left)`);
    expect(summaries).toContain('Sign-in refused: wrong recovery code');
  });

  it('does not accept another user’s recovery code', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const other = await givenUserWithTwoFactor(deps);
    const pending = await signInToSecondFactor(user);
    const error = await rejection(
      completeSecondFactor(as(anonymous), {
        token: pending.token,
        kind: 'recovery',
        code: other.recoveryCodes[0] ?? '',
        policy,
      }),
    );
    expect(error.code).toBe('unauthenticated');
    expect(await unusedCodes(other.id)).toBe(10);
  });

  it('refuses a waiting session after 10 minutes, and a token that is not waiting', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const pending = await signInToSecondFactor(user);
    deps.clock.advance(10 * 60_000);
    const late = await rejection(
      completeSecondFactor(as(anonymous), {
        token: pending.token,
        kind: 'app',
        code: codeNow(user.totpSecret),
        policy,
      }),
    );
    expect(late.code).toBe('unauthenticated');
    expect(await sessionRowsOf(user.id)).toHaveLength(0);

    const plain = await givenUser(deps);
    const complete = await signIn(as(anonymous), { email: plain.email, password: plain.password, policy });
    const notWaiting = await rejection(
      completeSecondFactor(as(anonymous), { token: complete.token, kind: 'app', code: '123456', policy }),
    );
    expect(notWaiting.code).toBe('unauthenticated');
  });
});

describe('setting up two-factor half-way through signing in', () => {
  it('sends an administrator without two-factor to set it up, and finishes the sign-in', async () => {
    const admin = await givenUser(deps, { role: 'administrator' });
    const pending = await signIn(as(anonymous), { email: admin.email, password: admin.password, policy });
    expect(pending.stage).toBe('enrol-second-factor');
    expect(pending.expiresAt.getTime()).toBe(testNow.getTime() + 10 * 60_000);

    const started = await startTwoFactorEnrolment(as(anonymous), { sessionToken: pending.token, policy });
    expect(started.email).toBe(admin.email);
    const confirmed = await confirmTwoFactorEnrolment(as(anonymous), {
      sessionToken: pending.token,
      code: codeNow(started.secret),
      policy,
    });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    const session = confirmed.session;
    if (!session) throw new Error('expected the sign-in to finish');
    expect(session.token).not.toBe(pending.token);
    expect(session.stage).toBe('complete');
    const rows = await sessionRowsOf(admin.id);
    expect(rows.map((r) => [r.tokenHash, r.stage])).toEqual([[sha256(session.token), 'complete']]);
    expect((await auditOf(admin.id)).map((a) => a.summary)).toContain(
      `${admin.displayName} signed in (password and a new authenticator app)`,
    );
  });

  it('cannot set up two-factor with a session waiting for the code instead', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const pending = await signInToSecondFactor(user);
    const error = await rejection(
      startTwoFactorEnrolment(as(anonymous), { sessionToken: pending.token, policy }),
    );
    expect(error.code).toBe('unauthenticated');
  });
});

describe('recovery codes, turning off and resetting', () => {
  it('makes new recovery codes, after which the old ones no longer work', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const wrong = await rejection(regenerateRecoveryCodes(as(actorOf(user)), { code: '000000' }));
    expect(wrong.details.fields?.code).toBe(
      'The code is not correct. Enter the code your authenticator app shows now',
    );
    expect(await unusedCodes(user.id)).toBe(10);
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(as(actorOf(user)), {
      code: codeNow(user.totpSecret),
    });
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(user.recoveryCodes[0]);
    const pending = await signInToSecondFactor(user);
    const old = await rejection(
      completeSecondFactor(as(anonymous), {
        token: pending.token,
        kind: 'recovery',
        code: user.recoveryCodes[0] ?? '',
        policy,
      }),
    );
    expect(old.code).toBe('unauthenticated');
    const ok = await completeSecondFactor(as(anonymous), {
      token: pending.token,
      kind: 'recovery',
      code: fresh[0] ?? '',
      policy,
    });
    expect(ok.recoveryCodesLeft).toBe(9);
  });

  it('lets an analyst turn two-factor off, but not an administrator', async () => {
    const analyst = await givenUserWithTwoFactor(deps);
    // A session alone is not enough: it takes a current code from the app.
    expect((await rejection(disableTwoFactor(as(actorOf(analyst)), { code: '' }))).code).toBe('invalid');
    expect((await findUserById(deps.db, analyst.id))?.totpEnabledAt).not.toBeNull();
    await disableTwoFactor(as(actorOf(analyst)), { code: codeNow(analyst.totpSecret) });
    expect(await findUserById(deps.db, analyst.id)).toMatchObject({
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    expect(await unusedCodes(analyst.id)).toBe(0);
    const complete = await signIn(as(anonymous), {
      email: analyst.email,
      password: analyst.password,
      policy,
    });
    expect(complete.stage).toBe('complete');

    const admin = await givenUserWithTwoFactor(deps, { role: 'administrator' });
    const refused = await rejection(
      disableTwoFactor(as(actorOf(admin)), { code: codeNow(admin.totpSecret) }),
    );
    expect(refused.code).toBe('conflict');
    expect(refused.message).toBe(
      'Administrators must use two-factor authentication, so you cannot turn it off.',
    );
  });

  it('does not let anyone turn it off while the setting requires it of everyone', async () => {
    const analyst = await givenUserWithTwoFactor(deps);
    const admin = await givenUser(deps, { role: 'administrator' });
    await updateTwoFactorSetting(as(actorOf(admin)), { twoFactorForAll: true });
    const refused = await rejection(
      disableTwoFactor(as(actorOf(analyst)), { code: codeNow(analyst.totpSecret) }),
    );
    expect(refused.message).toBe('Everyone must use two-factor authentication, so you cannot turn it off.');
    expect(await getTwoFactorStatus(as(actorOf(analyst)))).toMatchObject({
      required: true,
      requiredBy: 'setting',
    });
    expect(await getTwoFactorStatus(as(actorOf(admin)))).toMatchObject({
      required: true,
      requiredBy: 'role',
    });
  });

  it('lets an administrator reset another user’s two-factor, which ends their sessions', async () => {
    const admin = await givenUser(deps, { role: 'administrator' });
    const user = await givenUserWithTwoFactor(deps);
    const pending = await signInToSecondFactor(user);
    await completeSecondFactor(as(anonymous), {
      token: pending.token,
      kind: 'app',
      code: codeNow(user.totpSecret),
      policy,
    });
    const reset = await resetTwoFactor(as(actorOf(admin)), { userId: user.id });
    expect(reset).toEqual({ id: user.id, displayName: user.displayName, sessionsEnded: 1 });
    expect(await findUserById(deps.db, user.id)).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
    expect(await unusedCodes(user.id)).toBe(0);
    const [audit] = (await auditOf(user.id)).filter((a) =>
      a.summary.startsWith('Two-factor authentication reset'),
    );
    expect(audit).toMatchObject({
      actorUserId: admin.id,
      oldValues: { twoFactor: true },
      newValues: { twoFactor: false },
    });
    // An analyst with no second factor now signs in with the password alone.
    const again = await signIn(as(anonymous), { email: user.email, password: user.password, policy });
    expect(again.stage).toBe('complete');
  });

  it('refuses a reset by anyone but an administrator, of oneself, or of no one', async () => {
    const admin = await givenUser(deps, { role: 'administrator' });
    const user = await givenUserWithTwoFactor(deps);
    expect((await rejection(resetTwoFactor(as(actorOf(user)), { userId: admin.id }))).code).toBe('forbidden');
    expect((await rejection(resetTwoFactor(as(actorOf(admin)), { userId: admin.id }))).code).toBe('conflict');
    expect(
      (
        await rejection(
          resetTwoFactor(as(actorOf(admin)), { userId: '00000000-0000-4000-8000-000000000000' }),
        )
      ).code,
    ).toBe('not_found');
    expect((await rejection(resetTwoFactor(as(actorOf(admin)), { userId: 'nonsense' }))).code).toBe(
      'not_found',
    );
    expect((await findUserById(deps.db, user.id))?.totpEnabledAt).not.toBeNull();
  });
});

describe('the setting for everyone', () => {
  it('is changed by an administrator, audited with its old and new values', async () => {
    const admin = await givenUser(deps, { role: 'administrator' });
    const me = as(actorOf(admin));
    const signedInWithout = await givenUser(deps);
    const { token } = await signIn(as(anonymous), {
      email: signedInWithout.email,
      password: signedInWithout.password,
      policy,
    });
    const signedInWith = await givenUserWithTwoFactor(deps);
    const withToken = (
      await completeSecondFactor(as(anonymous), {
        token: (await signInToSecondFactor(signedInWith)).token,
        kind: 'app',
        code: codeNow(signedInWith.totpSecret),
        policy,
      })
    ).session.token;
    expect(await getSettings(me)).toMatchObject({ twoFactorForAll: false });
    await updateTwoFactorSetting(me, { twoFactorForAll: true });
    // Whoever has no second factor is signed out at once; the others stay signed in.
    expect((await resolveSession(deps, { token, policy })).actor).toEqual(anonymous);
    expect((await resolveSession(deps, { token: withToken, policy })).actor).toMatchObject({ kind: 'user' });
    expect(await getSettings(me)).toMatchObject({ twoFactorForAll: true });
    const [row] = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'setting'), eq(auditEvents.actorUserId, admin.id)));
    expect(row).toMatchObject({
      action: 'updated',
      entityId: 'two-factor-for-all',
      oldValues: { twoFactorForAll: false },
      newValues: { twoFactorForAll: true },
    });

    // Now an analyst without two-factor is sent to set it up when signing in.
    const analyst = await givenUser(deps);
    const pending = await signIn(as(anonymous), { email: analyst.email, password: analyst.password, policy });
    expect(pending.stage).toBe('enrol-second-factor');
  });

  it('is refused to anyone else', async () => {
    const lead = await givenUser(deps, { role: 'programme_lead' });
    expect((await rejection(updateTwoFactorSetting(as(actorOf(lead)), { twoFactorForAll: true }))).code).toBe(
      'forbidden',
    );
    expect((await rejection(getSettings(as(actorOf(lead))))).code).toBe('forbidden');
  });
});

describe('what is stored', () => {
  it('keeps the secret only on the user row, never in the audit trail', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const [row] = await deps.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.totpSecret).toBe(user.totpSecret);
    const audit = JSON.stringify(await deps.db.select().from(auditEvents));
    expect(audit).not.toContain(user.totpSecret);
    for (const code of user.recoveryCodes) expect(audit).not.toContain(code);
  });
});
