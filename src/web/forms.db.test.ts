import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../test/agent.ts';
import { closeApp, type RouteTestApp, routeTestApp } from '../../test/harness.ts';

/** Hostile and random input at every form: a clear answer each time, never a server error. */

let app: FastifyInstance;
let agent: Agent;
let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp();
  ({ app, agent } = t);
});
afterAll(() => closeApp(t));

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '\u0000',
    '%00',
    '../../etc/passwd',
    '{{ 7*7 }}',
  ),
  fc.string({ minLength: 300, maxLength: 5000 }),
);
const field = fc.oneof(hostile, fc.array(hostile, { minLength: 2, maxLength: 3 }));

/** A urlencoded body with the given fields (arrays become repeated fields). */
function body(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) params.append(k, one);
  return params.toString();
}

async function post(url: string, fields: Record<string, string | string[]>) {
  // Sign-in is posted by someone not yet signed in; the token form by a signed-in user.
  const client = url === '/sign-in' ? new Agent(app) : agent;
  const page = await client.get(url === '/sign-in' ? '/sign-in' : '/account/tokens');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return app.inject({
    method: 'POST',
    url,
    remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: body({ _csrf: csrf, ...fields }),
  });
}

describe('forms under random and hostile input', () => {
  it('sign-in answers 400 or 401 with the form, never 500 or a redirect, and echoes nothing unescaped', async () => {
    await fc.assert(
      fc.asyncProperty(field, field, field, async (email, password, next) => {
        const res = await post('/sign-in', { email, password, next });
        // No random input is anyone's credentials: the form comes back with its message.
        expect([400, 401]).toContain(res.statusCode);
        expect(res.body).toContain('There is a problem');
        expect(res.body).not.toContain('<script>alert(1)</script>');
      }),
      { numRuns: 40 },
    );
  });

  it('creating an API token answers 200 or 400, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(field, async (name) => {
        const res = await post('/account/tokens', { name });
        expect([200, 400]).toContain(res.statusCode);
        expect(res.body).not.toContain('<script>alert(1)</script>');
      }),
      { numRuns: 40 },
    );
  });

  it('revoking answers 303 or 404 for any id, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uuid(), fc.string({ minLength: 1 }).map(encodeURIComponent)),
        async (id) => {
          const page = await agent.get('/account/tokens');
          expect(page.statusCode).toBe(200);
          const res = await agent.post(`/account/tokens/${id}/revoke`);
          expect([303, 404]).toContain(res.statusCode);
        },
      ),
      { numRuns: 30 },
    );
  });
});
