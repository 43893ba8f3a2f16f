import { and, count, eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps, testNow } from '../../../test/harness.ts';
import { type SmtpSink, startSmtpSink } from '../../../test/smtp-sink.ts';
import { auditEvents, sessions, userLinks, users } from '../../db/schema/index.ts';
import { aUser } from '../../demo/builders.ts';
import { contextFor } from '../../deps.ts';
import { createMailer } from '../../email/mailer.ts';
import { digest } from '../shared/tokens.ts';
import { type Actor, anonymous, operator } from './actor.ts';
import { authenticateApiToken } from './authenticate-api-token.ts';
import { changeOwnPassword } from './change-own-password.ts';
import { createApiToken } from './create-api-token.ts';
import { disableUser } from './disable-user.ts';
import { enableUser } from './enable-user.ts';
import { endOtherSessions } from './end-other-sessions.ts';
import { endOwnSession } from './end-own-session.ts';
import { getOwnAccount } from './get-own-account.ts';
import { getPasswordLink } from './get-password-link.ts';
import { getUserById } from './get-user-by-id.ts';
import { inviteUser } from './invite-user.ts';
import { listOwnSessions } from './list-own-sessions.ts';
import { resetPassword } from './reset-password.ts';
import { setPasswordWithLink } from './set-password-with-link.ts';
import { signIn } from './sign-in.ts';
import { updateUser } from './update-user.ts';
import { actorOf } from './users.repo.ts';
import type { NewUser } from './users.schema.ts';

let deps: TestDeps;
const received: ParsedMail[] = [];
let smtp: SmtpSink;
let smtpPort: number;

beforeAll(async () => {
  deps = await testDeps();
  smtp = await startSmtpSink(received);
  smtpPort = smtp.port;
});
afterAll(async () => {
  await deps.close();
  await smtp.close();
});
beforeEach(() => deps.clock.set(testNow));

const policy = { idleMinutes: 30, absoluteHours: 12 };
const baseUrl = 'https://engagement.example.org';
const as = (actor: Actor) => contextFor(deps, actor);
const cli = operator('test');
const hour = 3_600_000;

async function givenAdministrator() {
  const admin = await givenUser(deps, { role: 'administrator' });
  return { ...admin, actor: actorOf(admin) };
}

const withoutPassword = ({ password: _password, ...rest }: NewUser) => rest;
const invitee = () => withoutPassword(aUser());

const tokenOf = (url: string) => url.split('/set-password/')[1] ?? '';

async function userRow(id: string) {
  const [row] = await deps.db.select().from(users).where(eq(users.id, id));
  return row;
}

async function sessionsOf(userId: string): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
  return Number(row?.n);
}

async function auditOf(entityId: string) {
  return deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.at);
}

const signInAs = (u: { email: string }, password: string) =>
  signIn(as(anonymous), { email: u.email, password, policy });

