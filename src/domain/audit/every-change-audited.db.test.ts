import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  givenUser,
  givenUserWithTwoFactor,
  rejection,
  type TestDeps,
  testDeps,
} from '../../../test/harness.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { aUser } from '../../demo/builders.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from '../access/actor.ts';
import { changeOwnPassword } from '../access/change-own-password.ts';
import { completeSecondFactor } from '../access/complete-second-factor.ts';
import { createApiToken } from '../access/create-api-token.ts';
import { createUser } from '../access/create-user.ts';
import { disableTwoFactor } from '../access/disable-two-factor.ts';
import { disableUser } from '../access/disable-user.ts';
import { enableUser } from '../access/enable-user.ts';
import { endOtherSessions } from '../access/end-other-sessions.ts';
import { inviteUser } from '../access/invite-user.ts';
import { regenerateRecoveryCodes } from '../access/regenerate-recovery-codes.ts';
import { resetPassword } from '../access/reset-password.ts';
import { resetTwoFactor } from '../access/reset-two-factor.ts';
import { revokeApiToken } from '../access/revoke-api-token.ts';
import { setPasswordWithLink } from '../access/set-password-with-link.ts';
import { signIn } from '../access/sign-in.ts';
import { signOut } from '../access/sign-out.ts';
import { totpCode } from '../access/two-factor.ts';
import { updateTwoFactorSetting } from '../access/update-two-factor-setting.ts';
import { updateUser } from '../access/update-user.ts';
import { actorOf } from '../access/users.repo.ts';

/**
 * Every kind of change Nonsuch can make today leaves a row in the audit trail, written with the
 * change, carrying the request id; and no row anywhere holds a password, a two-factor secret, a
 * recovery code, an API token or a link token.
 */

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());

const policy = { idleMinutes: 30, absoluteHours: 12 };
const baseUrl = 'https://engagement.example.org';
let request = 0;
/** Each step runs as its own "request", so the row can be matched to it. */
const as = (actor: Actor) => {
  request += 1;
  return contextFor(deps, actor, { requestId: `request-${request}`, address: '192.0.2.50' });
};
/** The rows written by the latest request (the test clock stands still, so time cannot tell). */
const rowsOfLatestRequest = () =>
  deps.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.requestId, `request-${request}`));
const secrets: string[] = [];
const tokenOf = (url: string) => url.split('/').at(-1) ?? '';
const next30s = () => deps.clock.advance(30_000);

