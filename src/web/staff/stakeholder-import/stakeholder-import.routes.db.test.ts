import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { givenUser, signedInAgent, type TestDeps, testApp, testDeps } from '../../../../test/harness.ts';
import { contactPoints, people, stakeholderImports } from '../../../db/schema/index.ts';

/** The stakeholder import pages: upload, columns, the check of every row, the commit and its progress. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
let app: FastifyInstance;
let lead: Agent;
let camdenLead: Agent;
let analyst: Agent;

beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
  const tom = await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth, southwark] });
  lead = await signedInAgent(deps, app, tom.id);
  camdenLead = await signedInAgent(
    deps,
    app,
    (await givenUser(deps, { role: 'borough_lead', boroughs: [camden] })).id,
  );
  analyst = await signedInAgent(deps, app, (await givenUser(deps, { role: 'analyst' })).id);
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

const cookie = (agent: Agent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** Posts the upload form as a browser does: multipart, with the page's form token. */
async function upload(agent: Agent, fields: { borough?: string; file?: { name: string; content: string } }) {
  const page = await agent.get('/stakeholders/import');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const boundary = '----nonsuchtest';
  const part = (name: string, value: string, filename?: string) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: text/csv` : ''}\r\n\r\n`,
      ),
      Buffer.from(value),
      Buffer.from('\r\n'),
    ]);
  const payload = Buffer.concat([
    part('_csrf', csrf),
    ...(fields.borough !== undefined ? [part('borough', fields.borough)] : []),
    ...(fields.file ? [part('file', fields.file.content, fields.file.name)] : []),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/stakeholders/import',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: cookie(agent) },
  });
}

const peopleCount = async () => Number((await deps.db.select({ n: count() }).from(people))[0]?.n ?? 0);

