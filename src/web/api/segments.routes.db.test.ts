import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, givenUser, type RouteTestApp, routeTestApp } from '../../../test/harness.ts';
import { contextFor } from '../../deps.ts';
import { operator } from '../../domain/access/actor.ts';
import { createApiToken } from '../../domain/access/create-api-token.ts';
import { actorOf } from '../../domain/access/users.repo.ts';
import { createPerson } from '../../domain/stakeholders/create-person.ts';
import { recordConsent } from '../../domain/stakeholders/record-consent.ts';
import { createSegment } from '../../domain/stakeholders/segments/create-segment.ts';
import { suppress } from '../../domain/stakeholders/suppression.ts';

/** GET /api/v1/segments/{id}/members: pages of members with whether each can be e-mailed, scoped like the pages. */

const lambeth = 'E09000022';
const camden = 'E09000007';
const missing = '00000000-0000-4000-8000-000000000000';

let t: RouteTestApp;
let segmentId: string;
const tokens: Record<string, string> = {};

async function tokenOf(overrides: Parameters<typeof givenUser>[1]): Promise<string> {
  const user = await givenUser(t.deps, overrides);
  return (await createApiToken(contextFor(t.deps, operator('test')), { userId: user.id, name: 'api test' }))
    .token;
}

const get = (url: string, token = t.token) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  tokens.camden = await tokenOf({ role: 'borough_lead', boroughs: [camden] });
  tokens.analyst = await tokenOf({ role: 'analyst' });
  const ctx = contextFor(t.deps, actorOf(t.user));
  const person = async (fullName: string, emails: string[]) =>
    createPerson(ctx, {
      fullName,
      emails,
      roleIds: ['ward-panel-chair'],
      lastVerifiedOn: '2026-06-01',
      places: [{ kind: 'borough', code: lambeth }],
    });
  const ada = await person('Ada Given', ['ada@example.org']);
  const bea = await person('Bea Withdrawn', ['bea@example.org']);
  await person('Cy Noaddress', []);
  await person('Dot Noconsent', ['dot@example.org']);
  const eve = await person('Eve Suppressed', ['eve@example.org']);
  const consent = (personId: string, event: 'given' | 'withdrawn', occurredOn: string) =>
    recordConsent(ctx, {
      personId,
      event,
      occurredOn,
      method: 'web-form',
      wordingVersion: 'v2',
      evidence: 'Form',
    });
  await consent(ada.id, 'given', '2026-11-01');
  await consent(bea.id, 'given', '2026-10-01');
  await consent(bea.id, 'withdrawn', '2026-11-01');
  await consent(eve.id, 'given', '2026-11-01');
  await suppress(t.deps.db, ['eve@example.org'], 'unsubscribed', t.deps.clock.now());
  ({ id: segmentId } = await createSegment(ctx, {
    name: 'Ward panel chairs',
    areaCode: lambeth,
    roleId: 'ward-panel-chair',
  }));
});
afterAll(() => closeApp(t));

describe('GET /api/v1/segments/{id}/members', () => {
  it('lists the members with whether each can be e-mailed and why not', async () => {
    const res = await get(`/api/v1/segments/${segmentId}/members`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.segment).toEqual({
      id: segmentId,
      name: 'Ward panel chairs',
      borough: { gssCode: lambeth, name: 'Lambeth' },
      memberCount: 5,
    });
    expect(body.next).toBeNull();
    expect(body.data[0]).toEqual({
      id: expect.any(String),
      fullName: 'Ada Given',
      email: 'ada@example.org',
      organisations: [],
      roles: ['Ward panel chair'],
      boroughs: ['Lambeth'],
      consent: 'given',
      topHundredRank: null,
      lastVerifiedOn: '2026-06-01',
      stale: false,
      emailable: true,
      excludedBecause: null,
    });
    expect(
      body.data.map((m: { fullName: string; emailable: boolean; excludedBecause: string | null }) => [
        m.fullName,
        m.emailable,
        m.excludedBecause,
      ]),
    ).toEqual([
      ['Ada Given', true, null],
      ['Bea Withdrawn', false, 'withdrawn'],
      ['Cy Noaddress', false, 'no-email'],
      ['Dot Noconsent', false, 'no-consent'],
      ['Eve Suppressed', false, 'suppressed'],
    ]);
  });

  it('pages by the cursor it gives, without repeating or skipping anyone', async () => {
    const seen: string[] = [];
    let url = `/api/v1/segments/${segmentId}/members?limit=2`;
    for (let pages = 0; pages < 5; pages += 1) {
      const body = (await get(url)).json();
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((m: { fullName: string }) => m.fullName));
      if (body.next === null) break;
      url = `/api/v1/segments/${segmentId}/members?limit=2&after=${encodeURIComponent(body.next)}`;
    }
    expect(seen).toEqual(['Ada Given', 'Bea Withdrawn', 'Cy Noaddress', 'Dot Noconsent', 'Eve Suppressed']);
    // A cursor edited by hand starts again from the first page.
    for (const after of [
      'rubbish',
      Buffer.from(JSON.stringify(['a\u0000', '-'.repeat(36)])).toString('base64url'),
    ]) {
      const res = await get(`/api/v1/segments/${segmentId}/members?limit=1&after=${after}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().data[0].fullName).toBe('Ada Given');
    }
  });

  it('answers a bad page size with a problem naming it', async () => {
    for (const limit of ['0', '201', 'ten', '-1']) {
      const res = await get(`/api/v1/segments/${segmentId}/members?limit=${limit}`);
      expect(res.statusCode, limit).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(Object.keys(res.json().errors)).toEqual(['limit']);
    }
  });

  it('answers 404 for another borough’s segment exactly as for a missing one, 403 to a role that sees no stakeholders, and 401 without a token', async () => {
    const found = await get(`/api/v1/segments/${segmentId}/members`, tokens.camden);
    const none = await get(`/api/v1/segments/${missing}/members`, tokens.camden);
    expect(found.statusCode).toBe(404);
    expect(found.headers['content-type']).toContain('application/problem+json');
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, requestId: undefined });
    expect(strip(found.json())).toEqual(strip(none.json()));
    expect(found.body).not.toContain('Ward panel chairs');
    expect((await get(`/api/v1/segments/not-a-uuid/members`)).statusCode).toBe(404);
    expect((await get(`/api/v1/segments/${segmentId}/members`, tokens.analyst)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/segments/${segmentId}/members` })).statusCode,
    ).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    const operation = doc.paths['/api/v1/segments/{id}/members'].get;
    expect(operation.summary).toBe('The members of a segment');
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(doc.components.schemas.SegmentMember.properties.excludedBecause).toBeDefined();
  });
});
