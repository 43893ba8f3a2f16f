import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { givenUser, signedInAgent, type TestDeps, testApp, testDeps } from '../../../../test/harness.ts';

/** The real ONS ward list, read where it lies (never copied into the repository). */
const wardsFile = readFileSync(
  new URL('../../../../../shared/data/london_wards_2022_list.csv', import.meta.url),
);

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
  fields: { kind?: string; file?: { name: string; content: Buffer | string } },
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
