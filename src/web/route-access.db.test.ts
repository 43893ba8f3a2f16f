import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../test/agent.ts';
import { closeApp, type RouteTestApp, routeTestApp } from '../../test/harness.ts';
import { routeAccess } from './route-access.ts';

/**
 * The route conformance test: it walks the whole route table, so a new route is covered the
 * moment it exists. Each route must declare its access, and must admit and turn away exactly as
 * that declaration says — for someone not signed in, a signed-in person, and an API token.
 */

let app: FastifyInstance;
let staff: Agent;
let token: string;
let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp();
  ({ app, agent: staff, token } = t);
});
afterAll(() => closeApp(t));

/** A concrete address for a route pattern. */
const sample: Record<string, string> = {
  code: 'E09000007',
  id: '00000000-0000-4000-8000-000000000000',
  '*': 'icon-document.svg',
};
const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => sample[name] ?? 'x').replace('*', sample['*'] ?? 'x');

const routes = () => app.routeTable.filter((r) => r.method !== 'HEAD');

describe('every route', () => {
  it('declares who may reach it', () => {
    expect(routes().length).toBeGreaterThan(10);
    for (const r of routes()) expect(routeAccess, `${r.method} ${r.url}`).toContain(r.config.access);
  });

  it('turns away someone who is not signed in exactly as declared', async () => {
    for (const r of routes()) {
      const res = await app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        remoteAddress: '10.200.0.1',
      });
      const where = `${r.method} ${r.url} (${r.config.access})`;
      if (r.config.access === 'staff') {
        expect(res.statusCode, where).toBe(303);
        expect(String(res.headers.location), where).toMatch(/^\/sign-in/);
      } else if (r.config.access === 'api') {
        expect(res.statusCode, where).toBe(401);
        expect(res.headers['content-type'], where).toContain('application/problem+json');
      } else {
        expect(res.statusCode, where).not.toBe(401);
        expect(String(res.headers.location ?? ''), where).not.toMatch(/^\/sign-in\?next/);
        expect(res.statusCode, where).toBeLessThan(500);
      }
    }
  });

  it('admits a signed-in person to staff routes (their forms still need the form token)', async () => {
    for (const r of routes().filter((x) => x.config.access === 'staff')) {
      const where = `${r.method} ${r.url}`;
      if (r.method === 'GET') {
        // Admitted: what the person may then do is the role's business (permission-conformance.db.test.ts).
        const res = await staff.get(concrete(r.url));
        expect(res.statusCode, where).toBeLessThan(500);
        expect(String(res.headers.location ?? ''), where).not.toMatch(/^\/sign-in/);
      } else {
        const res = await staff.post(concrete(r.url), {}, { csrf: false });
        expect(res.statusCode, where).toBe(403);
      }
    }
  });

  it('admits an API token to API routes, and a session cookie alone does not', async () => {
    for (const r of routes().filter((x) => x.config.access === 'api')) {
      const where = `${r.method} ${r.url}`;
      const withToken = await app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        headers: { authorization: `Bearer ${token}` },
      });
      // Admitted: found, not found, a 400 naming what is wrong with the request, or a 403 from the
      // policy (the token's owner is an analyst, who may not read stakeholders) — never a 401.
      expect([200, 400, 403, 404], where).toContain(withToken.statusCode);
      const withCookie = await app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        headers: { cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      expect(withCookie.statusCode, where).toBe(401);
    }
  });
});