describe('every kind of change', () => {
  it('is recorded with who, what, the request id, and old and new values where a record changed', async () => {
    const cli = operator('audit test');
    const admin = await givenUserWithTwoFactor(deps, { role: 'administrator' });
    const adminActor = actorOf(admin);
    secrets.push(admin.password, admin.totpSecret, ...admin.recoveryCodes);

    const expectRow = async (
      label: string,
      run: () => Promise<unknown>,
      want: Partial<typeof auditEvents.$inferSelect>,
    ) => {
      await run();
      expect(await rowsOfLatestRequest(), label).toContainEqual(expect.objectContaining(want));
    };

    const lead = aUser({ role: 'borough_lead', boroughs: ['E09000022'] });
    secrets.push(lead.password ?? '');
    let leadId = '';
    await expectRow(
      'create a user',
      async () => {
        leadId = (await createUser(as(cli), lead)).id;
      },
      { action: 'created', entityType: 'user', actorKind: 'operator' },
    );
    await expectRow(
      'change their boroughs',
      () => updateUser(as(adminActor), { id: leadId, boroughs: ['E09000022', 'E09000028'] }),
      {
        action: 'updated',
        entityType: 'user',
        entityId: leadId,
        actorUserId: admin.id,
        oldValues: { boroughs: ['E09000022'] },
        newValues: { boroughs: ['E09000022', 'E09000028'] },
      },
    );
    await expectRow('disable them', () => disableUser(as(adminActor), { id: leadId }), {
      action: 'updated',
      oldValues: { disabled: false },
      newValues: { disabled: true },
    });
    await expectRow('enable them', () => enableUser(as(adminActor), { id: leadId }), {
      action: 'updated',
      newValues: { disabled: false },
    });

    let inviteLink = '';
    await expectRow(
      'invite someone',
      async () => {
        inviteLink = (
          await inviteUser(as(adminActor), {
            email: 'invited@nonsuch.example',
            displayName: 'Invited Person',
            role: 'analyst',
            baseUrl,
          })
        ).link.url;
      },
      { action: 'created', entityType: 'user-link' },
    );
    secrets.push(tokenOf(inviteLink));
    await expectRow(
      'accept the invitation',
      () =>
        setPasswordWithLink(as(anonymous), {
          token: tokenOf(inviteLink),
          password: 'invited person passphrase',
          confirmPassword: 'invited person passphrase',
        }),
      { entityType: 'user', actorKind: 'user' },
    );
    secrets.push('invited person passphrase');

    let resetLink = '';
    await expectRow(
      'reset a password',
      async () => {
        resetLink = (await resetPassword(as(adminActor), { id: leadId, baseUrl })).link.url;
      },
      {
        action: 'created',
        entityType: 'user-link',
        newValues: expect.objectContaining({ hasPassword: false }),
      },
    );
    secrets.push(tokenOf(resetLink));
    await setPasswordWithLink(as(anonymous), {
      token: tokenOf(resetLink),
      password: 'lambeth lead passphrase',
      confirmPassword: 'lambeth lead passphrase',
    });
    secrets.push('lambeth lead passphrase', 'lambeth lead passphrase two');

    let leadSession = '';
    await expectRow(
      'sign in',
      async () => {
        leadSession = (
          await signIn(as(anonymous), { email: lead.email, password: 'lambeth lead passphrase', policy })
        ).token;
      },
      { action: 'signed-in', entityType: 'session', actorUserId: leadId },
    );
    secrets.push(leadSession);
    await expectRow(
      'fail to sign in',
      () =>
        rejection(signIn(as(anonymous), { email: lead.email, password: 'not the password at all', policy })),
      { action: 'sign-in-refused', refused: true },
    );
    const leadActor = {
      ...actorOf({
        id: leadId,
        role: 'borough_lead',
        displayName: lead.displayName,
        email: lead.email,
        boroughs: ['E09000022', 'E09000028'],
      }),
    };
    await expectRow(
      'change one’s own password',
      () =>
        changeOwnPassword(as(leadActor), {
          currentPassword: 'lambeth lead passphrase',
          newPassword: 'lambeth lead passphrase two',
          confirmPassword: 'lambeth lead passphrase two',
          sessionToken: leadSession,
        }),
      { action: 'updated', entityType: 'user', actorUserId: leadId },
    );
    // Signed in on a second device, then signed out everywhere else from the first.
    await signIn(as(anonymous), { email: lead.email, password: 'lambeth lead passphrase two', policy });
    await expectRow(
      'end one’s other sessions',
      () => endOtherSessions(as(leadActor), { sessionToken: leadSession }),
      {
        entityType: 'session',
        actorUserId: leadId,
      },
    );

    let apiToken = { id: '', token: '' };
    await expectRow(
      'create an API token',
      async () => {
        apiToken = await createApiToken(as(leadActor), { userId: leadId, name: 'Lambeth figures' });
      },
      { action: 'created', entityType: 'api-token' },
    );
    secrets.push(apiToken.token);
    await expectRow('revoke it', () => revokeApiToken(as(leadActor), { id: apiToken.id }), {
      action: 'updated',
      entityType: 'api-token',
      oldValues: { revokedAt: null },
    });

    const analyst = await givenUserWithTwoFactor(deps);
    secrets.push(analyst.password, analyst.totpSecret, ...analyst.recoveryCodes);
    next30s();
    const pending = await signIn(as(anonymous), { email: analyst.email, password: analyst.password, policy });
    await expectRow(
      'pass the second factor',
      () =>
        completeSecondFactor(as(anonymous), {
          token: pending.token,
          kind: 'app',
          code: totpCode(analyst.totpSecret, deps.clock.now()),
          policy,
        }),
      { action: 'signed-in', actorUserId: analyst.id },
    );
    next30s();
    await expectRow(
      'make new recovery codes',
      () =>
        regenerateRecoveryCodes(as(actorOf(analyst)), {
          code: totpCode(analyst.totpSecret, deps.clock.now()),
        }),
      { action: 'updated', entityType: 'user', entityId: analyst.id },
    );
    next30s();
    await expectRow(
      'turn two-factor off',
      () => disableTwoFactor(as(actorOf(analyst)), { code: totpCode(analyst.totpSecret, deps.clock.now()) }),
      { oldValues: { twoFactor: true }, newValues: { twoFactor: false } },
    );
    const other = await givenUserWithTwoFactor(deps);
    secrets.push(other.password, other.totpSecret, ...other.recoveryCodes);
    await expectRow(
      'reset someone’s two-factor',
      () => resetTwoFactor(as(adminActor), { userId: other.id }),
      {
        entityType: 'user',
        entityId: other.id,
        actorUserId: admin.id,
      },
    );
    await expectRow(
      'change a setting',
      () => updateTwoFactorSetting(as(adminActor), { twoFactorForAll: true }),
      { entityType: 'setting', oldValues: { twoFactorForAll: false }, newValues: { twoFactorForAll: true } },
    );
    await expectRow('sign out', () => signOut(as(leadActor), { token: leadSession }), {
      action: 'signed-out',
      actorUserId: leadId,
    });
  });

  it('keeps no password, two-factor secret, recovery code, API token or link token in any row', async () => {
    const everything = JSON.stringify(await deps.db.select().from(auditEvents));
    expect(secrets.length).toBeGreaterThan(15);
    for (const secret of secrets.filter((s) => s.length >= 8)) expect(everything).not.toContain(secret);
  });

  it('records nothing for a change that did not happen', async () => {
    const before = (await deps.db.select().from(auditEvents)).length;
    const taken = await givenUser(deps);
    const afterSetUp = (await deps.db.select().from(auditEvents)).length;
    expect(afterSetUp).toBe(before + 1);
    const clash = await rejection(createUser(as(operator('audit test')), aUser({ email: taken.email })));
    expect(clash.code).toBe('conflict');
    expect((await deps.db.select().from(auditEvents)).length).toBe(afterSetUp);
  });
});