describe('inviteUser', () => {
  it('creates an account without a password and a link valid for 7 days, stored only as a digest', async () => {
    const admin = await givenAdministrator();
    const input = aUser({ role: 'borough_lead', boroughs: ['E09000022'] });
    const result = await inviteUser(as(admin.actor), {
      email: input.email,
      displayName: input.displayName,
      role: 'borough_lead',
      boroughs: ['E09000022'],
      baseUrl,
    });

    expect(result.delivery).toBe('not-configured');
    expect(result.user).toMatchObject({ email: input.email, hasPassword: false, boroughs: ['E09000022'] });
    expect(result.link.url).toMatch(/^https:\/\/engagement\.example\.org\/set-password\/[A-Za-z0-9_-]{43}$/);
    expect(result.link.expiresAt).toEqual(new Date(testNow.getTime() + 7 * 24 * hour));
    const token = tokenOf(result.link.url);
    const [link] = await deps.db.select().from(userLinks).where(eq(userLinks.userId, result.user.id));
    expect(link).toMatchObject({ tokenHash: digest(token), purpose: 'invitation', usedAt: null });
    expect(JSON.stringify(link)).not.toContain(token);
    expect((await userRow(result.user.id))?.passwordHash).toBeNull();

    const audit = await auditOf(result.user.id);
    expect(audit.map((a) => [a.action, a.entityType, a.actorUserId])).toEqual([
      ['created', 'user', admin.id],
      ['created', 'user-link', admin.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('e-mails the invitation when mail is configured', async () => {
    const admin = await givenAdministrator();
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      mailFrom: 'Nonsuch <nonsuch@example.org>',
      dataDir: '/nonexistent',
    });
    const input = aUser({ displayName: 'Invited Person' });
    const result = await inviteUser(as(admin.actor), { ...withoutPassword(input), baseUrl, mailer });
    mailer.close();
    expect(result.delivery).toBe('sent');
    const mail = received.find((m) => m.text?.includes(result.link.url));
    expect(mail?.subject).toBe('You have been invited to Nonsuch');
    expect(mail?.text).toContain('Dear Invited Person');
    expect(mail?.text).toContain(`${admin.displayName} has given you an account`);
    expect(mail?.html).toContain(`href="${result.link.url}"`);
  });

  it('reports a mail server that does not answer, and still returns the link', async () => {
    const admin = await givenAdministrator();
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'n@example.org', dataDir: '/x' });
    const result = await inviteUser(as(admin.actor), { ...invitee(), baseUrl, mailer });
    mailer.close();
    expect(result.delivery).toBe('failed');
    expect((await getPasswordLink(as(anonymous), { token: tokenOf(result.link.url) })).state).toBe('valid');
  });

  it('refuses anyone but an administrator, and bad boroughs, writing nothing', async () => {
    const analyst = await givenUser(deps);
    const input = aUser();
    const refused = await rejection(inviteUser(as(actorOf(analyst)), { ...withoutPassword(input), baseUrl }));
    expect(refused.code).toBe('forbidden');
    const invalid = await rejection(
      inviteUser(as(cli), { ...withoutPassword(input), role: 'borough_lead', boroughs: [], baseUrl }),
    );
    expect(invalid.details.fields?.boroughs).toBe('Choose at least one borough for a borough lead');
    expect(await deps.db.select().from(users).where(eq(users.email, input.email))).toEqual([]);
  });
});

describe('setPasswordWithLink', () => {
  it('sets the password once, ends every session, and records the person as the actor', async () => {
    const invited = await inviteUser(as(cli), { ...invitee(), baseUrl });
    const token = tokenOf(invited.link.url);
    expect(await getPasswordLink(as(anonymous), { token })).toEqual({
      state: 'valid',
      purpose: 'invitation',
      email: invited.user.email,
      displayName: invited.user.displayName,
    });

    deps.clock.advance(hour);
    const password = 'a long and unusual passphrase';
    await setPasswordWithLink(as(anonymous), { token, password, confirmPassword: password });

    const row = await userRow(invited.user.id);
    expect(row?.passwordHash?.startsWith('$argon2id$')).toBe(true);
    expect(row?.passwordChangedAt).toEqual(new Date(testNow.getTime() + hour));
    const [link] = await deps.db
      .select()
      .from(userLinks)
      .where(eq(userLinks.tokenHash, digest(token)));
    expect(link?.usedAt).toEqual(new Date(testNow.getTime() + hour));
    const audit = (await auditOf(invited.user.id)).at(-1);
    expect(audit).toMatchObject({
      action: 'updated',
      actorKind: 'user',
      actorUserId: invited.user.id,
      oldValues: { passwordSet: false },
    });
    expect(JSON.stringify(audit)).not.toContain(password);

    const session = await signInAs(invited.user, password);
    expect(session.stage).toBe('complete');

    // The link works once.
    expect((await getPasswordLink(as(anonymous), { token })).state).toBe('used');
    const again = await rejection(
      setPasswordWithLink(as(anonymous), {
        token,
        password: 'another long passphrase',
        confirmPassword: 'another long passphrase',
      }),
    );
    expect(again.code).toBe('not_found');
    expect(await sessionsOf(invited.user.id)).toBe(1);
  });

  it('refuses an expired link and an unknown one', async () => {
    const invited = await inviteUser(as(cli), { ...invitee(), baseUrl });
    const token = tokenOf(invited.link.url);
    deps.clock.advance(7 * 24 * hour);
    expect((await getPasswordLink(as(anonymous), { token })).state).toBe('expired');
    const p = 'a long and unusual passphrase';
    expect(
      (await rejection(setPasswordWithLink(as(anonymous), { token, password: p, confirmPassword: p }))).code,
    ).toBe('not_found');
    expect((await getPasswordLink(as(anonymous), { token: 'nothing-like-a-token' })).state).toBe('unknown');
    expect((await userRow(invited.user.id))?.passwordHash).toBeNull();
  });

  it('applies the password rules and asks for the same password twice, leaving the link usable', async () => {
    const invited = await inviteUser(as(cli), { ...invitee(), baseUrl });
    const token = tokenOf(invited.link.url);
    const short = await rejection(
      setPasswordWithLink(as(anonymous), { token, password: 'short', confirmPassword: 'short' }),
    );
    expect(short.details.fields?.password).toBe('Password must be at least 12 characters');
    const common = await rejection(
      setPasswordWithLink(as(anonymous), {
        token,
        password: 'password1234',
        confirmPassword: 'password1234',
      }),
    );
    expect(common.details.fields?.password).toContain('commonly used');
    const mismatch = await rejection(
      setPasswordWithLink(as(anonymous), {
        token,
        password: 'a long and unusual passphrase',
        confirmPassword: 'a long and unusual passphrasf',
      }),
    );
    expect(mismatch.details.fields?.confirmPassword).toBe('The passwords do not match');
    expect((await getPasswordLink(as(anonymous), { token })).state).toBe('valid');
  });

  it('does not work for a disabled account', async () => {
    const invited = await inviteUser(as(cli), { ...invitee(), baseUrl });
    await disableUser(as(cli), { id: invited.user.id });
    const token = tokenOf(invited.link.url);
    expect((await getPasswordLink(as(anonymous), { token })).state).toBe('unknown');
    const p = 'a long and unusual passphrase';
    expect(
      (await rejection(setPasswordWithLink(as(anonymous), { token, password: p, confirmPassword: p }))).code,
    ).toBe('not_found');
  });
});

describe('updateUser', () => {
  it('changes the name without ending sessions, and audits only what changed', async () => {
    const admin = await givenAdministrator();
    const user = await givenUser(deps);
    await signInAs(user, user.password);
    const updated = await updateUser(as(admin.actor), { id: user.id, displayName: 'New Name' });
    expect(updated.displayName).toBe('New Name');
    expect(await sessionsOf(user.id)).toBe(1);
    expect((await auditOf(user.id)).at(-1)).toMatchObject({
      action: 'updated',
      actorUserId: admin.id,
      oldValues: { displayName: user.displayName },
      newValues: { displayName: 'New Name' },
    });
  });

  it('changes role and boroughs, ending every session of the user (a change of privilege)', async () => {
    const admin = await givenAdministrator();
    const user = await givenUser(deps, { role: 'borough_lead', boroughs: ['E09000022'] });
    await signInAs(user, user.password);
    await signInAs(user, user.password);

    const moved = await updateUser(as(admin.actor), { id: user.id, boroughs: ['E09000007', 'E09000022'] });
    expect(moved.boroughs).toEqual(['E09000007', 'E09000022']);
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await auditOf(user.id)).at(-1)).toMatchObject({
      oldValues: { boroughs: ['E09000022'] },
      newValues: { boroughs: ['E09000007', 'E09000022'] },
    });

    // A London-wide role takes no boroughs: they are cleared when none are given.
    const analyst = await updateUser(as(cli), { email: user.email, role: 'analyst' });
    expect(analyst).toMatchObject({ role: 'analyst', boroughs: [] });
  });

  it('refuses boroughs the role does not take, and unknown boroughs', async () => {
    const user = await givenUser(deps);
    const wide = await rejection(updateUser(as(cli), { id: user.id, boroughs: ['E09000022'] }));
    expect(wide.details.fields?.boroughs).toBe('A analyst works across London: leave the boroughs empty');
    const unknown = await rejection(
      updateUser(as(cli), { id: user.id, role: 'borough_contributor', boroughs: ['E09999999'] }),
    );
    expect(unknown.details.fields?.boroughs).toBe('There is no London borough with the code E09999999');
    const none = await rejection(updateUser(as(cli), { id: user.id, role: 'borough_contributor' }));
    expect(none.details.fields?.boroughs).toBe('Choose at least one borough for a borough contributor');
    expect((await userRow(user.id))?.role).toBe('analyst');
  });

  it('does not let the last active administrator stop being one', async () => {
    // A database of its own, so no other administrator exists.
    const own = await testDeps();
    try {
      const admin = await givenUser(own, { role: 'administrator' });
      const error = await rejection(
        updateUser(contextFor(own, actorOf(admin)), { id: admin.id, role: 'programme_lead' }),
      );
      expect(error.code).toBe('conflict');
      expect(error.details.fields?.role).toContain('at least one administrator');
      const second = await givenUser(own, { role: 'administrator' });
      await disableUser(contextFor(own, actorOf(admin)), { id: second.id });
      expect((await rejection(disableUser(contextFor(own, operator('t')), { id: admin.id }))).code).toBe(
        'conflict',
      );
      await enableUser(contextFor(own, actorOf(admin)), { id: second.id });
      const demoted = await updateUser(contextFor(own, actorOf(admin)), {
        id: admin.id,
        role: 'programme_lead',
      });
      expect(demoted.role).toBe('programme_lead');
    } finally {
      await own.close();
    }
  });

  it('answers not found for an id that is not a UUID or not a user, and forbidden for others', async () => {
    expect((await rejection(updateUser(as(cli), { id: 'not-a-uuid', displayName: 'X' }))).code).toBe(
      'not_found',
    );
    expect(
      (await rejection(updateUser(as(cli), { id: '00000000-0000-4000-8000-000000000000', displayName: 'X' })))
        .code,
    ).toBe('not_found');
    const analyst = await givenUser(deps);
    expect(
      (await rejection(updateUser(as(actorOf(analyst)), { id: analyst.id, role: 'administrator' }))).code,
    ).toBe('forbidden');
    expect((await rejection(getUserById(as(actorOf(analyst)), { id: analyst.id }))).code).toBe('forbidden');
  });
});

