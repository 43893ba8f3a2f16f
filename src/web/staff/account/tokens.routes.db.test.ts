import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { closeApp, type RouteTestApp, routeTestApp } from '../../../../test/harness.ts';

let app: FastifyInstance;
let agent: Agent;
let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp();
  ({ app, agent } = t);
});
afterAll(() => closeApp(t));

const api = (token: string) =>
  app.inject({ url: '/api/v1/boroughs', headers: { authorization: `Bearer ${token}` } });

describe('API tokens page', () => {
  it('creates a token, shows it once, and the token opens the API', async () => {
    await agent.get('/account/tokens');
    const res = await agent.post('/account/tokens', { name: 'Monthly report' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const token = /id="new-token">(nst_[A-Za-z0-9_-]+)</.exec(res.body)?.[1] ?? '';
    expect(token).toMatch(/^nst_[A-Za-z0-9_-]{43}$/);
    expect((await api(token)).statusCode).toBe(200);

    const again = await agent.get('/account/tokens');
    expect(again.body).toContain('Monthly report');
    expect(again.body).not.toContain(token);
  });

  it('asks for a name', async () => {
    await agent.get('/account/tokens');
    const res = await agent.post('/account/tokens', { name: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#name"');
  });

  it('revokes a token, after which the API refuses it', async () => {
    await agent.get('/account/tokens');
    const created = await agent.post('/account/tokens', { name: 'Short-lived' });
    const token = /id="new-token">(nst_[A-Za-z0-9_-]+)</.exec(created.body)?.[1] ?? '';
    const id =
      /action="\/account\/tokens\/([0-9a-f-]{36})\/revoke"(?:(?!<\/form>)[\s\S])*?Revoke<span class="govuk-visually-hidden"> Short-lived</.exec(
        created.body,
      )?.[1];
    expect(id).toBeDefined();
    const res = await agent.post(`/account/tokens/${id}/revoke`);
    expect(res.statusCode).toBe(303);
    expect((await agent.get('/account/tokens?revoked=1')).body).toContain('Token revoked');
    expect((await api(token)).statusCode).toBe(401);
  });

  it('cannot revoke without the form token', async () => {
    const res = await agent.post(
      '/account/tokens/00000000-0000-4000-8000-000000000000/revoke',
      {},
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
  });
});
