import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../../test/agent.ts';
import {
  closeApp,
  givenUser,
  givenUserWithTwoFactor,
  type TestDeps,
  testApp,
  testDeps,
  testNow,
} from '../../../../test/harness.ts';
import { readSettings } from '../../../domain/access/settings.repo.ts';
import { totpCode } from '../../../domain/access/two-factor.ts';
import { findUserById } from '../../../domain/access/users.repo.ts';

let deps: TestDeps;
let app: FastifyInstance;
beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
});
afterAll(() => closeApp({ app, deps }));
beforeEach(() => deps.clock.set(testNow));

async function signedIn(user: { email: string; password: string; totpSecret?: string | null }) {
  const agent = new Agent(app, { clock: deps.clock });
  const res = await agent.signIn(
    user.email,
    user.password,
    user.totpSecret ? { totpSecret: user.totpSecret } : {},
  );
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/');
  return agent;
}

const appCodeNow = (secret: string) => totpCode(secret, deps.clock.now());

const recoveryCodesIn = (html: string) =>
  [...html.matchAll(/<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/li>/g)].map((m) => m[1]);

describe('two-factor on the account pages', () => {
  it('lets an analyst set it up, see the codes once, and then see it is on', async () => {
    const user = await givenUser(deps);
    const agent = await signedIn(user);
    const off = await agent.get('/account/two-factor');
    expect(off.statusCode).toBe(200);
    expect(off.body).toContain('<h1 class="govuk-heading-l">Two-factor authentication</h1>');
    expect(off.body).toContain('Off');
    expect(off.body).toContain('href="/account/two-factor/set-up"');

    const setUp = await agent.get('/account/two-factor/set-up');
    expect(setUp.statusCode).toBe(200);
    expect(setUp.headers['cache-control']).toBe('no-store');
    expect(setUp.body).toContain('<svg role="img"');
    const secret = (/id="totp-secret">([A-Z2-7 ]+)</.exec(setUp.body)?.[1] ?? '').replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Offered to this session only: the account has no secret until a code confirms it.
    expect((await findUserById(deps.db, user.id))?.totpSecret).toBeNull();

    const wrong = await agent.post('/account/two-factor/set-up', { code: '12345' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('There is a problem');

    const done = await agent.post('/account/two-factor/set-up', { code: totpCode(secret, deps.clock.now()) });
    expect(done.statusCode).toBe(200);
    expect(done.headers['cache-control']).toBe('no-store');
    expect(recoveryCodesIn(done.body)).toHaveLength(10);

    const on = await agent.get('/account/two-factor');
    expect(on.body).toContain('On');
    expect(on.body).toMatch(/Recovery codes left\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*10/);
    expect(on.body).toContain('href="/account/two-factor/turn-off"');
    expect(recoveryCodesIn(on.body)).toHaveLength(0);

    const again = await agent.get('/account/two-factor/set-up');
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Two-factor authentication is already set up for your account.');
  });

  it('makes new recovery codes, replacing the old ones', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = await signedIn(user);
    await agent.get('/account/two-factor');
    const wrong = await agent.post('/account/two-factor/recovery-codes', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('href="#code"');
    // The code used to sign in cannot be used again: the next one from the app.
    deps.clock.advance(30_000);
    const res = await agent.post('/account/two-factor/recovery-codes', { code: appCodeNow(user.totpSecret) });
    expect(res.statusCode).toBe(200);
    const codes = recoveryCodesIn(res.body);
    expect(codes).toHaveLength(10);
    expect(codes).not.toContain(user.recoveryCodes[0]);
    expect(res.body).toContain('Your old recovery codes no longer work.');
  });

  it('lets an analyst turn it off', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = await signedIn(user);
    const confirm = await agent.get('/account/two-factor/turn-off');
    expect(confirm.statusCode).toBe(200);
    const withoutCode = await agent.post('/account/two-factor/turn-off');
    expect(withoutCode.statusCode).toBe(400);
    expect(withoutCode.body).toContain('Enter the code from your authenticator app');
    deps.clock.advance(30_000);
    const res = await agent.post('/account/two-factor/turn-off', { code: appCodeNow(user.totpSecret) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/two-factor?done=turned-off');
    expect((await agent.get(res.headers.location as string)).body).toContain(
      'Two-factor authentication is off.',
    );
    expect((await findUserById(deps.db, user.id))?.totpEnabledAt).toBeNull();
  });

  it('does not let an administrator turn it off', async () => {
    const admin = await givenUserWithTwoFactor(deps, { role: 'administrator' });
    const agent = await signedIn(admin);
    const page = await agent.get('/account/two-factor');
    expect(page.body).toContain('Your role requires two-factor authentication, so you cannot turn it off.');
    expect(page.body).not.toContain('href="/account/two-factor/turn-off"');
    const res = await agent.post('/account/two-factor/turn-off');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain(
      'Administrators must use two-factor authentication, so you cannot turn it off.',
    );
    expect((await findUserById(deps.db, admin.id))?.totpEnabledAt).not.toBeNull();
  });

  it('needs the form token to turn it off', async () => {
    const user = await givenUserWithTwoFactor(deps);
    const agent = await signedIn(user);
    expect((await agent.post('/account/two-factor/turn-off', {}, { csrf: false })).statusCode).toBe(403);
  });

  it('sends someone not signed in to sign in', async () => {
    const res = await app.inject({ url: '/account/two-factor' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount%2Ftwo-factor');
  });
});

describe('the settings page', () => {
  it('lets an administrator require two-factor of everyone', async () => {
    const admin = await givenUserWithTwoFactor(deps, { role: 'administrator' });
    const agent = await signedIn(admin);
    const page = await agent.get('/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Require two-factor authentication for everyone');
    expect(page.body).not.toMatch(/value="yes" checked/);
    const saved = await agent.post('/settings', { twoFactorForAll: 'yes' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/settings?saved=1');
    const after = await agent.get('/settings?saved=1');
    expect(after.body).toContain('Settings saved.');
    expect(after.body).toMatch(/value="yes" checked/);
    expect(await readSettings(deps.db)).toMatchObject({ twoFactorForAll: true });

    // An analyst without two-factor must now set it up when signing in.
    const analyst = await givenUser(deps);
    const other = new Agent(app, { clock: deps.clock });
    expect((await other.signIn(analyst.email, analyst.password)).headers.location).toBe(
      '/sign-in/two-factor/set-up',
    );

    await agent.post('/settings', {});
    expect(await readSettings(deps.db)).toMatchObject({ twoFactorForAll: false });
  });

  it('is forbidden to everyone else', async () => {
    const lead = await givenUserWithTwoFactor(deps, { role: 'programme_lead' });
    const agent = await signedIn(lead);
    expect((await agent.get('/settings')).statusCode).toBe(403);
    await agent.get('/account/two-factor');
    expect((await agent.post('/settings', { twoFactorForAll: 'yes' })).statusCode).toBe(403);
    expect(await readSettings(deps.db)).toMatchObject({ twoFactorForAll: false });
  });
});