describe('disableUser and enableUser', () => {
  it('records each change with old and new values, and only once', async () => {
    const admin = await givenAdministrator();
    const user = await givenUser(deps);
    await signInAs(user, user.password);
    await disableUser(as(admin.actor), { id: user.id });
    await disableUser(as(admin.actor), { id: user.id });
    expect(await sessionsOf(user.id)).toBe(0);
    await expect(signInAs(user, user.password)).rejects.toThrow();
    await enableUser(as(admin.actor), { id: user.id });
    expect((await signInAs(user, user.password)).stage).toBe('complete');

    const changes = (await auditOf(user.id)).filter((a) => a.action === 'updated');
    expect(changes.map((a) => [a.oldValues, a.newValues])).toEqual([
      [{ disabled: false }, { disabled: true }],
      [{ disabled: true }, { disabled: false }],
    ]);
  });
});

describe('resetPassword', () => {
  it('issues a 24-hour link that replaces earlier ones, ends every session, clears the old password and revokes API tokens', async () => {
    const admin = await givenAdministrator();
    const user = await givenUser(deps);
    await signInAs(user, user.password);
    const { token: apiToken } = await createApiToken(as(actorOf(user)), { userId: user.id, name: 'script' });
    const first = await resetPassword(as(admin.actor), { id: user.id, baseUrl });
    // Whoever had the old password, or a token, is locked out at once.
    await expect(signInAs(user, user.password)).rejects.toThrow();
    expect(await authenticateApiToken(deps, apiToken)).toEqual(anonymous);
    const second = await resetPassword(as(admin.actor), { id: user.id, baseUrl });
    expect(second.link.expiresAt).toEqual(new Date(testNow.getTime() + 24 * hour));
    expect(second.link.purpose).toBe('password-reset');
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await getPasswordLink(as(anonymous), { token: tokenOf(first.link.url) })).state).toBe('unknown');
    expect((await getPasswordLink(as(anonymous), { token: tokenOf(second.link.url) })).state).toBe('valid');

    const p = 'my brand new passphrase';
    await setPasswordWithLink(as(anonymous), {
      token: tokenOf(second.link.url),
      password: p,
      confirmPassword: p,
    });
    expect((await signInAs(user, p)).stage).toBe('complete');
    await expect(signInAs(user, user.password)).rejects.toThrow();
    const links = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, user.id), eq(auditEvents.entityType, 'user-link')));
    expect(links).toHaveLength(2);
  });

  it('refuses a disabled account and anyone but an administrator', async () => {
    const user = await givenUser(deps);
    expect((await rejection(resetPassword(as(actorOf(user)), { id: user.id, baseUrl }))).code).toBe(
      'forbidden',
    );
    await disableUser(as(cli), { id: user.id });
    expect((await rejection(resetPassword(as(cli), { email: user.email, baseUrl }))).code).toBe('conflict');
  });
});

