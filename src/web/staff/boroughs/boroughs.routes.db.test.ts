import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { closeApp, type RouteTestApp, routeTestApp } from '../../../../test/harness.ts';

let app: FastifyInstance;
let agent: Agent;
let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp({ displayName: 'Olu Adeyemi' });
  ({ app, agent } = t);
});
afterAll(() => closeApp(t));

describe('London overview', () => {
  it('sends a visitor who is not signed in to sign in, and back afterwards', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2F');
  });

  it('lists the 33 areas in a table and as a map where every tile is a named link', async () => {
    const res = await agent.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="govuk-heading-l">London overview</h1>');
    const svg = /<svg class="nonsuch-tile-map[^"]*"[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    const tileLinks = [...svg.matchAll(/<a href="\/boroughs\/(E09\d{6})" aria-label="([^"]+)">/g)];
    expect(tileLinks).toHaveLength(33);
    expect(new Set(tileLinks.map((m) => m[1])).size).toBe(33);
    expect(tileLinks.map((m) => m[2])).toContain('CMD: Camden, Central North BCU');
    expect(tileLinks.map((m) => m[2])).toContain('COL: City of London, City of London Police');
    // The text alternative: the same 33 areas in a table.
    const table = /<table[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
    expect([...table.matchAll(/<a class="govuk-link" href="\/boroughs\/E09\d{6}">/g)]).toHaveLength(33);
    expect(res.body).toContain('aria-labelledby="map-title"');
  });

  it('shows only navigation that leads to pages that exist', async () => {
    const res = await agent.get('/');
    const links = [...res.body.matchAll(/class="govuk-service-navigation__link" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(links).toEqual(['/', '/timetable', '/account/tokens']);
    for (const href of new Set(links)) expect((await agent.get(href ?? '')).statusCode).toBe(200);
  });
});

describe('borough page', () => {
  it('shows the name, codes, force and BCU of a borough', async () => {
    const res = await agent.get('/boroughs/E09000022');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="govuk-heading-l">Lambeth</h1>');
    expect(res.body).toContain('E09000022');
    expect(res.body).toContain('Metropolitan Police Service');
    expect(res.body).toContain('Central South (AS)');
    expect(res.body).toContain('href="/boroughs/E09000028">Southwark</a>');
  });

  it('explains that the City of London has its own force', async () => {
    const res = await agent.get('/boroughs/E09000001');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('City of London Police');
    expect(res.body).toContain('not part of the Metropolitan Police estate');
  });

  it('redirects a lower-case code to the canonical address', async () => {
    const res = await agent.get('/boroughs/e09000007');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/boroughs/E09000007');
  });

  it.each(['E09000099', 'nonsense', '%27%3Bdrop'])('answers 404 for %s', async (code) => {
    const res = await agent.get(`/boroughs/${code}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
  });
});
