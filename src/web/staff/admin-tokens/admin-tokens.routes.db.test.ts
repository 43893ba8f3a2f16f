import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  signedInAgent,
  type TestDeps,
} from '../../../../test/harness.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { createApiToken } from '../../../domain/access/create-api-token.ts';

let t: RouteTestApp;
let admin: Agent;

/**
 * A browser holding a complete session for the user, made directly in the database: administrators
 * must pass two-factor authentication to sign in through the form, which these tests are not about.
 */
const signedInAs = (deps: TestDeps, userId: string): Promise<Agent> => signedInAgent(deps, t.app, userId);

const api = (token: string) =>
  t.app.inject({ url: '/api/v1/boroughs', headers: { authorization: `Bearer ${token}` } });

/** The table row of one token, as HTML. */
const rowOf = (html: string, id: string) =>
  new RegExp(`<tr class="govuk-table__row" id="token-${id}">[\\s\\S]*?</tr>`).exec(html)?.[0];

beforeAll(async () => {
  // t.agent is signed in as an analyst, who owns t.token.
  t = await routeTestApp({ displayName: 'Ana Analyst' });
  const administrator = await givenUser(t.deps, { role: 'administrator', displayName: 'Ada Admin' });
  admin = await signedInAs(t.deps, administrator.id);
});
afterAll(() => closeApp(t));

describe('all API tokens, for administrators', () => {
  it("lists every user's tokens with owner, name, hint, dates and status", async () => {
    const lead = await givenUser(t.deps, {
      role: 'borough_lead',
      boroughs: ['E09000022'],
      displayName: 'Lee Lead',
    });
    const created = await createApiToken(contextFor(t.deps, operator('test')), {
      userId: lead.id,
      name: 'Lambeth dashboard',
    });
    expect((await api(created.token)).statusCode).toBe(200);

    const res = await admin.get('/api-tokens');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const row = rowOf(res.body, created.id);
    expect(row).toContain('Lee Lead');
    expect(row).toContain(lead.email);
    expect(row).toContain('Lambeth dashboard');
    expect(row).toContain(`${created.token.slice(0, 10)}…`);
    expect(row).toContain('22 Nov 2026, 09:00');
    expect(row).toContain('Active');
    expect(row).toContain(`action="/api-tokens/${created.id}/revoke"`);
    expect(res.body).toContain('route tests');
    expect(res.body).not.toContain(created.token);
  });

  it("revokes another user's token, which stops working at once and is audited", async () => {
    const { id, token } = await createApiToken(contextFor(t.deps, operator('test')), {
      userId: t.user.id,
      name: 'To be revoked',
    });
    await admin.get('/api-tokens');
    const res = await admin.post(`/api-tokens/${id}/revoke`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/api-tokens?revoked=1');
    expect((await api(token)).statusCode).toBe(401);

    const page = await admin.get('/api-tokens?revoked=1');
    expect(page.body).toContain('Token revoked. It no longer works.');
    const row = rowOf(page.body, id);
    expect(row).toContain('Revoked');
    expect(row).not.toContain('/revoke"');
    // Live tokens come first.
    expect(page.body.indexOf(`id="token-${id}"`)).toBeGreaterThan(page.body.indexOf('route tests'));

    const audit = await admin.get(`/audit?entityType=api-token&entityId=${id}`);
    expect(audit.body).toContain('API token “To be revoked” revoked');
    expect(audit.body).toContain('Ada Admin');
  });

  it('is refused to anyone else, who cannot revoke either', async () => {
    const page = await t.agent.get('/api-tokens');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('You do not have permission to see this page');

    const lead = await givenUser(t.deps, { role: 'programme_lead' });
    const { id, token } = await createApiToken(contextFor(t.deps, operator('test')), {
      userId: lead.id,
      name: 'Not yours',
    });
    await t.agent.get('/account/tokens');
    // Someone else's token answers as if it did not exist.
    expect((await t.agent.post(`/api-tokens/${id}/revoke`)).statusCode).toBe(404);
    expect((await api(token)).statusCode).toBe(200);
  });

  it('needs the form token to revoke', async () => {
    const res = await admin.post(
      '/api-tokens/00000000-0000-4000-8000-000000000000/revoke',
      {},
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
  });

  it('answers 404 for a token that does not exist', async () => {
    await admin.get('/api-tokens');
    expect((await admin.post('/api-tokens/not-a-token/revoke')).statusCode).toBe(404);
  });
});
