import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../test/agent.ts';
import { signedInAgent, type TestDeps, testApp, testDeps } from '../../test/harness.ts';
import { auditEvents } from '../db/schema/index.ts';
import { aUser } from '../demo/builders.ts';
import { contextFor } from '../deps.ts';
import { operator, type Role, roles } from '../domain/access/actor.ts';
import { createApiToken } from '../domain/access/create-api-token.ts';
import { createUser } from '../domain/access/create-user.ts';
import { createProposal } from '../domain/estate/create-proposal.ts';
import { createSite } from '../domain/estate/create-site.ts';
import { type Expectation, everyone } from './route-expectations.ts';
import { personalDataAccess } from './staff/personal-data/access.expectations.ts';
import { stakeholderImportAccess } from './staff/stakeholder-import/access.expectations.ts';
import { stakeholderListAccess } from './staff/stakeholder-list/access.expectations.ts';
import { stakeholderRecordAccess } from './staff/stakeholders/access.expectations.ts';
import { topHundredAccess } from './staff/top-hundred/access.expectations.ts';

/**
 * The permission conformance suite. It walks the route table: every staff route must have an
 * expectation here naming the roles that may use it, and the suite fails when a route has none.
 * Then, as each role, it checks that allowed routes are reached and the others are refused (403,
 * with the denial in the audit trail). Borough scoping is checked through pages and the API: a
 * borough lead for Lambeth finds nothing of Camden, exactly as if it did not exist.
 */

const lambeth = 'E09000022';
const camden = 'E09000007';

/** Programme leads anywhere and borough leads in their boroughs change the estate. */
const estateEditors: readonly Role[] = ['programme_lead', 'borough_lead'];

/** Who may use each staff route. A route missing here fails the suite. */
const staffRoutes: Readonly<Record<string, Expectation>> = {
  'GET /': everyone,
  'GET /boroughs/:code': everyone,
  'GET /account/tokens': everyone,
  'POST /account/tokens': everyone,
  'POST /account/tokens/:id/revoke': everyone,
  'GET /account': everyone,
  'GET /account/password': everyone,
  'POST /account/password': everyone,
  'GET /account/sessions': everyone,
  'POST /account/sessions/:id/end': everyone,
  'POST /account/sessions/end-others': everyone,
  'GET /account/two-factor': everyone,
  'GET /account/two-factor/set-up': everyone,
  'POST /account/two-factor/set-up': everyone,
  'POST /account/two-factor/recovery-codes': everyone,
  'GET /account/two-factor/turn-off': everyone,
  'POST /account/two-factor/turn-off': everyone,
  'GET /boroughs/:code/sites': everyone,
  'GET /boroughs/:code/amp': everyone,
  'POST /boroughs/:code/amp/agree': ['programme_lead'],
  'GET /sites/new': estateEditors,
  'POST /sites/new': estateEditors,
  'GET /sites/:id': everyone,
  'GET /sites/:id/edit': estateEditors,
  'POST /sites/:id/edit': estateEditors,
  'GET /sites/:id/proposals/new': estateEditors,
  'POST /sites/:id/proposals/new': estateEditors,
  'GET /proposals/:id': everyone,
  'GET /proposals/:id/edit': estateEditors,
  'POST /proposals/:id/edit': estateEditors,
  'GET /proposals/:id/compare': everyone,
  'POST /settings/planning': ['administrator'],
  'GET /estate/import': estateEditors,
  'POST /estate/import': estateEditors,
  'GET /estate/imports/:id': estateEditors,
  'POST /estate/imports/:id/commit': estateEditors,
  'GET /estate/sites.csv': everyone,
  'GET /estate/sites.xlsx': everyone,
  'GET /estate/proposals.csv': everyone,
  'GET /estate/proposals.xlsx': everyone,
  'GET /timetable': everyone,
  'GET /timetable.ics': everyone,
  'GET /boroughs/:code/timetable': everyone,
  'GET /boroughs/:code/timetable.ics': everyone,
  'GET /timetable/subscribe': everyone,
  'POST /timetable/subscribe': everyone,
  'POST /timetable/subscribe/revoke': everyone,
  'GET /reference-data': ['administrator'],
  'POST /reference-data': ['administrator'],
  'GET /settings': ['administrator'],
  'POST /settings': ['administrator'],
  'GET /users': ['administrator'],
  'GET /users/new': ['administrator'],
  'POST /users/new': ['administrator'],
  'GET /users/:id': ['administrator'],
  'GET /users/:id/edit': ['administrator'],
  'POST /users/:id/edit': ['administrator'],
  'POST /users/:id/disable': ['administrator'],
  'POST /users/:id/enable': ['administrator'],
  'POST /users/:id/reset-password': ['administrator'],
  'POST /users/:id/reset-two-factor': ['administrator'],
  'GET /audit': ['administrator'],
  'GET /audit.csv': ['administrator'],
  'GET /api-tokens': ['administrator'],
  // Someone else's token, or none, is "not found" for those who may not manage every token.
  'POST /api-tokens/:id/revoke': everyone,
  ...stakeholderRecordAccess,
  ...stakeholderListAccess,
  ...topHundredAccess,
  ...stakeholderImportAccess,
  ...personalDataAccess,
};

