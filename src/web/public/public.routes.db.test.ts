import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import {
  closeApp,
  type RouteTestApp,
  routeTestApp,
  type TestDeps,
  testApp,
  testDeps,
} from '../../../test/harness.ts';
import { buildApp } from '../app.ts';

let deps: TestDeps;
let app: FastifyInstance;
let user: RouteTestApp['user'];
let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp({ email: 'Lead@Example.org', displayName: 'Lead Person' });
  ({ deps, app, user } = t);
});
afterAll(() => closeApp(t));

describe('health and readiness', () => {
  it('answers /health without touching the database', async () => {
    const res = await app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready when the database answers', async () => {
    const res = await app.inject('/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready' });
  });
});

describe('sign-in', () => {
  it('shows a sign-in form with a CSRF token and the security headers', async () => {
    const res = await app.inject('/sign-in');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="govuk-heading-l">Sign in to Nonsuch</h1>');
    expect(res.body).toMatch(/name="_csrf" value="[^"]+"/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' *(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The inline script the template needs carries the nonce the header allows.
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(res.body).toContain(`<script nonce="${nonce}">`);
  });

  it('signs in with the right credentials, whatever the case of the email, and sets a safe cookie', async () => {
    const agent = new Agent(app);
    const res = await agent.signIn('lead@example.org', user.password);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = res.cookies.find((c) => c.name === '__Host-nonsuch-session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Lead Person');
  });

  it('returns to the page asked for, but never to another site', async () => {
    const agent = new Agent(app);
    await agent.get('/sign-in?next=/boroughs/E09000007');
    expect(
      (
        await agent.post('/sign-in', {
          email: user.email,
          password: user.password,
          next: '/boroughs/E09000007',
        })
      ).headers.location,
    ).toBe('/boroughs/E09000007');
    const other = new Agent(app);
    await other.get('/sign-in');
    const res = await other.post('/sign-in', {
      email: user.email,
      password: user.password,
      next: '//evil.example/',
    });
    expect(res.headers.location).toBe('/');
  });

  it('gives the same message for a wrong password and an unknown account', async () => {
    const wrong = await new Agent(app).signIn(user.email, 'not the password at all');
    const unknown = await new Agent(app).signIn('nobody@example.org', 'not the password at all');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('There is a problem');
      expect(res.body).toContain('Enter a correct email address and password');
      expect(res.body).toContain('<title>Error: Sign in – Nonsuch</title>');
      expect(res.cookies.find((c) => c.name === '__Host-nonsuch-session')).toBeUndefined();
    }
    // The email typed is kept; the password is not.
    expect(wrong.body).toContain(`value="${user.email}"`);
    expect(wrong.body).not.toContain('not the password at all');
  });

  it('asks for both fields when the form is empty', async () => {
    const res = await new Agent(app).signIn('', '');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#email"');
    expect(res.body).toContain('Enter your email address');
    expect(res.body).toContain('Enter your password');
  });

  it('refuses a form posted without its CSRF token', async () => {
    const agent = new Agent(app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in', { email: user.email, password: user.password }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('The form had expired');
  });

  it('signs out, ending the session on the server', async () => {
    const agent = new Agent(app);
    await agent.signIn(user.email, user.password);
    const token = agent.cookies.get('__Host-nonsuch-session');
    await agent.get('/');
    const out = await agent.post('/sign-out');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    expect((await agent.get('/sign-in?signedOut=1')).body).toContain('You have signed out.');
    // Replaying the old cookie no longer works.
    const replay = await app.inject({ url: '/', headers: { cookie: `__Host-nonsuch-session=${token}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in?next=%2F');
  });

  it('slows down repeated attempts from one address', async () => {
    const agent = new Agent(app, { remoteAddress: '192.0.2.10' });
    await agent.get('/sign-in');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await agent.post('/sign-in', { email: 'x@example.org', password: 'y' })).statusCode);
    expect(statuses).toContain(429);
    const last = await agent.post('/sign-in', { email: 'x@example.org', password: 'y' });
    expect(last.body).toContain('Too many attempts');
  });
});

describe('odd and expired input', () => {
  it.each(['/%', '/api/v1/%', '/boroughs/%E0%A4%A'])(
    'refuses the malformed address %s with problem details',
    async (url) => {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.json()).toMatchObject({ status: 400, requestId: res.headers['x-request-id'] });
    },
  );

  it('treats a field sent twice as the form would, never as a server error', async () => {
    const agent = new Agent(app);
    await agent.get('/sign-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/sign-in')).body)?.[1] ?? '';
    const res = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `_csrf=${encodeURIComponent(csrf)}&email=a%40example.org&email=b%40example.org&password=x&password=y`,
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Enter a correct email address and password');
  });

  it('says so when a session ended because it was left idle', async () => {
    const agent = new Agent(app);
    await agent.signIn(user.email, user.password);
    deps.clock.advance(31 * 60_000);
    const res = await agent.get('/boroughs/E09000007');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fboroughs%2FE09000007&expired=1');
    const page = await agent.get(String(res.headers.location));
    expect(page.body).toContain('You were signed out because you had not done anything for a while');
  });

  it('shows a signed-in person their navigation on the API documentation page', async () => {
    const agent = new Agent(app);
    await agent.signIn(user.email, user.password);
    const res = await agent.get('/api/docs');
    expect(res.body).toContain('Sign out');
  });
});

describe('public pages', () => {
  it.each([
    ['/accessibility', 'Accessibility statement for Nonsuch'],
    ['/privacy', 'Privacy notice'],
    ['/api/docs', 'Nonsuch API'],
  ])('%s is readable without signing in', async (url, heading) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(heading);
    // Our brand, not the government’s: no crown, no GOV.UK name in the header, no GDS Transport.
    expect(res.body).not.toMatch(/govuk-logo|govuk-header__logotype|>GOV\.UK<|GDS Transport/);
  });

  it('shows a 404 page in the house style', async () => {
    const res = await app.inject('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Page not found');
  });
});

describe('security headers', () => {
  it('give every page a fresh script nonce, and everything else a policy that loads nothing', async () => {
    const [a, b] = await Promise.all([app.inject('/sign-in'), app.inject('/sign-in')]);
    expect(a.headers['content-security-policy']).not.toBe(b.headers['content-security-policy']);
    const json = await app.inject('/health');
    expect(json.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(a.headers['cross-origin-opener-policy']).toBe('same-origin');
    for (const res of [a, json]) {
      expect(res.headers).toMatchObject({
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      // Served over plain HTTP in tests, so no HSTS and no upgrade of requests.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('add HSTS and upgrade-insecure-requests when the public address is https', async () => {
    const httpsDeps = await testDeps({ PUBLIC_URL: 'https://engagement.example.org' });
    const httpsApp = await testApp(httpsDeps);
    try {
      const res = await httpsApp.inject('/sign-in');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await httpsApp.close();
      await httpsDeps.close();
    }
  });
});

describe('unexpected errors', () => {
  it('a route that does not say who may reach it stops the app from starting', async () => {
    const careless = await buildApp(deps);
    careless.get('/undeclared', async () => 'x');
    await expect(careless.ready()).rejects.toThrow('Routes without declared access: GET /undeclared');
    await careless.close().catch(() => {});
  });

  it('show a page in the house style with a reference, and reveal nothing of the cause', async () => {
    const failing = await buildApp(deps);
    failing.get('/fails', { config: { access: 'public' } }, async () => {
      throw new Error('connection string postgres://secret@db');
    });
    failing.get('/api/v1/fails', { config: { access: 'public' } }, async () => {
      throw new Error('connection string postgres://secret@db');
    });
    await failing.ready();
    try {
      const page = await failing.inject('/fails');
      expect(page.statusCode).toBe(500);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Sorry, there is a problem with the service');
      expect(page.body).toContain(String(page.headers['x-request-id']));
      expect(page.body).not.toContain('secret');

      const api = await failing.inject('/api/v1/fails');
      expect(api.statusCode).toBe(500);
      expect(api.headers['content-type']).toContain('application/problem+json');
      expect(api.json()).toMatchObject({ status: 500, requestId: api.headers['x-request-id'] });
      expect(api.body).not.toContain('secret');
    } finally {
      await failing.close();
    }
  });
});
