import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import { givenUser, type TestDeps, testApp, testDeps } from '../../../test/harness.ts';
import { type RunningProvider, signInAtProvider, startOidcProvider } from '../../../test/oidc-provider.ts';
import { auditEvents, sessions } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { operator } from '../../domain/access/actor.ts';
import { disableUser } from '../../domain/access/disable-user.ts';
import { findUserByEmail } from '../../domain/access/users.repo.ts';

const publicUrl = 'http://nonsuch.test';
const redirectUri = `${publicUrl}/sign-in/sso/callback`;
const client = { OIDC_CLIENT_ID: 'nonsuch', OIDC_CLIENT_SECRET: 'a client secret for the tests' };
const refused =
  'You cannot sign in to Nonsuch with this account. Ask your Nonsuch administrator if you think you should be able to.';

let provider: RunningProvider;
let deps: TestDeps;
let app: FastifyInstance;
let analyst: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  provider = await startOidcProvider({
    clientId: client.OIDC_CLIENT_ID,
    clientSecret: client.OIDC_CLIENT_SECRET,
    redirectUri,
    accounts: [
      // The provider's spelling of the address differs in case from Nonsuch's.
      { id: 'ada', email: 'Ada.Analyst@Example.org', email_verified: true },
      { id: 'lead', email: 'lead@example.org', email_verified: true },
      { id: 'unverified', email: 'una@example.org', email_verified: false },
      { id: 'stranger', email: 'nobody@example.org', email_verified: true },
      { id: 'leaver', email: 'leaver@example.org', email_verified: true },
    ],
  });
  deps = await testDeps({
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: provider.issuer,
    ...client,
    OIDC_DISPLAY_NAME: 'Police account',
  });
  app = await testApp(deps);
  analyst = await givenUser(deps, {
    email: 'ada.analyst@example.org',
    displayName: 'Ada Analyst',
    role: 'borough_lead',
    boroughs: ['E09000022'],
  });
  await givenUser(deps, { email: 'lead@example.org', role: 'programme_lead' });
  await givenUser(deps, { email: 'una@example.org' });
  await givenUser(deps, { email: 'leaver@example.org' });
  await disableUser(contextFor(deps, operator('test')), { email: 'leaver@example.org' });
});

afterAll(async () => {
  await app?.close();
  await deps?.close();
  await provider?.close();
});

/** Starts single sign-on in Nonsuch, signs in at the provider as the account, and comes back. */
async function signInThroughProvider(agent: Agent, accountId: string, next?: string) {
  const start = await agent.get(`/sign-in/sso${next ? `?${new URLSearchParams({ next })}` : ''}`);
  expect(start.statusCode).toBe(303);
  const back = await signInAtProvider(String(start.headers.location), accountId, redirectUri);
  return { start, back, response: await agent.get(`${back.pathname}${back.search}`) };
}

const auditRows = () => deps.db.select().from(auditEvents);

describe('the sign-in page', () => {
  it('offers single sign-on under the configured name, carrying the page asked for', async () => {
    const res = await app.inject('/sign-in?next=/boroughs/E09000022');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      '<a href="/sign-in/sso?next=%2Fboroughs%2FE09000022" id="sign-in-sso" class="govuk-button govuk-button--secondary" draggable="false">Sign in with Police account</a>',
    );
  });
});