describe('changeOwnPassword', () => {
  it('needs the current password, keeps this session and ends the others', async () => {
    const user = await givenUser(deps);
    const here = await signInAs(user, user.password);
    await signInAs(user, user.password);
    const me = as(actorOf(user));

    const wrong = await rejection(
      changeOwnPassword(me, {
        currentPassword: 'not my password',
        newPassword: 'a long and unusual passphrase',
        confirmPassword: 'a long and unusual passphrase',
        sessionToken: here.token,
      }),
    );
    expect(wrong.details.fields?.currentPassword).toBe('Your current password is not correct');

    const p = 'a long and unusual passphrase';
    const result = await changeOwnPassword(me, {
      currentPassword: user.password,
      newPassword: p,
      confirmPassword: p,
      sessionToken: here.token,
    });
    expect(result.otherSessionsEnded).toBe(1);
    const left = await deps.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(left.map((s) => s.tokenHash)).toEqual([digest(here.token)]);
    expect((await signInAs(user, p)).stage).toBe('complete');
    const audit = (await auditOf(user.id)).filter((a) => a.action === 'updated').at(-1);
    expect(audit?.actorUserId).toBe(user.id);
    expect(JSON.stringify(audit)).not.toContain(p);
  });

  it('applies the password rules and refuses the command line', async () => {
    const user = await givenUser(deps);
    const weak = await rejection(
      changeOwnPassword(as(actorOf(user)), {
        currentPassword: user.password,
        newPassword: 'short',
        confirmPassword: 'short',
      }),
    );
    expect(weak.details.fields?.newPassword).toBe('Password must be at least 12 characters');
    expect((await rejection(getOwnAccount(as(cli)))).code).toBe('forbidden');
  });
});

