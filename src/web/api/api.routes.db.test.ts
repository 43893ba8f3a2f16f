import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  type TestDeps,
} from '../../../test/harness.ts';
import { contextFor } from '../../deps.ts';
import { operator } from '../../domain/access/actor.ts';
import { createApiToken } from '../../domain/access/create-api-token.ts';
import { disableUser } from '../../domain/access/disable-user.ts';

let deps: TestDeps;
let app: FastifyInstance;
let token: string;
let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp();
  ({ deps, app, token } = t);
});
afterAll(() => closeApp(t));

const get = (url: string, bearer?: string) =>
  app.inject({ url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

describe('GET /api/v1/boroughs', () => {
  it('answers 401 problem+json without a token', async () => {
    const res = await get('/api/v1/boroughs');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="nonsuch"');
    expect(res.json()).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      instance: '/api/v1/boroughs',
      detail: 'Send a valid personal access token as Authorization: Bearer <token>.',
    });
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });

  it.each(['nst_not-a-real-token', 'garbage', ''])('answers 401 for the token %j', async (bad) => {
    const res = await app.inject({ url: '/api/v1/boroughs', headers: { authorization: `Bearer ${bad}` } });
    expect(res.statusCode).toBe(401);
  });

  it('lists the 33 areas with their GSS codes for a valid token', async () => {
    const res = await get('/api/v1/boroughs', token);
    expect(res.statusCode).toBe(200);
    const { data } = res.json() as {
      data: { gssCode: string; name: string; bcu: unknown; policeForce: { code: string } }[];
    };
    expect(data).toHaveLength(33);
    expect(data.map((b) => b.gssCode).sort()).toEqual(
      Array.from({ length: 33 }, (_, i) => `E09${String(i + 1).padStart(6, '0')}`),
    );
    const city = data.find((b) => b.gssCode === 'E09000001');
    expect(city).toMatchObject({
      name: 'City of London',
      bcu: null,
      policeForce: { code: 'city-of-london' },
    });
  });
});

describe('GET /api/v1/boroughs/{code}', () => {
  it('returns one area', async () => {
    const res = await get('/api/v1/boroughs/E09000007', token);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      gssCode: 'E09000007',
      name: 'Camden',
      bcu: { code: 'CN', name: 'Central North' },
      links: { self: '/api/v1/boroughs/E09000007', page: '/boroughs/E09000007' },
    });
  });

  it('answers 404 problem+json for an unknown code', async () => {
    const res = await get('/api/v1/boroughs/E09000099', token);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('E09000099');
  });

  it('answers 400 problem+json naming the field for an over-long code', async () => {
    const res = await get(`/api/v1/boroughs/${'E'.repeat(30)}`, token);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toHaveProperty('code');
  });
});

describe('a disabled user', () => {
  it('loses API access at once', async () => {
    const other = await givenUser(deps);
    const ctx = contextFor(deps, operator('test'));
    const otherToken = (await createApiToken(ctx, { userId: other.id, name: 'x' })).token;
    expect((await get('/api/v1/boroughs', otherToken)).statusCode).toBe(200);
    await disableUser(ctx, { email: other.email });
    expect((await get('/api/v1/boroughs', otherToken)).statusCode).toBe(401);
  });
});

describe('OpenAPI document', () => {
  it('is valid OpenAPI and lists every /api/v1 route', async () => {
    const res = await get('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const registered = app.routeTable
      .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    expect(documented).toEqual(registered);
    expect(registered).toEqual(
      [
        'GET /api/v1/boroughs',
        'GET /api/v1/boroughs/{code}',
        'GET /api/v1/boroughs/{code}/amp',
        'GET /api/v1/boroughs/{code}/constituencies',
        'GET /api/v1/boroughs/{code}/proposals',
        'GET /api/v1/boroughs/{code}/sites',
        'GET /api/v1/boroughs/{code}/wards',
        'GET /api/v1/openapi.json',
        'GET /api/v1/proposals/{id}',
        'GET /api/v1/proposals/{id}/versions/compare',
        'GET /api/v1/sites/{id}',
        'GET /api/v1/organisations',
        'GET /api/v1/organisations/{id}',
        'GET /api/v1/segments/{id}/members',
        'GET /api/v1/stakeholders',
        'GET /api/v1/stakeholders/{id}',
        'PATCH /api/v1/organisations/{id}',
        'PATCH /api/v1/stakeholders/{id}',
        'POST /api/v1/organisations',
        'POST /api/v1/stakeholders',
      ].sort(),
    );
  });

  it('is rendered as a readable page', async () => {
    const res = await get('/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('GET /api/v1/boroughs/{code}');
  });
});

describe('the committed API description', () => {
  it('matches the document the app serves (regenerate with npm run docs:api)', async () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../docs/api/openapi.json', import.meta.url), 'utf8'),
    );
    expect((await get('/api/v1/openapi.json')).json()).toEqual(committed);
  });
});
