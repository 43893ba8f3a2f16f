import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { givenUser, signedInAgent, type TestDeps, testApp, testDeps } from '../../../../test/harness.ts';
import { contextFor } from '../../../deps.ts';
import { readSpreadsheet, writeXlsx } from '../../../documents/spreadsheet.ts';
import { actorOf } from '../../../domain/access/users.repo.ts';
import { createSite } from '../../../domain/estate/create-site.ts';
import { listSites } from '../../../domain/estate/list-sites.ts';

const lambeth = 'E09000022';
const camden = 'E09000007';

let deps: TestDeps;
let app: FastifyInstance;
let lead: Agent;
let lambethLead: Agent;
let analyst: Agent;
let leadUser: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
  leadUser = await givenUser(deps, { role: 'programme_lead' });
  lead = await signedInAgent(deps, app, leadUser.id);
  lambethLead = await signedInAgent(
    deps,
    app,
    (await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] })).id,
  );
  analyst = await signedInAgent(deps, app, (await givenUser(deps, { role: 'analyst' })).id);
  await createSite(contextFor(deps, actorOf(leadUser)), {
    name: 'Camden Police Station',
    type: 'police-station',
    address: '60 Albany Street',
    postcode: 'NW1 4EE',
    areaCode: camden,
    publicAccess: '=HYPERLINK("http://evil.example","Opening hours")',
  });
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