describe('own sessions', () => {
  it('lists them with this device marked, ends one by id, and signs out everywhere else', async () => {
    const user = await givenUser(deps);
    const other = await givenUser(deps);
    const here = await signInAs(user, user.password);
    deps.clock.advance(60_000);
    await signIn(as(anonymous), { email: user.email, password: user.password, policy, userAgent: 'Phone' });
    await signIn(as(anonymous), { email: user.email, password: user.password, policy, userAgent: 'Tablet' });
    await signInAs(other, other.password);
    const me = as(actorOf(user));
    const [hereRow] = await deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, digest(here.token)));

    const list = await listOwnSessions(me, { currentSessionId: hereRow?.id });
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ id: hereRow?.id, current: true });
    expect(list.filter((s) => s.current)).toHaveLength(1);

    const phone = list.find((s) => s.userAgent === 'Phone');
    await endOwnSession(me, { id: phone?.id ?? '' });
    expect(await listOwnSessions(me, {})).toHaveLength(2);
    expect((await rejection(endOwnSession(me, { id: phone?.id ?? '' }))).code).toBe('not_found');
    expect((await rejection(endOwnSession(me, { id: 'nonsense' }))).code).toBe('not_found');

    // Another person's session is not found, and stays.
    const [theirs] = await deps.db.select().from(sessions).where(eq(sessions.userId, other.id));
    expect((await rejection(endOwnSession(me, { id: theirs?.id ?? '' }))).code).toBe('not_found');
    expect(await sessionsOf(other.id)).toBe(1);

    expect(await endOtherSessions(me, { sessionToken: here.token })).toEqual({ ended: 1 });
    expect((await listOwnSessions(me, {})).map((s) => s.id)).toEqual([hereRow?.id]);
    expect(await sessionsOf(other.id)).toBe(1);
    const ended = (await auditOf(user.id)).filter((a) => a.action === 'signed-out');
    expect(ended).toHaveLength(2);
  });
});
