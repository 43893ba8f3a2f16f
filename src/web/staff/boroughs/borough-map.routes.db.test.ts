import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { givenUser, signedInAgent, type TestDeps, testApp, testDeps } from '../../../../test/harness.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { createSite } from '../../../domain/estate/create-site.ts';
import { importBoundaries } from '../../../domain/geography/import-boundaries.ts';
import { importWards } from '../../../domain/geography/import-wards.ts';

/** The map on a borough's page: the tile before boundaries are loaded, the drawn map after. */

const data = (name: string) =>
  readFileSync(new URL(`../../../../../shared/data/${name}`, import.meta.url), 'utf8');
const attribution =
  'Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2022–2024.';

let deps: TestDeps;
let app: FastifyInstance;
let lead: Agent;

beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
  const user = await givenUser(deps, { role: 'borough_lead', boroughs: ['E09000022'] });
  lead = await signedInAgent(deps, app, user.id);
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

const section = (body: string) =>
  /<h2 class="govuk-heading-m" id="map-title">Map<\/h2>[\s\S]*?(?=<h2 class="govuk-heading-m" id="estate">)/.exec(
    body,
  )?.[0] ?? '';

describe('the borough map', () => {
  it('stands in with the borough’s tile, and says how boundaries are loaded, when none are', async () => {
    const res = await lead.get('/boroughs/E09000022');
    expect(res.statusCode).toBe(200);
    const map = section(res.body);
    expect(map).toContain(
      'No boundaries are loaded, so Lambeth is shown as its square on the London tile map. An administrator loads the ONS boundary files (GeoJSON) on the Wards and constituencies page, or with nonsuch import boundaries.',
    );
    expect(map).toMatch(
      /<svg class="nonsuch-tile-map" role="img" aria-label="Lambeth, shown as its square \(LAM\) on the London tile map"/,
    );
    expect(map).toContain('>LAM</text>');
    // Nothing is drawn from boundaries, so there is nothing to attribute.
    expect(res.body).not.toContain('Contains OS data');
  });

  it('draws the outline, the wards with their names and each site as a named link, with the same as lists', async () => {
    const ctx = contextFor(deps, operator('test'));
    await importBoundaries(ctx, { text: data('london_boroughs_lad22_bgc.geojson') });
    await importBoundaries(ctx, { text: data('london_wards_2022_bsc.geojson') });
    await importWards(ctx, { text: 'WD22CD,WD22NM,LAD22CD\nE05014098,Brixton Windrush,E09000022\n' });
    const site = await createSite(ctx, {
      name: 'Brixton <Police> Station',
      type: 'police-station',
      address: '367 Brixton Road, London',
      postcode: 'SW9 7DD',
      latitude: 51.4613,
      longitude: -0.1145,
    });
    await createSite(ctx, {
      name: 'Kennington Front Counter',
      type: 'front-counter',
      address: '49 Kennington Road, London',
      postcode: 'SE11 4QH',
      areaCode: 'E09000022',
    });

    const res = await lead.get('/boroughs/E09000022');
    expect(res.statusCode).toBe(200);
    const map = section(res.body);
    expect(map).toContain(
      '<p class="govuk-body" id="map-description">The boundary of Lambeth with its 25 wards (2022 boundaries) and 1 site, numbered, north at the top. The lists beside the map give the same wards and sites.</p>',
    );
    const svg = /<svg class="nonsuch-boundary-map"[\s\S]*?<\/svg>/.exec(map)?.[0] ?? '';
    expect(svg).toMatch(
      /^<svg class="nonsuch-boundary-map" role="group" aria-labelledby="map-title" aria-describedby="map-description"/,
    );
    expect(svg).toMatch(/viewBox="0 0 640 \d+"/);
    const wards = [...svg.matchAll(/<path d="M[^"]+"[^>]*><title>([^<]+)<\/title><\/path>/g)].map(
      (m) => m[1],
    );
    expect(wards).toHaveLength(25);
    expect(wards).toContain('Brixton Windrush');
    expect(wards).toContain('Stockwell East');
    // The outline is drawn once, and hidden from screen readers (the heading names the map).
    expect(svg.match(/stroke="#1b5e57"/g)).toHaveLength(1);
    // The site: a link with a name, escaped, at a point inside the frame.
    const link = new RegExp(
      `<a href="/sites/${site.id}" aria-label="Site 1: Brixton &lt;Police&gt; Station \\(Police station, operational\\)">\\s*<title>1\\. Brixton &lt;Police&gt; Station</title>\\s*<circle cx="([\\d.]+)" cy="([\\d.]+)"`,
    ).exec(svg);
    expect(link).not.toBeNull();
    const [width, height] = (/viewBox="0 0 (\d+) (\d+)"/.exec(svg) ?? []).slice(1).map(Number);
    expect(Number(link?.[1])).toBeGreaterThan(0);
    expect(Number(link?.[1])).toBeLessThan(width ?? 0);
    expect(Number(link?.[2])).toBeLessThan(height ?? 0);

    // Beside the map, the same as text: the numbered site, its kind, and the wards.
    expect(map).toContain(
      `<a class="govuk-link" href="/sites/${site.id}">Brixton &lt;Police&gt; Station</a><br>Police station, operational`,
    );
    expect(map).toContain('1 site has no coordinates, so is not on the map.');
    expect(map).toContain('Wards on the map (2022 boundaries)');
    expect(map).toContain('<li>Brixton Windrush</li>');
    expect(map).toContain('Borough boundary</li>');
    expect(map).toContain(attribution);
    expect(map).not.toContain('No boundaries are loaded');
  });

  it('answers a borough the lead may not see as one that does not exist', async () => {
    const res = await lead.get('/boroughs/E09000007');
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Camden');
  });
});