describe('single sign-on', () => {
  it('sends the browser to the provider with PKCE, a state and a nonce, remembered in a signed cookie', async () => {
    const agent = new Agent(app);
    const res = await agent.get('/sign-in/sso');
    expect(res.statusCode).toBe(303);
    const to = new URL(String(res.headers.location));
    expect(to.origin).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: 'nonsuch',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
    });
    const cookie = res.cookies.find((c) => c.name === '__Host-nonsuch-sso');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: 600 });
    // The verifier never leaves for the provider: only its challenge does.
    expect(to.href).not.toContain(
      JSON.parse(Buffer.from(String(cookie?.value).split('.')[0] ?? '', 'base64url').toString()).verifier,
    );
  });

  it('signs in the person whose verified e-mail matches, keeping their Nonsuch role and boroughs', async () => {
    const agent = new Agent(app);
    const { response } = await signInThroughProvider(agent, 'ada', '/boroughs/E09000022');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/boroughs/E09000022');
    const session = response.cookies.find((c) => c.name === '__Host-nonsuch-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    // The attempt is used up.
    expect(agent.cookies.has('__Host-nonsuch-sso')).toBe(false);

    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Ada Analyst');

    const rows = await deps.db.select().from(sessions).where(eq(sessions.userId, analyst.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ method: 'single-sign-on', stage: 'complete' });
    const user = await findUserByEmail(deps.db, analyst.email);
    expect(user).toMatchObject({ role: 'borough_lead', boroughs: ['E09000022'] });
    expect(
      (await auditRows()).filter((r) => r.action === 'signed-in' && r.actorUserId === analyst.id),
    ).toEqual([
      expect.objectContaining({ summary: 'Ada Analyst signed in (single sign-on)', refused: false }),
    ]);
  });

  it('still asks for the second factor when the role requires one', async () => {
    const agent = new Agent(app);
    const { response } = await signInThroughProvider(agent, 'lead', '/boroughs/E09000022');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in/two-factor/set-up?next=%2Fboroughs%2FE09000022');
    const lead = await findUserByEmail(deps.db, 'lead@example.org');
    const rows = await deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, lead?.id ?? ''));
    expect(rows.map((r) => [r.method, r.stage])).toEqual([['single-sign-on', 'enrol-second-factor']]);
    // Not signed in yet: staff pages still send the browser to sign in.
    expect((await agent.get('/')).statusCode).toBe(303);
  });

  it.each([
    ['unverified', 'una@example.org', 'the provider has not verified the email address'],
    ['stranger', 'nobody@example.org', 'no such account'],
    ['leaver', 'leaver@example.org', 'account disabled'],
  ])(
    'refuses the %s account with the same message, and keeps the reason on record',
    async (id, email, reason) => {
      const agent = new Agent(app);
      const { response } = await signInThroughProvider(agent, id);
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('There is a problem');
      expect(response.body).toContain(`<a href="#sign-in-sso">${refused}</a>`);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.cookies.some((c) => c.name === '__Host-nonsuch-session')).toBe(false);
      expect((await agent.get('/')).statusCode).toBe(303);
      const rows = (await auditRows()).filter(
        (r) => r.action === 'sign-in-refused' && (r.newValues as { email?: string } | null)?.email === email,
      );
      expect(rows).toEqual([
        expect.objectContaining({ summary: `Single sign-on refused: ${reason}`, refused: true }),
      ]);
    },
  );

  it('refuses an answer whose state was tampered with', async () => {
    const agent = new Agent(app);
    const start = await agent.get('/sign-in/sso');
    const back = await signInAtProvider(String(start.headers.location), 'ada', redirectUri);
    back.searchParams.set('state', 'not-the-state-this-browser-was-given');
    const res = await agent.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Signing in with Police account did not work. Try again.');
    expect(res.cookies.some((c) => c.name === '__Host-nonsuch-session')).toBe(false);
    expect(
      (await auditRows()).some(
        (r) =>
          r.summary ===
          'Single sign-on failed: unexpected "state" response parameter value (OAUTH_INVALID_RESPONSE)',
      ),
    ).toBe(true);
  });

  it('refuses an answer that reaches a browser which did not start the sign-in', async () => {
    const started = new Agent(app);
    const start = await started.get('/sign-in/sso');
    const back = await signInAtProvider(String(start.headers.location), 'ada', redirectUri);
    const other = new Agent(app);
    const res = await other.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Signing in with Police account did not work. Try again.');
    expect(res.cookies.some((c) => c.name === '__Host-nonsuch-session')).toBe(false);
  });

  it('refuses a forged attempt cookie', async () => {
    const agent = new Agent(app);
    const start = await agent.get('/sign-in/sso');
    const back = await signInAtProvider(String(start.headers.location), 'ada', redirectUri);
    const signed = agent.cookies.get('__Host-nonsuch-sso') ?? '';
    const [value = '', signature = ''] = signed.split('.');
    const attempt = JSON.parse(Buffer.from(value, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...attempt, next: '/elsewhere' })).toString('base64url');
    agent.cookies.set('__Host-nonsuch-sso', `${forged}.${signature}`);
    const res = await agent.get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(400);
    expect(res.cookies.some((c) => c.name === '__Host-nonsuch-session')).toBe(false);
  });

  it('shows the provider saying no (the person cancelled) on the sign-in page', async () => {
    const agent = new Agent(app);
    const start = await agent.get('/sign-in/sso');
    const state = new URL(String(start.headers.location)).searchParams.get('state') ?? '';
    const res = await agent.get(
      `/sign-in/sso/callback?${new URLSearchParams({ error: 'access_denied', state, iss: provider.issuer })}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Signing in with Police account did not work. Try again.');
    expect(
      (await auditRows()).some(
        (r) => r.summary === 'Single sign-on failed: the provider answered access_denied',
      ),
    ).toBe(true);
  });
});

describe('single sign-on when the provider is down', () => {
  it('starts, and says so on the sign-in page rather than failing', async () => {
    // A port that nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const downDeps = await testDeps({ OIDC_ISSUER: `http://127.0.0.1:${port}`, ...client });
    const downApp = await testApp(downDeps);
    try {
      const res = await new Agent(downApp).get('/sign-in/sso');
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain(
        'Sign-in with your organisation’s account is not available at the moment. Try again later, or sign in with your email address and password.',
      );
      expect(res.body).toContain('<h1 class="govuk-heading-l">Sign in to Nonsuch</h1>');
    } finally {
      await downApp.close();
      await downDeps.close();
    }
  });
});

describe('without single sign-on configured', () => {
  it('offers no link and answers 404', async () => {
    const plainDeps = await testDeps();
    const plainApp = await testApp(plainDeps);
    try {
      expect((await plainApp.inject('/sign-in')).body).not.toContain('/sign-in/sso');
      expect((await plainApp.inject('/sign-in/sso')).statusCode).toBe(404);
      expect((await plainApp.inject('/sign-in/sso/callback?code=x&state=y')).statusCode).toBe(404);
    } finally {
      await plainApp.close();
      await plainDeps.close();
    }
  });
});