const cookie = (agent: Agent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** Posts the upload form as a browser does: multipart, with the page's form token. */
async function upload(
  agent: Agent,
  fields: { kind?: string; file?: { name: string; content: Buffer | string } },
) {
  const page = await agent.get('/estate/import');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const boundary = '----nonsuchtest';
  const part = (name: string, value: string | Buffer, filename?: string) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`,
      ),
      Buffer.isBuffer(value) ? value : Buffer.from(value),
      Buffer.from('\r\n'),
    ]);
  const payload = Buffer.concat([
    part('_csrf', csrf),
    ...(fields.kind ? [part('kind', fields.kind)] : []),
    ...(fields.file ? [part('file', fields.file.content, fields.file.name)] : []),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/estate/import',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: cookie(agent) },
  });
}

const sitesCsv = (...rows: string[]) => ['Borough,Name,Type,Address,Postcode', ...rows].join('\r\n');

describe('importing a sites file', () => {
  it('uploads, previews every row, commits once and shows what was done', async () => {
    const form = await lead.get('/estate/import');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('href="/estate/sites.xlsx"');

    const uploaded = await upload(lead, {
      kind: 'sites',
      file: {
        name: 'lambeth.csv',
        content: sitesCsv(
          'Lambeth,Kennington Police Station,Police station,49 Kennington Road,SE11 4QZ',
          'Lambeth,Vauxhall Base,Patrol base,1 Road,SE11 5HN',
        ),
      },
    });
    expect(uploaded.statusCode).toBe(303);
    const location = String(uploaded.headers.location);
    expect(location).toMatch(/^\/estate\/imports\/[0-9a-f-]{36}$/);

    const preview = await lead.get(location);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Check lambeth.csv');
    expect(preview.body).toMatch(/To add<\/dt>\s*<dd class="govuk-summary-list__value">2<\/dd>/);
    expect(preview.body).toContain('Kennington Police Station, Lambeth');
    expect(preview.body).toContain('<strong class="govuk-tag govuk-tag--green">Add</strong>');
    expect(preview.body).toContain('Import: add 2 sites');
    expect(preview.body).not.toContain('There is a problem');

    const done = await lead.post(`${location}/commit`);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Sites imported');
    expect(done.body).toContain('From lambeth.csv');
    expect(done.body).toMatch(/Added<\/dt>\s*<dd class="govuk-summary-list__value">2<\/dd>/);
    const names = (await listSites(contextFor(deps, actorOf(leadUser)), { areaCode: lambeth })).map(
      (s) => s.name,
    );
    expect(names).toEqual(['Kennington Police Station', 'Vauxhall Base']);

    const again = await lead.post(`${location}/commit`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This file has already been imported.');
    expect(again.body).toContain('This file has been imported.');
    expect(again.body).not.toContain(`action="${location}/commit"`);
  });

  it('reads an Excel workbook whatever its name, and shows the changes it would make', async () => {
    const workbook = await writeXlsx({
      name: 'Sites',
      columns: ['Borough', 'Name', 'Type', 'Address', 'Postcode', 'Status'].map((header) => ({ header })),
      rows: [['Lambeth', 'Vauxhall Base', 'Patrol base', '1 Road', 'SE11 5HN', 'Closed']],
    });
    const uploaded = await upload(lead, { kind: 'sites', file: { name: 'sites.csv', content: workbook } });
    const preview = await lead.get(String(uploaded.headers.location));
    expect(preview.body).toContain('Import sites from an Excel workbook');
    expect(preview.body).toContain('Changes: Status');
    expect(preview.body).toContain('Import: change 1 site');
  });

  it('lists every problem of a rejected file, with no button to import it', async () => {
    const uploaded = await upload(lead, {
      kind: 'sites',
      file: {
        name: 'bad.csv',
        content: sitesCsv(
          'Lambeth,Good Base,Other,1 Road,SE11 5HN',
          'Lambeth,Bad Base,Nick,2 Road,NOT A CODE',
        ),
      },
    });
    const location = String(uploaded.headers.location);
    const preview = await lead.get(location);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('There is a problem');
    expect(preview.body).toContain(
      'href="#row-3">Row 3, postcode: Enter a real UK postcode, like SE11 5HN</a>',
    );
    expect(preview.body).toContain('id="row-3"');
    expect(preview.body).toContain('<strong class="govuk-tag govuk-tag--red">Cannot import</strong>');
    expect(preview.body).not.toContain('/commit');
    // Posting the commit anyway is refused, and nothing is written.
    const forced = await lead.post(`${location}/commit`);
    expect(forced.statusCode).toBe(400);
    expect(forced.body).toContain('The file has 2 problems; nothing was imported.');
    const names = (await listSites(contextFor(deps, actorOf(leadUser)), {})).map((s) => s.name);
    expect(names).not.toContain('Good Base');
  });

  it('says what is wrong with a file that is not a spreadsheet of sites', async () => {
    const proposals = await upload(lead, {
      kind: 'sites',
      file: { name: 'p.csv', content: 'Site ID,Change type,Title,Summary,Reasons\nx,Dispose,T,S,R' },
    });
    const page = await lead.get(String(proposals.headers.location));
    expect(page.body).toContain('This looks like a file of proposals: import it as proposals');
    const picture = await upload(lead, {
      kind: 'sites',
      file: { name: 'photo.csv', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]) },
    });
    expect((await lead.get(String(picture.headers.location))).body).toContain(
      'The file is not a CSV file or an Excel workbook (.xlsx)',
    );
  });

  it('asks for what the file holds and for the file, and refuses one too large', async () => {
    const empty = await upload(lead, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#kind">Choose what the file holds: sites or proposals');
    expect(empty.body).toContain('href="#file">Choose a file to upload');
    const large = await upload(lead, {
      kind: 'sites',
      file: { name: 'big.csv', content: Buffer.alloc(5 * 1024 * 1024 + 10, 'a') },
    });
    expect(large.statusCode).toBe(400);
    expect(large.body).toContain('The file must be smaller than 5 MB');
  });
});

describe('who may import', () => {
  it('refuses those who may not import, and shows no one else’s upload', async () => {
    expect((await analyst.get('/estate/import')).statusCode).toBe(403);
    expect(
      (await upload(analyst, { kind: 'sites', file: { name: 'a.csv', content: sitesCsv() } })).statusCode,
    ).toBe(403);
    const mine = await upload(lead, { kind: 'sites', file: { name: 'mine.csv', content: sitesCsv() } });
    const location = String(mine.headers.location);
    expect((await lambethLead.get(location)).statusCode).toBe(404);
    expect((await lambethLead.post(`${location}/commit`)).statusCode).toBe(404);
  });

  it('tells a Lambeth lead that a Camden row is not in one of their boroughs', async () => {
    const uploaded = await upload(lambethLead, {
      kind: 'sites',
      file: { name: 'mixed.csv', content: sitesCsv('Camden,Camden Base,Other,1 Road,NW1 0NE') },
    });
    const page = await lambethLead.get(String(uploaded.headers.location));
    expect(page.body).toContain('Row 2, borough: Camden is not one of your boroughs');
  });
});

describe('downloading the estate', () => {
  it('gives a CSV with its filename, with formulas neutralised', async () => {
    const res = await analyst.get('/estate/sites.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="nonsuch-sites-2026-11-22.csv"');
    expect(res.body.startsWith('\uFEFFSite ID,Borough code,Borough,Name,')).toBe(true);
    expect(res.body).toContain('"\'=HYPERLINK(""http://evil.example"",""Opening hours"")"');
  });

  it('gives an Excel workbook of one borough, with formulas neutralised', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/estate/sites.xlsx?borough=${camden}`,
      headers: { cookie: cookie(analyst) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="nonsuch-sites-${camden}-2026-11-22.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const ws = workbook.worksheets[0];
    const access = ws?.getRow(1).values as unknown[];
    const column = access.indexOf('Public access');
    expect(ws?.getRow(2).getCell(column).value).toBe('\'=HYPERLINK("http://evil.example","Opening hours")');
    expect(ws?.rowCount).toBe(2);
    const sheet = await readSpreadsheet(new Uint8Array(res.rawPayload));
    expect(sheet.ok && sheet.rows.length).toBe(1);
  });

  it('gives proposals too, and a borough lead only their own borough', async () => {
    const proposals = await lambethLead.get('/estate/proposals.csv');
    expect(proposals.statusCode).toBe(200);
    expect(proposals.body).toContain('Proposal ID,Site ID,Site,Borough code');
    expect((await lambethLead.get(`/estate/proposals.xlsx?borough=${lambeth}`)).statusCode).toBe(200);
    expect((await lambethLead.get(`/estate/sites.csv?borough=${camden}`)).statusCode).toBe(404);
    const sites = await lambethLead.get('/estate/sites.csv');
    expect(sites.body).not.toContain('Camden');
  });
});
