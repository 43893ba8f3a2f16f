import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { givenUser, signedInAgent, type TestDeps, testApp, testDeps } from '../../../../test/harness.ts';

/** The real ONS files, read where they lie (never copied into the repository). */
const dataFile = (name: string) =>
  readFileSync(new URL(`../../../../../shared/data/${name}`, import.meta.url));
const wardsFile = dataFile('london_wards_2022_list.csv');

let deps: TestDeps;
let app: FastifyInstance;
let admin: Agent;

beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
  admin = await signedInAgent(deps, app, (await givenUser(deps, { role: 'administrator' })).id);
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

/** Posts the upload form as a browser does: multipart, with the page's form token. */
async function upload(
  agent: Agent,
  fields: { kind?: string; file?: { name: string; content: Buffer | string }; effectiveFrom?: string },
) {
  const page = await agent.get('/reference-data');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const boundary = '----nonsuchtest';
  const part = (name: string, value: string | Buffer, filename?: string) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: text/csv` : ''}\r\n\r\n`,
      ),
      Buffer.isBuffer(value) ? value : Buffer.from(value),
      Buffer.from('\r\n'),
    ]);
  const payload = Buffer.concat([
    part('_csrf', csrf),
    ...(fields.kind ? [part('kind', fields.kind)] : []),
    ...(fields.effectiveFrom !== undefined ? [part('effectiveFrom', fields.effectiveFrom)] : []),
    ...(fields.file ? [part('file', fields.file.content, fields.file.name)] : []),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/reference-data',
    payload,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

describe('the wards and constituencies page', () => {
  it('loads the ONS ward list an administrator uploads, and loading it again changes nothing', async () => {
    const first = await upload(admin, { kind: 'wards', file: { name: 'wards.csv', content: wardsFile } });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(
      'The wards (2022) loaded: 704 rows read, 704 added, 0 changed, 0 unchanged.',
    );
    expect(first.body).toMatch(
      /<th scope="row" class="govuk-table__header">Wards<\/th>\s*<td class="govuk-table__cell">2022<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">704<\/td>/,
    );
    const again = await upload(admin, { kind: 'wards', file: { name: 'wards.csv', content: wardsFile } });
    expect(again.body).toContain('704 rows read, 0 added, 0 changed, 704 unchanged.');
  });

  it('keeps the day the boundaries came into use, and refuses a day that does not exist', async () => {
    const file = { name: 'wards.csv', content: wardsFile };
    const bad = await upload(admin, { kind: 'wards', file, effectiveFrom: '2022-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#effectiveFrom"');
    const ok = await upload(admin, { kind: 'wards', file, effectiveFrom: '2022-05-05' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('5 May 2022');
  });

  it('lists each problem of a bad file and loads nothing of it', async () => {
    const bad =
      'WD22CD,WD22NM,LAD22CD\nE05999991,Good Ward,E09000022\nX123,Bad Code,E09000022\nE05999993,Nowhere,E09000099\n';
    const res = await upload(admin, { kind: 'wards', file: { name: 'bad.csv', content: bad } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('The file has 2 problems; nothing was imported.');
    expect(res.body).toMatch(/Row 3, WD22CD: /);
    expect(res.body).toMatch(/Row 4, LAD22CD: /);
    expect(res.body).not.toContain('Good Ward');
  });

  it('asks for what the file holds and for the file', async () => {
    const res = await upload(admin, {});
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#kind">Choose what the file holds');
    expect(res.body).toContain('href="#file">Choose a file to upload');
  });

  it('is for administrators only, and needs the form token', async () => {
    const analyst = await signedInAgent(deps, app, (await givenUser(deps)).id);
    expect((await analyst.get('/reference-data')).statusCode).toBe(403);
    expect(
      (await upload(analyst, { kind: 'wards', file: { name: 'w.csv', content: wardsFile } })).statusCode,
    ).toBe(403);
    const noToken = await app.inject({
      method: 'POST',
      url: '/reference-data',
      payload: '--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\nwards\r\n--b--\r\n',
      headers: {
        'content-type': 'multipart/form-data; boundary=b',
        cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(noToken.statusCode).toBe(403);
  });
});

describe('loading boundaries on the page', () => {
  it('offers boundaries as a kind of file', async () => {
    const page = await admin.get('/reference-data');
    expect(page.body).toMatch(
      /<input class="govuk-radios__input" id="kind-5" name="kind" type="radio" value="boundaries"[^>]*>\s*<label class="govuk-label govuk-radios__label" for="kind-5">\s*Boundaries \(GeoJSON\)/,
    );
  });

  it('loads the ONS borough boundaries, lists them as loaded, and loading them again changes nothing', async () => {
    const file = {
      name: 'london_boroughs_lad22_bgc.geojson',
      content: dataFile('london_boroughs_lad22_bgc.geojson'),
    };
    const first = await upload(admin, { kind: 'boundaries', file });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(
      'The borough boundaries (2022) loaded: 33 features read, 33 added, 0 changed, 0 unchanged.',
    );
    expect(first.body).toMatch(
      /<th scope="row" class="govuk-table__header">Borough boundaries<\/th>\s*<td class="govuk-table__cell">2022<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">33<\/td>/,
    );
    const again = await upload(admin, { kind: 'boundaries', file });
    expect(again.body).toContain('33 features read, 0 added, 0 changed, 33 unchanged.');
  });

  it('lists each bad feature by its number and loads nothing of the file', async () => {
    const collection = JSON.parse(dataFile('london_wards_2022_bsc.geojson').toString('utf8')) as {
      features: { properties: Record<string, string>; geometry: Record<string, unknown> }[];
    };
    const [first, second] = collection.features;
    if (!first || !second) throw new Error('the ward file is empty');
    first.properties.WD22CD = 'E5';
    second.geometry = { type: 'Point', coordinates: [-0.1, 51.5] };
    const res = await upload(admin, {
      kind: 'boundaries',
      file: { name: 'wards.geojson', content: JSON.stringify(collection) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The file has 2 problems; nothing was imported.');
    expect(res.body).toContain('Feature 1, WD22CD: “E5” is not a ward code');
    expect(res.body).toContain(
      'Feature 2, geometry: The geometry must be a Polygon or MultiPolygon; found “Point”',
    );
    expect(res.body).not.toMatch(/<th scope="row" class="govuk-table__header">Ward boundaries<\/th>/);
  });

  it('is for administrators only', async () => {
    const lead = await signedInAgent(
      deps,
      app,
      (await givenUser(deps, { role: 'borough_lead', boroughs: ['E09000022'] })).id,
    );
    const res = await upload(lead, {
      kind: 'boundaries',
      file: { name: 'b.geojson', content: dataFile('london_boroughs_lad22_bgc.geojson') },
    });
    expect(res.statusCode).toBe(403);
  });
});
