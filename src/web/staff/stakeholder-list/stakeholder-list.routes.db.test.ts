import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  signedInAgent,
} from '../../../../test/harness.ts';
import { segments, topHundred } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { actorOf } from '../../../domain/access/users.repo.ts';
import { importWards } from '../../../domain/geography/import-wards.ts';
import { createPerson } from '../../../domain/stakeholders/create-person.ts';
import { recordConsent } from '../../../domain/stakeholders/record-consent.ts';
import { suppress } from '../../../domain/stakeholders/suppression.ts';

/** The stakeholder list, its downloads and segments, through the pages, as a borough lead for Lambeth and Southwark. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let t: RouteTestApp;
let contributor: Agent;
let camdenLead: Agent;
let programmeLeadAgent: Agent;
const ids: Record<string, string> = {};

const text = (html: string) =>
  html
    .replace(/<wbr>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth, southwark] });
  const lead = contextFor(t.deps, actorOf(t.user));
  const programmeLeadUser = await givenUser(t.deps, { role: 'programme_lead' });
  const programmeLead = contextFor(t.deps, actorOf(programmeLeadUser));
  programmeLeadAgent = await signedInAgent(t.deps, t.app, programmeLeadUser.id);
  await importWards(contextFor(t.deps, operator('test')), {
    text: [
      'WD22CD,WD22NM,LAD22CD',
      `E05014096,Brixton North,${lambeth}`,
      `E05011095,Borough and Bankside,${southwark}`,
      `E05013660,Kentish Town South,${camden}`,
    ].join('\n'),
  });
  contributor = await signedInAgent(
    t.deps,
    t.app,
    (await givenUser(t.deps, { role: 'borough_contributor', boroughs: [lambeth] })).id,
  );
  camdenLead = await signedInAgent(
    t.deps,
    t.app,
    (await givenUser(t.deps, { role: 'borough_lead', boroughs: [camden] })).id,
  );
  const add = async (key: string, input: Parameters<typeof createPerson>[1]) => {
    ids[key] = (await createPerson(lead, input)).id;
  };
  await add('okonkwo', {
    fullName: 'Margaret Okonkwo',
    emails: ['m.okonkwo@example.org'],
    roleIds: ['faith-leader'],
    lastVerifiedOn: '2026-10-01',
    places: [{ kind: 'borough', code: lambeth }],
  });
  await add('formula', {
    fullName: '=HYPERLINK("http://evil.example","Click")',
    emails: ['formula@example.org'],
    roleIds: ['faith-leader'],
    places: [{ kind: 'borough', code: lambeth }],
  });
  await add('suppressed', {
    fullName: 'Peter Suppressed',
    emails: ['peter@example.org'],
    roleIds: ['faith-leader'],
    places: [{ kind: 'borough', code: lambeth }],
  });
  await add('southwark', {
    fullName: 'Samuel Southwark',
    emails: ['samuel@example.org'],
    roleIds: ['business-leader'],
    places: [{ kind: 'borough', code: southwark }],
  });
  for (let i = 0; i < 52; i += 1) {
    await createPerson(lead, {
      fullName: `Resident ${String(i).padStart(2, '0')}`,
      places: [{ kind: 'borough', code: lambeth }],
    });
  }
  await createPerson(programmeLead, {
    fullName: 'Camilla Camden',
    roleIds: ['faith-leader'],
    places: [{ kind: 'borough', code: camden }],
  });
  for (const key of ['okonkwo', 'suppressed']) {
    await recordConsent(lead, {
      personId: ids[key] as string,
      event: 'given',
      occurredOn: '2026-11-01',
      method: 'meeting',
      wordingVersion: 'v1',
      evidence: 'Signed the form',
    });
  }
  await suppress(t.deps.db, ['peter@example.org'], 'bounced', t.deps.clock.now());
  await t.deps.db.insert(topHundred).values({ areaCode: lambeth, personId: ids.okonkwo as string, rank: 3 });
});
afterAll(() => closeApp(t));

describe('the stakeholder list', () => {
  it('shows the people of the lead’s boroughs with their count, in a table sorted by name', async () => {
    const res = await t.agent.get('/stakeholders');
    expect(res.statusCode).toBe(200);
    const page = text(res.body);
    expect(page).toContain('56 people');
    expect(page).toContain('People, sorted by name, A to Z');
    expect(res.body).toContain(`href="/stakeholders/${ids.okonkwo}"`);
    expect(res.body).not.toContain('Camilla Camden');
    // The row: organisations, roles, boroughs, e-mail, consent, top 100 rank, checked.
    const row = text(
      /<tr class="govuk-table__row">\s*<th[^>]*><a[^>]*>Margaret Okonkwo[\s\S]*?<\/tr>/.exec(res.body)?.[0] ??
        '',
    );
    expect(row).toContain('Faith leader');
    expect(row).toContain('Lambeth');
    expect(row).toContain('m.okonkwo@example.org');
    expect(row).toContain('Given');
    expect(row).toContain(' 3 ');
    expect(row).toContain('Up to date');
    expect(text(/Resident 00[\s\S]*?<\/tr>/.exec(res.body)?.[0] ?? '')).toContain('Stale Never verified');
    // Only the lead's boroughs to choose from, and the links a borough lead may use.
    expect(res.body).toContain(`<option value="${southwark}">Southwark</option>`);
    expect(res.body).not.toContain(`value="${camden}"`);
    for (const href of [
      '/stakeholders/new',
      '/organisations',
      '/segments',
      '/stakeholders/import',
      '/stakeholders/duplicates',
    ]) {
      expect(res.body).toContain(`href="${href}"`);
    }
    expect(res.body).not.toContain('href="/stakeholders/review"');
    expect(res.body).toContain('href="/stakeholders.csv"');
    // The sortable headings are links that work without JavaScript.
    expect(res.body).toMatch(/aria-sort="ascending">\s*<a[^>]*href="\/stakeholders\?sort=-name"/);
    expect(res.body).toMatch(/aria-sort="none">\s*<a[^>]*href="\/stakeholders\?sort=-updated"/);
  });

  it('filters by search, borough, role, consent, top 100 and staleness', async () => {
    const names = async (query: string) => {
      const res = await t.agent.get(`/stakeholders?${query}`);
      expect(res.statusCode, query).toBe(200);
      return [
        ...res.body.matchAll(
          /<th scope="row"[^>]*><a class="govuk-link" href="\/stakeholders\/[^"]+">([^<]+)</g,
        ),
      ].map((m) => m[1]);
    };
    expect(await names('q=okonk')).toEqual(['Margaret Okonkwo']);
    expect(await names(`areaCode=${southwark}`)).toEqual(['Samuel Southwark']);
    expect(await names(`areaCode=${lambeth}&roleId=faith-leader&consent=given`)).toEqual([
      'Margaret Okonkwo',
      'Peter Suppressed',
    ]);
    expect(await names('topHundred=yes')).toEqual(['Margaret Okonkwo']);
    expect(await names('stale=no')).toEqual(['Margaret Okonkwo']);
    expect(await names(`areaCode=${camden}`)).toEqual([]);
    // The filter stays chosen, and the links keep it.
    const res = await t.agent.get(`/stakeholders?roleId=faith-leader&consent=given`);
    expect(res.body).toContain('<option value="faith-leader" selected>Faith leader</option>');
    expect(res.body).toContain('href="/segments/new?roleId=faith-leader&amp;consent=given"');
    expect(res.body).toContain('href="/stakeholders.xlsx?roleId=faith-leader&amp;consent=given"');
    expect(text(res.body)).toContain('2 people found');
  });

  it('offers the wards of the boroughs the actor sees, or of the borough chosen', async () => {
    const lead = await t.agent.get('/stakeholders');
    expect(lead.body).toContain('<option value="E05014096">Brixton North (Lambeth)</option>');
    expect(lead.body).toContain('<option value="E05011095">Borough and Bankside (Southwark)</option>');
    expect(lead.body).not.toContain('Kentish Town South');
    const chosen = await t.agent.get(`/stakeholders?areaCode=${lambeth}`);
    expect(chosen.body).toContain('<option value="E05014096">Brixton North</option>');
    expect(chosen.body).not.toContain('Borough and Bankside');
    // Across London, a borough is chosen first, and every borough is offered.
    const london = await programmeLeadAgent.get('/stakeholders');
    expect(london.statusCode).toBe(200);
    expect(london.body).toContain('Choose a borough first to list its wards');
    expect(london.body).not.toContain('Brixton North');
    expect(london.body).toContain(`<option value="${camden}">Camden</option>`);
    expect(london.body).toContain('<option value="" selected>All of London</option>');
    expect(text(london.body)).toContain('57 people');
    expect((await programmeLeadAgent.get(`/stakeholders?areaCode=${camden}`)).body).toContain(
      'Kentish Town South',
    );
  });

  it('names a filter it cannot use in the error summary and beside the field', async () => {
    const res = await t.agent.get('/stakeholders?consent=maybe&areaCode=nowhere');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#consent">Choose a consent state from the list');
    expect(res.body).toContain('href="#areaCode">Choose a borough from the list');
  });

  it('pages 50 at a time by a cursor, in either direction of either sort', async () => {
    const first = await t.agent.get('/stakeholders');
    const next = /href="(\/stakeholders\?after=[^"]+)"[^>]*rel="next"/
      .exec(first.body)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    expect(first.body).not.toContain('Back to the first page');
    const second = await t.agent.get(next as string);
    expect(second.statusCode).toBe(200);
    const rowsOf = (html: string) =>
      [...html.matchAll(/<th scope="row"[^>]*><a[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(rowsOf(first.body)).toHaveLength(50);
    expect(rowsOf(second.body)).toHaveLength(6);
    expect(new Set([...rowsOf(first.body), ...rowsOf(second.body)]).size).toBe(56);
    expect(second.body).toContain('Back to the first page');
    expect(second.body).not.toContain('rel="next"');
    const reversed = await t.agent.get('/stakeholders?sort=-name');
    expect(rowsOf(reversed.body)[0]).toBe('Samuel Southwark');
    expect(text(reversed.body)).toContain('People, sorted by name, Z to A');
    expect(reversed.body).toMatch(/href="\/stakeholders\?sort=-name&amp;after=/);
    // A cursor that cannot be read, or was edited by hand, starts again from the first page.
    const uuid = '00000000-0000-4000-8000-000000000000';
    const edited = (value: string, id = uuid) =>
      Buffer.from(JSON.stringify([value, id])).toString('base64url');
    for (const after of ['rubbish', edited('a\u0000b'), edited('a', '-'.repeat(36))]) {
      const res = await t.agent.get(`/stakeholders?after=${after}`);
      expect(res.statusCode, after).toBe(200);
      expect(rowsOf(res.body)[0]).toBe(rowsOf(first.body)[0]);
      expect(res.body).not.toContain('Back to the first page');
    }
    for (const value of ['not a time', '2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
      const res = await t.agent.get(`/stakeholders?sort=-updated&after=${edited(value)}`);
      expect(res.statusCode, value).toBe(200);
      expect(rowsOf(res.body)).toHaveLength(50);
    }
  });

  it('downloads everyone matching as CSV, with a name beginning “=” kept as text', async () => {
    const res = await t.agent.get(`/stakeholders.csv?areaCode=${lambeth}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="stakeholders-${lambeth}-2026-11-22.csv"`,
    );
    const parsed = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data).toHaveLength(55);
    expect(parsed.meta.fields).toEqual([
      'Name',
      'Organisations',
      'Roles',
      'Boroughs',
      'E-mail',
      'Phone',
      'Newsletter consent',
      'Top 100 rank',
      'Influence (1 to 5)',
      'Interest (1 to 5)',
      'Last verified',
      'Not verified for 12 months',
      'Last updated',
    ]);
    const okonkwo = parsed.data.find((r) => r.Name === 'Margaret Okonkwo');
    expect(okonkwo).toMatchObject({
      Roles: 'Faith leader',
      'E-mail': 'm.okonkwo@example.org',
      'Newsletter consent': 'Given',
      'Top 100 rank': '3',
      'Last verified': '2026-10-01',
      'Not verified for 12 months': 'No',
    });
    expect(parsed.data.map((r) => r.Name)).toContain(`'=HYPERLINK("http://evil.example","Click")`);
  });

  it('downloads the same as Excel, where the “=” name is a text cell and not a formula', async () => {
    const res = await t.agent.get(`/stakeholders.xlsx?roleId=faith-leader`);
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    const names: unknown[] = [];
    sheet?.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(1).value);
    });
    expect(names).toEqual([
      `'=HYPERLINK("http://evil.example","Click")`,
      'Margaret Okonkwo',
      'Peter Suppressed',
    ]);
    sheet?.eachRow((row) => expect(row.getCell(1).type).not.toBe(ExcelJS.ValueType.Formula));
  });

  it('lets a contributor search but not download, and refuses the downloads', async () => {
    const res = await contributor.get('/stakeholders');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('href="/stakeholders.csv');
    expect(res.body).not.toContain('Add a person');
    expect((await contributor.get('/stakeholders.csv')).statusCode).toBe(403);
    expect((await contributor.get('/segments/new')).statusCode).toBe(403);
  });
});

describe('segments', () => {
  let id: string;

  it('are saved from the list’s filter and show who can be e-mailed and why not', async () => {
    const form = await t.agent.get(`/segments/new?areaCode=${lambeth}&roleId=faith-leader`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<option value="${lambeth}" selected>Lambeth</option>`);
    expect(form.body).toContain('<option value="faith-leader" selected>Faith leader</option>');
    const empty = await t.agent.post('/segments/new', { name: '', areaCode: '', roleId: 'faith-leader' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#name">Enter a name for the segment');
    expect(empty.body).toContain('href="#areaCode">Choose the borough the segment is for');
    expect(await t.deps.db.select().from(segments)).toHaveLength(0);

    const saved = await t.agent.post('/segments/new', {
      name: 'Lambeth faith leaders',
      areaCode: lambeth,
      roleId: 'faith-leader',
    });
    expect(saved.statusCode).toBe(303);
    id = /^\/segments\/([0-9a-f-]{36})\?done=created$/.exec(String(saved.headers.location))?.[1] as string;
    const page = await t.agent.get(String(saved.headers.location));
    expect(page.statusCode).toBe(200);
    const words = text(page.body);
    expect(words).toContain('Segment saved.');
    expect(words).toContain('3 people today');
    expect(words).toContain('Can be e-mailed 1 person');
    expect(words).toContain('Cannot be e-mailed 2 people');
    expect(words).toContain('No e-mail address 0 people');
    expect(words).toContain('Address on the suppression list 1 person');
    expect(words).toContain('Consent withdrawn 0 people');
    expect(words).toContain('No consent recorded 1 person');
    expect(words).toContain('Peter Suppressed peter@example.org Given No Address on the suppression list');
    expect(words).toContain('Margaret Okonkwo m.okonkwo@example.org Given Yes');
    expect(words).toContain('Role: Faith leader');

    const list = await t.agent.get('/segments');
    expect(text(list.body)).toContain('Lambeth faith leaders Lambeth Role: Faith leader 3 people');
  });

  it('download their members with whether each can be e-mailed', async () => {
    const res = await t.agent.get(`/segments/${id}/members.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="lambeth-faith-leaders-2026-11-22.csv"',
    );
    const parsed = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data.map((r) => [r.Name, r['Can be e-mailed'], r['Why not']])).toEqual([
      [`'=HYPERLINK("http://evil.example","Click")`, 'No', 'No consent recorded'],
      ['Margaret Okonkwo', 'Yes', ''],
      ['Peter Suppressed', 'No', 'Address on the suppression list'],
    ]);
    const xlsx = await t.agent.get(`/segments/${id}/members.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const header = workbook.worksheets[0]?.getRow(1).values as unknown[];
    expect(header.slice(-2)).toEqual(['Can be e-mailed', 'Why not']);
  });

  it('are changed and deleted after a confirmation', async () => {
    const edit = await t.agent.get(`/segments/${id}/edit`);
    expect(edit.body).toContain('value="Lambeth faith leaders"');
    const saved = await t.agent.post(`/segments/${id}/edit`, {
      name: 'Lambeth faith leaders who said yes',
      areaCode: lambeth,
      roleId: 'faith-leader',
      consent: 'given',
    });
    expect(saved.statusCode).toBe(303);
    expect(text((await t.agent.get(`/segments/${id}`)).body)).toContain('2 people today');
    const confirm = await t.agent.get(`/segments/${id}/delete`);
    expect(text(confirm.body)).toContain('Delete the segment “Lambeth faith leaders who said yes”?');
    const deleted = await t.agent.post(`/segments/${id}/delete`);
    expect(deleted.headers.location).toBe('/segments?done=deleted');
    expect((await t.agent.get(`/segments/${id}`)).statusCode).toBe(404);
  });

  it('of another borough answer exactly as missing ones', async () => {
    const saved = await t.agent.post('/segments/new', { name: 'Southwark business', areaCode: southwark });
    const other = /\/segments\/([0-9a-f-]{36})/.exec(String(saved.headers.location))?.[1] as string;
    const missing = '00000000-0000-4000-8000-000000000000';
    const normalise = (body: string) =>
      body
        .replace(/nonce="[^"]*"/g, '')
        .replace(/name="_csrf" value="[^"]*"/g, '')
        .replace(/[0-9a-f-]{36}/g, 'ID');
    for (const path of ['', '/edit', '/delete', '/members.csv', '/members.xlsx']) {
      const found = await camdenLead.get(`/segments/${other}${path}`);
      const none = await camdenLead.get(`/segments/${missing}${path}`);
      expect(found.statusCode, path).toBe(404);
      expect(found.body).not.toContain('Southwark business');
      expect(normalise(found.body)).toBe(normalise(none.body));
    }
    expect(text((await camdenLead.get('/segments')).body)).toContain('No segments have been saved yet');
    expect((await camdenLead.post(`/segments/${other}/delete`)).statusCode).toBe(404);
    // A contributor of Lambeth sees nothing of Southwark either.
    expect((await contributor.get(`/segments/${other}`)).statusCode).toBe(404);
  });
});
