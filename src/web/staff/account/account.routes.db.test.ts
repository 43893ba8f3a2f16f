import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../../test/agent.ts';
import { closeApp, givenUser, type RouteTestApp, routeTestApp } from '../../../../test/harness.ts';
import { sessions, users } from '../../../db/schema/index.ts';
import { verifyPassword } from '../../../domain/access/passwords.ts';

let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: ['E09000022'], displayName: 'Lee Lambeth' });
});
afterAll(() => closeApp(t));

const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A second browser of the same person, on another device. */
async function anotherDevice(email: string, password: string, userAgent = firefox): Promise<Agent> {
  const agent = new Agent(t.app);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/sign-in')).body)?.[1] ?? '';
  const res = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: {
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': userAgent,
    },
    payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  for (const c of res.cookies) agent.cookies.set(c.name, c.value);
  return agent;
}

const sessionsOf = (userId: string) => t.deps.db.select().from(sessions).where(eq(sessions.userId, userId));

describe('your account', () => {
  it('shows your details, role and boroughs, with links to password, sessions, two-factor and tokens', async () => {
    const res = await t.agent.get('/account');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Lee Lambeth');
    expect(res.body).toContain(t.user.email);
    expect(res.body).toContain('Borough lead');
    expect(res.body).toContain('Lambeth');
    for (const href of ['/account/password', '/account/sessions', '/account/two-factor', '/account/tokens']) {
      expect(res.body).toContain(`href="${href}"`);
    }
  });

  it('sends the signed-out to sign in', async () => {
    const res = await new Agent(t.app).get('/account');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount');
  });
});

describe('your sessions', () => {
  it('lists them with this device marked, ends one, and signs out everywhere else', async () => {
    const user = await givenUser(t.deps);
    const here = new Agent(t.app);
    await here.signIn(user.email, user.password);
    const laptop = await anotherDevice(user.email, user.password);
    const phone = await anotherDevice(
      user.email,
      user.password,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    );

    const page = await here.get('/account/sessions');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Firefox on Windows');
    expect(page.body).toContain('Safari on iOS');
    expect(page.body.match(/This device/g)).toHaveLength(1);
    expect(page.body).toContain('Sign out everywhere else');

    const rows = await sessionsOf(user.id);
    const phoneSession = rows.find((s) => s.userAgent?.includes('iPhone'));
    const ended = await here.post(`/account/sessions/${phoneSession?.id}/end`);
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe('/account/sessions?done=session-ended');
    expect((await phone.get('/account')).statusCode).toBe(303);
    expect((await laptop.get('/account')).statusCode).toBe(200);

    // Someone else's session, or one already ended, is not found.
    const [theirs] = await sessionsOf(t.user.id);
    await here.get('/account/sessions');
    expect((await here.post(`/account/sessions/${theirs?.id}/end`)).statusCode).toBe(404);
    expect((await here.post('/account/sessions/not-a-uuid/end')).statusCode).toBe(404);
    expect((await t.agent.get('/account')).statusCode).toBe(200);

    await here.get('/account/sessions');
    const others = await here.post('/account/sessions/end-others');
    expect(others.headers.location).toBe('/account/sessions?done=others-ended');
    expect((await laptop.get('/account')).statusCode).toBe(303);
    const after = await here.get('/account/sessions?done=others-ended');
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('signed out everywhere else');
    expect(after.body).not.toContain('Sign out everywhere else');
    expect(await sessionsOf(user.id)).toHaveLength(1);
  });

  it('ending this device’s session signs you out', async () => {
    const user = await givenUser(t.deps);
    const here = new Agent(t.app);
    await here.signIn(user.email, user.password);
    const [mine] = await sessionsOf(user.id);
    await here.get('/account/sessions');
    const res = await here.post(`/account/sessions/${mine?.id}/end`);
    expect(res.headers.location).toBe('/sign-in?signedOut=1');
    expect((await here.get('/account')).statusCode).toBe(303);
  });
});

describe('changing your password', () => {
  it('needs the current password and a good new one, then keeps only this session', async () => {
    const user = await givenUser(t.deps);
    const here = new Agent(t.app);
    await here.signIn(user.email, user.password);
    const elsewhere = await anotherDevice(user.email, user.password);

    const form = await here.get('/account/password');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Current password');

    const wrong = await here.post('/account/password', {
      currentPassword: 'not the password',
      newPassword: 'a long and unusual passphrase',
      confirmPassword: 'a long and unusual passphrase',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#currentPassword"');
    expect(wrong.body).toContain('Your current password is not correct');

    const mismatch = await here.post('/account/password', {
      currentPassword: user.password,
      newPassword: 'a long and unusual passphrase',
      confirmPassword: 'something else entirely',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('href="#confirmPassword"');

    const common = await here.post('/account/password', {
      currentPassword: user.password,
      newPassword: 'password1234',
      confirmPassword: 'password1234',
    });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('commonly used');

    const ok = await here.post('/account/password', {
      currentPassword: user.password,
      newPassword: 'a long and unusual passphrase',
      confirmPassword: 'a long and unusual passphrase',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/account?done=password-changed');
    expect((await here.get('/account?done=password-changed')).body).toContain(
      'Your password has been changed',
    );
    expect((await elsewhere.get('/account')).statusCode).toBe(303);
    const [row] = await t.deps.db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(row?.passwordHash ?? '', 'a long and unusual passphrase')).toBe(true);
  });

  it('needs the form token', async () => {
    const res = await t.agent.post(
      '/account/password',
      { currentPassword: 'x', newPassword: 'y', confirmPassword: 'y' },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect((await t.agent.post('/account/sessions/end-others', {}, { csrf: false })).statusCode).toBe(403);
  });
});