const sample: Record<string, string> = {
  code: lambeth,
  id: '00000000-0000-4000-8000-000000000000',
  token: 'x',
};
const concrete = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => sample[name] ?? 'x');

let deps: TestDeps;
let app: Awaited<ReturnType<typeof testApp>>;
const agents = new Map<Role, Agent>();
const tokens = new Map<Role, string>();

/** Signs an agent in as a new user of the role, with a complete session (the second factor is tested elsewhere). */
async function signedInAs(role: Role, boroughs: string[]): Promise<{ agent: Agent; token: string }> {
  const ctx = contextFor(deps, operator('conformance'));
  const user = await createUser(ctx, aUser({ role, boroughs }));
  const agent = await signedInAgent(deps, app, user.id);
  const { token } = await createApiToken(ctx, { userId: user.id, name: 'conformance' });
  return { agent, token };
}

const boroughsFor = (role: Role): string[] =>
  role === 'borough_lead' || role === 'borough_contributor' ? [lambeth] : [];

beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
  for (const role of roles) {
    const { agent, token } = await signedInAs(role, boroughsFor(role));
    agents.set(role, agent);
    tokens.set(role, token);
  }
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

const staffRouteKeys = () =>
  app.routeTable
    .filter((r) => r.config.access === 'staff' && r.method !== 'HEAD')
    .map((r) => `${r.method} ${r.url}`);

const allows = (e: Expectation, role: Role) => e === everyone || e.includes(role);

describe('the permission conformance suite', () => {
  it('has an expectation for every staff route, and no expectation for a route that does not exist', () => {
    const keys = staffRouteKeys();
    expect(
      keys.filter((k) => !(k in staffRoutes)),
      'staff routes without an expectation',
    ).toEqual([]);
    expect(
      Object.keys(staffRoutes).filter((k) => !keys.includes(k)),
      'expectations for no route',
    ).toEqual([]);
  });

  describe.each(roles)('as %s', (role) => {
    it('reaches the routes the role may use and is refused the others', async () => {
      const agent = agents.get(role) as Agent;
      await agent.get('/'); // a page, for the form token
      for (const key of staffRouteKeys()) {
        const [method, url] = key.split(' ') as [string, string];
        const expectation = staffRoutes[key] ?? [];
        const res = method === 'GET' ? await agent.get(concrete(url)) : await agent.post(concrete(url), {});
        if (allows(expectation, role)) expect(res.statusCode, `${key} should be allowed`).not.toBe(403);
        else expect(res.statusCode, `${key} should be refused`).toBe(403);
        expect(res.statusCode, key).toBeLessThan(500);
      }
    });
  });
});

