import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../../test/agent.ts';
import {
  givenUser,
  givenUserWithTwoFactor,
  signedInAgent,
  type TestDeps,
  testApp,
  testDeps,
} from '../../../../test/harness.ts';
import { type SmtpSink, startSmtpSink } from '../../../../test/smtp-sink.ts';
import { sessions, users } from '../../../db/schema/index.ts';
import { aUser } from '../../../demo/builders.ts';

let deps: TestDeps;
let app: FastifyInstance;
let smtp: SmtpSink;
let admin: Awaited<ReturnType<typeof givenUser>>;
let browser: Agent;
const received: ParsedMail[] = [];

/**
 * An administrator must pass two-factor to sign in through the browser; these tests are about the
 * user pages, so the administrator's browser is given a complete session directly.
 */
const signedIn = (user: { id: string }): Promise<Agent> => signedInAgent(deps, app, user.id);

beforeAll(async () => {
  smtp = await startSmtpSink(received);
  const port = smtp.port;
  deps = await testDeps({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Nonsuch <nonsuch@example.org>',
    PUBLIC_URL: 'https://engagement.example.org',
  });
  app = await testApp(deps);
  admin = await givenUser(deps, { role: 'administrator', displayName: 'Ada Administrator' });
  browser = await signedIn(admin);
});
afterAll(async () => {
  await app.close();
  await deps.close();
  await smtp.close();
});

async function userByEmail(email: string) {
  const [row] = await deps.db.select().from(users).where(eq(users.email, email));
  return row;
}

