import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import {
  closeApp,
  givenUser,
  givenUserWithTwoFactor,
  type TestDeps,
  testApp,
  testDeps,
  testNow,
} from '../../../test/harness.ts';
import { contextFor } from '../../deps.ts';
import { operator } from '../../domain/access/actor.ts';
import { totpCode } from '../../domain/access/two-factor.ts';
import { updateTwoFactorSetting } from '../../domain/access/update-two-factor-setting.ts';
import { sessionCookieName } from '../auth.ts';

let deps: TestDeps;
let app: FastifyInstance;
beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
});
afterAll(() => closeApp({ app, deps }));
beforeEach(() => deps.clock.set(testNow));

const newAgent = () => new Agent(app, { clock: deps.clock });
const cookieName = () => sessionCookieName(deps.config.secureCookies);
const sessionCookie = (agent: Agent) => agent.cookies.get(cookieName());
const codeNow = (secret: string) => totpCode(secret, deps.clock.now());
const nextStep = () => deps.clock.advance(30_000);

async function passwordOnly(agent: Agent, user: { email: string; password: string }, next?: string) {
  await agent.get(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  return agent.post('/sign-in', { email: user.email, password: user.password, ...(next ? { next } : {}) });
}

/** Whether this cookie value is a signed-in session. */
async function signedInWith(token: string | undefined) {
  const res = await app.inject({ url: '/', headers: { cookie: `${cookieName()}=${token}` } });
  return res.statusCode === 200;
}

describe('signing in with two-factor authentication', () => {
  it('asks for the code after the password, then signs in with a new session token', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = newAgent();
    const password = await passwordOnly(agent, user, '/account/tokens');
    expect(password.statusCode).toBe(303);
    expect(password.headers.location).toBe('/sign-in/two-factor?next=%2Faccount%2Ftokens');
    const pendingToken = sessionCookie(agent);
    expect(pendingToken).toBeDefined();

    // Half-way through, the person is not signed in.
    const staff = await agent.get('/account/tokens');
    expect(staff.statusCode).toBe(303);
    expect(staff.headers.location).toMatch(/^\/sign-in/);

    const page = await agent.get('/sign-in/two-factor?next=%2Faccount%2Ftokens');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enter the code from your authenticator app');
    expect(page.body).toContain('autocomplete="one-time-code"');
    expect(page.body).toContain('href="/sign-in/two-factor/recovery?next=%2Faccount%2Ftokens"');

    const done = await agent.post('/sign-in/two-factor', {
      code: codeNow(user.totpSecret),
      next: '/account/tokens',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account/tokens');
    const token = sessionCookie(agent);
    expect(token).toBeDefined();
    expect(token).not.toBe(pendingToken);
    expect((await agent.get('/account/tokens')).statusCode).toBe(200);
    // The token from before the second factor is gone, not promoted.
    expect(await signedInWith(pendingToken)).toBe(false);
    expect(await signedInWith(token)).toBe(true);
  });

  it('signs in through the test agent with the secret', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = newAgent();
    const res = await agent.signIn(user.email, user.password, { totpSecret: user.totpSecret });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await agent.get('/')).body).toContain(user.displayName);
  });

  it('shows an error for a wrong code, and for no code', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = newAgent();
    await passwordOnly(agent, user);
    await agent.get('/sign-in/two-factor');
    const wrong = await agent.post('/sign-in/two-factor', { code: '000000', next: '/' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('The code is not correct. Enter the code your authenticator app shows now');
    expect(wrong.body).toContain('href="#code"');
    expect(wrong.body).toContain(
      '<title>Error: Enter the code from your authenticator app – Nonsuch</title>',
    );

    const empty = await agent.post('/sign-in/two-factor', { code: ' ', next: '/' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the code from your authenticator app</a>');
    expect(await signedInWith(sessionCookie(agent))).toBe(false);
  });

  it('accepts a recovery code once only', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const code = user.recoveryCodes[0] ?? '';
    const agent = newAgent();
    await passwordOnly(agent, user);
    const page = await agent.get('/sign-in/two-factor/recovery');
    expect(page.body).toContain('Enter a recovery code');
    expect(page.body).toContain('href="/sign-in/two-factor"');
    const used = await agent.post('/sign-in/two-factor/recovery', { code, next: '/' });
    expect(used.statusCode).toBe(303);
    expect(used.headers.location).toBe('/');
    expect(await signedInWith(sessionCookie(agent))).toBe(true);

    await agent.post('/sign-out');
    nextStep();
    await passwordOnly(agent, user);
    await agent.get('/sign-in/two-factor/recovery');
    const again = await agent.post('/sign-in/two-factor/recovery', { code, next: '/' });
    expect(again.statusCode).toBe(401);
    expect(again.body).toContain('The recovery code is not correct, or it has already been used');
  });

  it('sends a browser with no session waiting back to sign in', async () => {
    const agent = newAgent();
    for (const path of [
      '/sign-in/two-factor',
      '/sign-in/two-factor/recovery',
      '/sign-in/two-factor/set-up',
    ]) {
      const res = await agent.get(`${path}?next=%2Faccount`);
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location, path).toBe('/sign-in?next=%2Faccount');
    }
    await agent.get('/sign-in');
    const post = await agent.post('/sign-in/two-factor', { code: '123456', next: '/' });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/sign-in');
  });

  it('sends someone already signed in on to where they were going', async () => {
    const user = await givenUser(deps);
    const agent = newAgent();
    await agent.signIn(user.email, user.password);
    const res = await agent.get('/sign-in/two-factor?next=%2Faccount');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
  });

  it('refuses the form without its CSRF token', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = newAgent();
    await passwordOnly(agent, user);
    const res = await agent.post('/sign-in/two-factor', { code: codeNow(user.totpSecret) }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });
});