/** The status page until the import is no longer running (it runs in the background of the app). */
async function settled(agent: Agent, location: string) {
  for (let i = 0; i < 100; i += 1) {
    const page = await agent.get(location);
    if (!page.body.includes('Importing ')) return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish');
}

describe('the upload form', () => {
  it('offers only the boroughs the person looks after, and says what is wrong with the form', async () => {
    const form = await lead.get('/stakeholders/import');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain(`<option value="${lambeth}">Lambeth</option>`);
    expect(form.body).toContain(`<option value="${southwark}">Southwark</option>`);
    expect(form.body).not.toContain('Camden');
    expect(form.body).toContain('Consent wording');

    const empty = await upload(lead, { borough: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Choose the borough the people belong to');
    expect(empty.body).toContain('Choose a file to upload');

    const outside = await upload(lead, { borough: camden, file: { name: 'x.csv', content: 'Name\nA\n' } });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('You do not look after Camden: choose a borough you look after');

    const binary = await upload(lead, { borough: lambeth, file: { name: 'x.csv', content: 'a\u0000b' } });
    expect(binary.statusCode).toBe(400);
    expect(binary.body).toContain('The file is not a CSV file or an Excel workbook');

    expect((await analyst.get('/stakeholders/import')).statusCode).toBe(403);
  });
});

describe('an import', () => {
  it('guesses the columns, takes the person’s choice, checks every row, commits in the background and shows the outcome', async () => {
    const csv = [
      'Who,E-mail address,Organisation,Job title',
      'Tess Ward,tess@example.org,Brixton Traders,Chair',
      'Uma Rao,UMA@example.org,,',
      'Uma Rao again,uma@example.org,,',
    ].join('\r\n');
    const uploaded = await upload(lead, { borough: lambeth, file: { name: 'traders.csv', content: csv } });
    expect(uploaded.statusCode).toBe(303);
    const location = String(uploaded.headers.location);
    expect(location).toMatch(/^\/stakeholders\/imports\/[0-9a-f-]{36}$/);

    const first = await lead.get(location);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Check traders.csv');
    expect(first.body).toContain('Import stakeholders into Lambeth from a CSV file');
    // "Who" is not a heading Nonsuch knows; "E-mail address" and "Job title" are.
    expect(first.body).toMatch(
      /id="column-1" name="column-1"[^>]*>[\s\S]*?<option value="email" selected>E-mail<\/option>/,
    );
    expect(first.body).toMatch(/id="column-3"[\s\S]*?<option value="position" selected>Position<\/option>/);
    expect(first.body).toContain('Choose the column that holds the person’s name');
    expect(first.body).not.toContain(`action="${location}/commit"`);

    const twice = await lead.post(`${location}/mapping`, {
      'column-0': 'email',
      'column-1': 'email',
      'column-2': 'organisation',
      'column-3': 'position',
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Only one column can be “E-mail”: column 1 already is');
    expect(twice.body).toContain('href="#column-1"');

    const chosen = await lead.post(`${location}/mapping`, {
      'column-0': 'fullName',
      'column-1': 'email',
      'column-2': 'organisation',
      'column-3': 'position',
    });
    expect(chosen.statusCode).toBe(303);
    const preview = await lead.get(location);
    expect(preview.body).toMatch(/To add<\/dt>\s*<dd class="govuk-summary-list__value">2<\/dd>/);
    expect(preview.body).toMatch(
      /Folded into an earlier row<\/dt>\s*<dd class="govuk-summary-list__value">1<\/dd>/,
    );
    expect(preview.body).toContain('The same person as row 3: folded into it');
    expect(preview.body).toContain('New organisations in Lambeth: Brixton Traders.');
    expect(preview.body).toContain('Import 2 people');
    expect(preview.body).not.toContain('There is a problem');

    // Someone else's upload is not there for them.
    expect((await camdenLead.get(location)).statusCode).toBe(404);

    const before = await peopleCount();
    const committed = await lead.post(`${location}/commit`);
    expect(committed.statusCode).toBe(303);
    expect(committed.headers.location).toBe(`${location}/progress`);
    const done = await settled(lead, `${location}/progress`);
    expect(done.statusCode).toBe(200);
    expect(done.headers.refresh).toBeUndefined();
    expect(done.body).toContain('Import complete');
    expect(done.body).toContain('2 people added, 0 people changed');
    expect(await peopleCount()).toBe(before + 2);
    const id = location.split('/').at(-1) ?? '';
    const [row] = await deps.db.select().from(stakeholderImports).where(eq(stakeholderImports.id, id));
    expect(row?.content).toBeNull();
    expect(row?.status).toBe('committed');

    // Done is done: the preview and a second commit lead to the outcome.
    expect((await lead.get(location)).headers.location).toBe(`${location}/progress`);
    const again = await lead.post(`${location}/commit`);
    expect(again.headers.location).toBe(`${location}/progress`);
    expect(await peopleCount()).toBe(before + 2);
  });

  it('refuses to import a file with a bad row, saying which rows, and changes nothing', async () => {
    const csv = ['Name,Email', 'Vic Good,vic@example.org', 'Wyn Bad,wyn@', 'Xan Good,xan@example.org'].join(
      '\n',
    );
    const uploaded = await upload(lead, { borough: southwark, file: { name: 'bad.csv', content: csv } });
    const location = String(uploaded.headers.location);
    const preview = await lead.get(location);
    expect(preview.body).toContain('There is a problem');
    expect(preview.body).toContain('Row 3, Email: “wyn@” is not an e-mail address');
    expect(preview.body).toContain('href="#row-3"');
    expect(preview.body).toContain('Nothing from this file can be imported until every problem is put right');
    expect(preview.body).not.toContain(`action="${location}/commit"`);

    // Posted all the same: the import refuses in the background and says why.
    const before = await peopleCount();
    const posted = await lead.post(`${location}/commit`);
    expect(posted.statusCode).toBe(303);
    const page = await settled(lead, `${location}/progress`);
    expect(page.body).toContain('bad.csv was not imported');
    expect(page.body).toContain('Row 3 cannot be imported; nothing was imported.');
    expect(await peopleCount()).toBe(before);
    const [vic] = await deps.db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.normalised, 'vic@example.org'));
    expect(vic).toBeUndefined();
    // The file is kept, so the person can choose other columns or try again.
    const again = await lead.get(location);
    expect(again.body).toContain('The import did not finish');
  });

  it('pages a long file, two hundred rows at a time', async () => {
    const csv = ['Name', ...Array.from({ length: 450 }, (_, i) => `Person ${i}`)].join('\n');
    const uploaded = await upload(lead, { borough: lambeth, file: { name: 'long.csv', content: csv } });
    const location = String(uploaded.headers.location);
    const second = await lead.get(`${location}?page=2`);
    expect(second.body).toContain('Rows 202 to 401, page 2 of 3');
    expect(second.body).toContain('id="row-202"');
    expect(second.body).not.toContain('id="row-201"');
    expect(second.body).toContain(`href="${location}?page=3#rows"`);
  });
});