const sessionCount = async (userId: string) =>
  (await deps.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

describe('the users list', () => {
  it('shows each user with role, boroughs by name, two-factor and status', async () => {
    const lead = await givenUser(deps, {
      role: 'borough_lead',
      boroughs: ['E09000022', 'E09000007'],
      displayName: 'Bea Boroughlead',
    });
    const res = await browser.get('/users');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/users/${lead.id}">Bea Boroughlead</a>`);
    expect(res.body).toContain('Borough lead');
    expect(res.body).toContain('Camden, Lambeth');
    expect(res.body).toContain('All of London');
    expect(res.body).toContain('Active');
  });

  it('is refused to anyone but an administrator, and sends the signed-out to sign in', async () => {
    const analyst = await givenUser(deps);
    const agent = await signedIn(analyst);
    for (const url of ['/users', '/users/new', `/users/${admin.id}`, `/users/${admin.id}/edit`]) {
      expect((await agent.get(url)).statusCode).toBe(403);
    }
    await agent.get('/account');
    expect((await agent.post(`/users/${admin.id}/disable`)).statusCode).toBe(403);
    const anonymous = await new Agent(app).get('/users');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Fusers');
  });

  it('answers 404 for an id that is not a UUID or not a user', async () => {
    expect((await browser.get('/users/not-a-uuid')).statusCode).toBe(404);
    expect((await browser.get('/users/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await browser.get('/users/00000000-0000-4000-8000-000000000000/edit')).statusCode).toBe(404);
  });
});

describe('adding a user', () => {
  it('lists the roles and the 33 areas', async () => {
    const res = await browser.get('/users/new');
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/name="boroughs"/g)).toHaveLength(33);
    expect(res.body.match(/name="role"/g)).toHaveLength(5);
    expect(res.body).toContain('value="invite" checked');
  });

  it('invites by link: the link is shown once, e-mailed, and sets the password', async () => {
    await browser.get('/users/new');
    const input = aUser({ displayName: 'Ivy Invited' });
    const res = await browser.post('/users/new', {
      displayName: input.displayName,
      email: input.email,
      role: 'borough_contributor',
      boroughs: 'E09000022',
      how: 'invite',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const url = /id="password-link">([^<]+)</.exec(res.body)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/engagement\.example\.org\/set-password\/[A-Za-z0-9_-]{43}$/);
    expect(res.body).toContain('We have emailed the link to them as well');
    const mail = received.find((m) => m.text?.includes(url));
    expect(mail?.subject).toBe('You have been invited to Nonsuch');
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(input.email);
    expect(mail?.text).toContain('Ada Administrator has given you an account');

    const row = await userByEmail(input.email);
    expect(row).toMatchObject({ role: 'borough_contributor', passwordHash: null });

    const person = new Agent(app);
    const path = new URL(url).pathname;
    const form = await person.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Create your password');
    const done = await person.post(path, {
      password: 'a long and unusual passphrase',
      confirmPassword: 'a long and unusual passphrase',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your password has been set');
    const signIn = await person.signIn(input.email, 'a long and unusual passphrase');
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/');
  });

  it('sets a password now', async () => {
    await browser.get('/users/new');
    const input = aUser();
    const res = await browser.post('/users/new', {
      displayName: input.displayName,
      email: input.email,
      role: 'analyst',
      how: 'password',
      password: 'a long and unusual passphrase',
    });
    expect(res.statusCode).toBe(303);
    const row = await userByEmail(input.email);
    expect(res.headers.location).toBe(`/users/${row?.id}?done=created`);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await browser.get(res.headers.location as string)).body).toContain('User created');
  });

  it('re-renders with the error summary for each problem, and writes nothing', async () => {
    await browser.get('/users/new');
    const res = await browser.post('/users/new', {
      displayName: '',
      email: 'not-an-email',
      role: '',
      how: 'invite',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    for (const href of ['#displayName', '#email', '#role']) expect(res.body).toContain(`href="${href}"`);
    expect(res.body).toContain('value="not-an-email"');

    const lead = await browser.post('/users/new', {
      displayName: 'No Boroughs',
      email: aUser().email,
      role: 'borough_lead',
      how: 'invite',
    });
    expect(lead.statusCode).toBe(400);
    expect(lead.body).toContain('href="#boroughs"');
    expect(lead.body).toContain('Choose at least one borough for a borough lead');

    const weak = await browser.post('/users/new', {
      displayName: 'Weak Password',
      email: aUser().email,
      role: 'analyst',
      how: 'password',
      password: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('href="#password"');

    const how = await browser.post('/users/new', { displayName: 'X', email: aUser().email, role: 'analyst' });
    expect(how.statusCode).toBe(400);
    expect(how.body).toContain('Choose how they will get their password');
  });

  it('refuses an email address already in use', async () => {
    const existing = await givenUser(deps);
    await browser.get('/users/new');
    const res = await browser.post('/users/new', {
      displayName: 'Twin',
      email: existing.email.toUpperCase(),
      role: 'analyst',
      how: 'invite',
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('A user with that email address already exists');
    expect(res.body).toContain('href="#email"');
  });
});

describe("a user's page", () => {
  it('changes role and boroughs, signing them out everywhere', async () => {
    const user = await givenUser(deps, { displayName: 'Ed Editable' });
    const theirs = new Agent(app);
    await theirs.signIn(user.email, user.password);
    expect(await sessionCount(user.id)).toBe(1);

    const form = await browser.get(`/users/${user.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Ed Editable"');
    expect(form.body).toMatch(/value="analyst" checked/);

    const res = await browser.post(`/users/${user.id}/edit`, {
      displayName: 'Ed Edited',
      role: 'borough_lead',
      boroughs: 'E09000007',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/users/${user.id}?done=updated-signed-out`);
    expect(await sessionCount(user.id)).toBe(0);
    const page = await browser.get(res.headers.location as string);
    expect(page.body).toContain('signed out everywhere');
    expect(page.body).toContain('Camden');
    expect(page.body).toContain('Ed Edited');

    const bad = await browser.post(`/users/${user.id}/edit`, {
      displayName: 'Ed Edited',
      role: 'analyst',
      boroughs: 'E09000007',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('leave the boroughs empty');
  });

  it('disables and enables a user, and will not disable the administrator themself', async () => {
    const user = await givenUser(deps);
    const theirs = new Agent(app);
    await theirs.signIn(user.email, user.password);
    await browser.get(`/users/${user.id}`);
    const disabled = await browser.post(`/users/${user.id}/disable`);
    expect(disabled.headers.location).toBe(`/users/${user.id}?done=disabled`);
    expect((await userByEmail(user.email))?.disabledAt).not.toBeNull();
    expect((await theirs.get('/')).statusCode).toBe(303);
    const page = await browser.get(`/users/${user.id}`);
    expect(page.body).toContain('Disabled');
    expect(page.body).toContain(`action="/users/${user.id}/enable"`);
    await browser.post(`/users/${user.id}/enable`);
    expect((await userByEmail(user.email))?.disabledAt).toBeNull();

    const own = await browser.get(`/users/${admin.id}`);
    expect(own.body).not.toContain(`action="/users/${admin.id}/disable"`);
    const self = await browser.post(`/users/${admin.id}/disable`);
    expect(self.statusCode).toBe(409);
    expect(self.body).toContain('You cannot disable your own account');
  });

  it('resets a password: shows the new link once and signs them out', async () => {
    const user = await givenUser(deps);
    const theirs = new Agent(app);
    await theirs.signIn(user.email, user.password);
    await browser.get(`/users/${user.id}`);
    const res = await browser.post(`/users/${user.id}/reset-password`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Password reset');
    const url = /id="password-link">([^<]+)</.exec(res.body)?.[1] ?? '';
    expect(url).toContain('/set-password/');
    expect(await sessionCount(user.id)).toBe(0);
    expect(received.find((m) => m.text?.includes(url))?.subject).toBe('Reset your Nonsuch password');
  });

  it('resets two-factor authentication', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const page = await browser.get(`/users/${user.id}`);
    expect(page.body).toContain(`action="/users/${user.id}/reset-two-factor"`);
    const res = await browser.post(`/users/${user.id}/reset-two-factor`);
    expect(res.headers.location).toBe(`/users/${user.id}?done=two-factor-reset`);
    expect((await userByEmail(user.email))?.totpEnabledAt).toBeNull();
  });

  it('needs the form token for every action', async () => {
    const user = await givenUser(deps);
    for (const action of ['disable', 'enable', 'reset-password', 'edit']) {
      expect((await browser.post(`/users/${user.id}/${action}`, {}, { csrf: false })).statusCode).toBe(403);
    }
    expect((await userByEmail(user.email))?.disabledAt).toBeNull();
  });
});