describe('a borough lead for Lambeth', () => {
  const lead = () => agents.get('borough_lead') as Agent;
  const token = () => tokens.get('borough_lead') as string;
  const api = (url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token()}` } });

  it('opens Lambeth but not Camden, which answers exactly as a borough that does not exist', async () => {
    expect((await lead().get(`/boroughs/${lambeth}`)).statusCode).toBe(200);
    const camdenPage = await lead().get(`/boroughs/${camden}`);
    const missing = await lead().get('/boroughs/E09000099');
    expect(camdenPage.statusCode).toBe(404);
    expect(camdenPage.body).not.toContain('Camden');
    expect(missing.statusCode).toBe(404);
    // The same page as for a code that names nothing, apart from the code itself and per-request values.
    const normalise = (body: string, code: string) =>
      body
        .replaceAll(code, 'CODE')
        .replace(/nonce="[^"]*"/g, '')
        .replace(/name="_csrf" value="[^"]*"/g, '')
        .replace(/[0-9a-f-]{36}/g, 'ID');
    const a = normalise(camdenPage.body, camden).split('\n');
    const b = normalise(missing.body, 'E09000099').split('\n');
    expect(a.filter((line, i) => line !== b[i])).toEqual([]);
  });

  it('finds a Camden site and proposal exactly as if they did not exist', async () => {
    const ctx = contextFor(deps, operator('conformance'));
    const site = await createSite(ctx, {
      name: 'Kentish Town Police Station',
      type: 'police-station',
      address: '12 Holmes Road',
      postcode: 'NW5 3AE',
      areaCode: camden,
    });
    const proposal = await createProposal(ctx, {
      siteId: site.id,
      changeType: 'refurbish',
      title: 'Refurbish Kentish Town',
      summary: 'New windows.',
      reasons: 'Draughts.',
    });
    const missing = '00000000-0000-4000-8000-000000000001';
    const normalise = (body: string, id: string) =>
      body
        .replaceAll(id, 'ID')
        .replace(/nonce="[^"]*"/g, '')
        .replace(/name="_csrf" value="[^"]*"/g, '')
        .replace(/[0-9a-f-]{36}/g, 'ID');
    for (const [url, id] of [
      [`/sites/${site.id}`, site.id],
      [`/sites/${site.id}/edit`, site.id],
      [`/proposals/${proposal.id}`, proposal.id],
      [`/proposals/${proposal.id}/compare`, proposal.id],
    ] as const) {
      const found = await lead().get(url);
      const none = await lead().get(url.replace(id, missing));
      expect(found.statusCode, url).toBe(404);
      expect(found.body).not.toContain('Kentish Town');
      expect(normalise(found.body, id)).toBe(normalise(none.body, missing));
    }
    for (const url of [
      `/boroughs/${camden}/sites`,
      `/boroughs/${camden}/amp`,
      `/boroughs/${camden}/timetable`,
      `/boroughs/${camden}/timetable.ics`,
    ]) {
      expect((await lead().get(url)).statusCode, url).toBe(404);
    }
  });

  it('does not see Camden in the London overview', async () => {
    const res = await lead().get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Lambeth');
    expect(res.body).not.toContain('Camden');
  });

  it('through the API with their token, lists only Lambeth and gets 404 for Camden', async () => {
    const list = await api('/api/v1/boroughs');
    expect(list.statusCode).toBe(200);
    expect((list.json() as { data: { gssCode: string }[] }).data.map((b) => b.gssCode)).toEqual([lambeth]);
    expect((await api(`/api/v1/boroughs/${camden}`)).statusCode).toBe(404);
    expect((await api(`/api/v1/boroughs/${camden}/sites`)).statusCode).toBe(404);
    expect((await api(`/api/v1/boroughs/${camden}/proposals`)).statusCode).toBe(404);
    expect((await api(`/api/v1/boroughs/${camden}/amp`)).statusCode).toBe(404);
    expect((await api(`/api/v1/boroughs/${lambeth}`)).statusCode).toBe(200);
  });

  it('leaves a denial in the audit trail when reaching for Camden', async () => {
    await lead().get(`/boroughs/${camden}`);
    const rows = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'denied'));
    expect(rows.some((r) => r.summary.includes('outside assigned boroughs') && r.refused)).toBe(true);
  });
});

describe('pages and API answers with personal data', () => {
  it('are never stored by a browser or proxy', async () => {
    const page = await (agents.get('analyst') as Agent).get('/');
    expect(page.headers['cache-control']).toBe('no-store');
    const api = await app.inject({
      method: 'GET',
      url: '/api/v1/boroughs',
      headers: { authorization: `Bearer ${tokens.get('analyst')}` },
    });
    expect(api.headers['cache-control']).toBe('no-store');
  });
});