describe('setting up two-factor at sign-in', () => {
  it('makes an administrator set it up, shows the recovery codes once, then signs them in', async () => {
    const admin = await givenUser(deps, { role: 'administrator' });
    const agent = newAgent();
    const password = await passwordOnly(agent, admin, '/account');
    expect(password.headers.location).toBe('/sign-in/two-factor/set-up?next=%2Faccount');
    const pendingToken = sessionCookie(agent);
    // The code page is not for them yet.
    const code = await agent.get('/sign-in/two-factor');
    expect(code.headers.location).toBe('/sign-in/two-factor/set-up');

    const page = await agent.get('/sign-in/two-factor/set-up?next=%2Faccount');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<svg role="img" aria-label="QR code for your authenticator app"');
    const secret = (/id="totp-secret">([A-Z2-7 ]+)</.exec(page.body)?.[1] ?? '').replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Reloading shows the same secret.
    expect((await agent.get('/sign-in/two-factor/set-up')).body).toContain(
      `id="totp-secret">${secret.slice(0, 4)} `,
    );

    const wrong = await agent.post('/sign-in/two-factor/set-up', { code: '000000', next: '/account' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The code is not correct');
    expect(wrong.body).toContain('id="totp-secret"');

    const done = await agent.post('/sign-in/two-factor/set-up', { code: codeNow(secret), next: '/account' });
    expect(done.statusCode).toBe(200);
    expect(done.headers['cache-control']).toBe('no-store');
    expect(done.body).toContain('Two-factor authentication is on');
    const codes = [...done.body.matchAll(/<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/li>/g)];
    expect(codes).toHaveLength(10);
    expect(done.body).toContain('href="/account"');
    const token = sessionCookie(agent);
    expect(token).not.toBe(pendingToken);
    expect(await signedInWith(pendingToken)).toBe(false);
    expect((await agent.get('/account')).statusCode).toBe(200);

    // Next time, the code is asked for.
    await agent.post('/sign-out');
    nextStep();
    expect((await passwordOnly(agent, admin)).headers.location).toBe('/sign-in/two-factor');
  });

  it('makes everyone set it up when the setting says so', async () => {
    await updateTwoFactorSetting(contextFor(deps, operator('test')), { twoFactorForAll: true });
    try {
      const analyst = await givenUser(deps);
      const agent = newAgent();
      expect((await passwordOnly(agent, analyst)).headers.location).toBe('/sign-in/two-factor/set-up');
    } finally {
      await updateTwoFactorSetting(contextFor(deps, operator('test')), { twoFactorForAll: false });
    }
  });
});

describe('throttling', () => {
  it('shows the sign-in page with 429 after too many wrong passwords, the same for unknown accounts', async () => {
    const user = await givenUser(deps);
    const agent = newAgent();
    await agent.get('/sign-in');
    for (let i = 0; i < 5; i++) {
      const res = await agent.post('/sign-in', { email: user.email, password: 'not the password' });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await agent.post('/sign-in', { email: user.email, password: user.password });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many attempts. Wait 1 minute, then try again.');
    expect(blocked.body).toContain('There is a problem');
    expect(blocked.body).toContain('<h1 class="govuk-heading-l">Sign in to Nonsuch</h1>');
    expect(String(blocked.headers['set-cookie'] ?? '')).not.toContain(`${cookieName()}=`);

    const other = newAgent();
    await other.get('/sign-in');
    for (let i = 0; i < 5; i++) {
      await other.post('/sign-in', { email: 'nobody.at.all@nonsuch.example', password: 'not the password' });
    }
    const unknown = await other.post('/sign-in', {
      email: 'nobody.at.all@nonsuch.example',
      password: 'not the password',
    });
    expect(unknown.statusCode).toBe(429);
    expect(unknown.body).toContain('Too many attempts. Wait 1 minute, then try again.');
  });

  it('shows the code page with 429 after too many wrong codes', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = newAgent();
    await passwordOnly(agent, user);
    await agent.get('/sign-in/two-factor');
    for (let i = 0; i < 5; i++) {
      expect((await agent.post('/sign-in/two-factor', { code: '000000', next: '/' })).statusCode).toBe(401);
    }
    const blocked = await agent.post('/sign-in/two-factor', { code: codeNow(user.totpSecret), next: '/' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many attempts. Wait 1 minute, then try again.');
    deps.clock.advance(1000);
    const ok = await agent.post('/sign-in/two-factor', { code: codeNow(user.totpSecret), next: '/' });
    expect(ok.statusCode).toBe(303);
  });
});
