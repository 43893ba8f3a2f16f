import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  signedInAgent,
} from '../../../../test/harness.ts';
import { topHundred } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import {
  replaceConstituencyAreas,
  upsertConstituencies,
  upsertVintage,
} from '../../../domain/geography/electoral-areas.repo.ts';
import { createPerson } from '../../../domain/stakeholders/create-person.ts';
import type { PersonInput } from '../../../domain/stakeholders/person.ts';

/** The top 100, grid and coverage pages for a Lambeth borough lead, and what others may do there. */

const lambeth = 'E09000022';
const camden = 'E09000007';
const vauxhall = 'E14900001';

let t: RouteTestApp;
const cli = operator('test');

const givenPerson = (input: Partial<PersonInput> & { fullName: string }) =>
  createPerson(contextFor(t.deps, cli), { places: [{ kind: 'borough', code: lambeth }], ...input });

const listOf = async () =>
  (await t.deps.db.select().from(topHundred).where(eq(topHundred.areaCode, lambeth))).sort(
    (a, b) => a.rank - b.rank,
  );

/** The text a page shows, tags and runs of space removed (enough to read a sentence in the HTML). */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');

let ada: string;
let bo: string;
let cy: string;

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  await upsertVintage(t.deps.db, { kind: 'constituency', year: 2024, now: t.deps.clock.now() });
  await upsertConstituencies(t.deps.db, [
    { code: vauxhall, vintage: 2024, name: 'Vauxhall and Camberwell Green' },
  ]);
  await replaceConstituencyAreas(t.deps.db, 2024, [
    { constituencyCode: vauxhall, areaCode: lambeth, share: 1 },
  ]);
  ada = (
    await givenPerson({ fullName: 'Ada Okonjo', roleIds: ['community-leader'], influence: 5, interest: 4 })
  ).id;
  bo = (
    await givenPerson({ fullName: 'Bo Lindqvist', roleIds: ['faith-leader'], lastVerifiedOn: '2026-10-01' })
  ).id;
  cy = (await givenPerson({ fullName: 'Cy Marchetti', influence: 1, interest: 1 })).id;
  await createPerson(contextFor(t.deps, cli), {
    fullName: 'Dee Camden',
    places: [{ kind: 'borough', code: camden }],
  });
});
afterAll(() => closeApp(t));

describe('the top 100 page', () => {
  it('starts empty, and finds people of the borough to add by name', async () => {
    const empty = await t.agent.get(`/boroughs/${lambeth}/top-100`);
    expect(empty.statusCode).toBe(200);
    expect(text(empty.body)).toContain('No one is on Lambeth’s top 100 yet.');
    const found = await t.agent.get(`/boroughs/${lambeth}/top-100?q=ada`);
    expect(text(found.body)).toContain('1 person of Lambeth not yet listed matching “ada”');
    expect(found.body).toContain(`name="personId" value="${ada}"`);
    expect(found.body).not.toContain('Dee Camden');
  });

  it('adds through the form and says so, naming the person and their rank', async () => {
    for (const id of [ada, bo, cy]) {
      const res = await t.agent.post(`/boroughs/${lambeth}/top-100/add`, { personId: id, q: 'x' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/boroughs/${lambeth}/top-100?done=added&person=${id}`);
    }
    const page = await t.agent.get(`/boroughs/${lambeth}/top-100?done=added&person=${cy}`);
    expect(text(page.body)).toContain('Cy Marchetti added to Lambeth’s top 100 at number 3.');
    expect(text(page.body)).toContain('3 people of 100 places, in order of priority.');
    // Every button's accessible name says whom it moves.
    expect(page.body).toContain('Move up<span class="govuk-visually-hidden"> Bo Lindqvist</span>');
    expect(page.body).toContain('Move down<span class="govuk-visually-hidden"> Bo Lindqvist</span>');
    expect(page.body).toContain('Set rank<span class="govuk-visually-hidden"> for Bo Lindqvist</span>');
    expect(page.body).toContain(
      'Remove<span class="govuk-visually-hidden"> Bo Lindqvist from the list</span>',
    );
    // The first cannot move up, nor the last down.
    expect(page.body).not.toContain('Move up<span class="govuk-visually-hidden"> Ada Okonjo</span>');
    expect(page.body).not.toContain('Move down<span class="govuk-visually-hidden"> Cy Marchetti</span>');
    expect((await listOf()).map((r) => [r.personId, r.rank])).toEqual([
      [ada, 1],
      [bo, 2],
      [cy, 3],
    ]);
  });

  it('refuses someone already listed or of another borough, on the page, with the search kept', async () => {
    const again = await t.agent.post(`/boroughs/${lambeth}/top-100/add`, { personId: ada, q: 'ada' });
    expect(again.statusCode).toBe(409);
    expect(text(again.body)).toContain('There is a problem');
    expect(text(again.body)).toContain('Ada Okonjo is already number 1 on Lambeth’s top 100');
    expect(again.body).toContain('href="#q"');
    expect(again.body).toContain('value="ada"');
    const bad = await t.agent.post(`/boroughs/${lambeth}/top-100/add`, { personId: 'not an id' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Choose a person who covers Lambeth');
  });

  it('moves up, down and to a rank, each time saying where the person went', async () => {
    const up = await t.agent.post(`/boroughs/${lambeth}/top-100/${cy}/move`, { to: 'up' });
    expect(up.headers.location).toBe(`/boroughs/${lambeth}/top-100?done=moved&person=${cy}&from=3`);
    expect(text((await t.agent.get(up.headers.location as string)).body)).toContain(
      'Cy Marchetti moved from number 3 to number 2.',
    );
    await t.agent.post(`/boroughs/${lambeth}/top-100/${ada}/move`, { to: 'down' });
    expect((await listOf()).map((r) => r.personId)).toEqual([cy, ada, bo]);
    const set = await t.agent.post(`/boroughs/${lambeth}/top-100/${bo}/move`, { to: '1' });
    expect(text((await t.agent.get(set.headers.location as string)).body)).toContain(
      'Bo Lindqvist moved from number 3 to number 1.',
    );
    const top = await t.agent.post(`/boroughs/${lambeth}/top-100/${bo}/move`, { to: 'up' });
    expect(text((await t.agent.get(top.headers.location as string)).body)).toContain(
      'Bo Lindqvist is already number 1, at the top of the list.',
    );
    expect((await listOf()).map((r) => r.personId)).toEqual([bo, cy, ada]);
  });

  it('shows a rank off the list beside the person’s box, keeping what was typed', async () => {
    const res = await t.agent.post(`/boroughs/${lambeth}/top-100/${ada}/move`, { to: '9' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`href="#rank-${ada}"`);
    expect(text(res.body)).toContain('Enter a rank from 1 to 3');
    expect(res.body).toMatch(
      new RegExp(`id="rank-${ada}" name="to" type="text" inputmode="numeric" value="9"`),
    );
    expect((await listOf()).map((r) => r.personId)).toEqual([bo, cy, ada]);
  });

  it('removes a person, closing the gap, and says so', async () => {
    const res = await t.agent.post(`/boroughs/${lambeth}/top-100/${cy}/remove`);
    expect(res.headers.location).toBe(`/boroughs/${lambeth}/top-100?done=removed&person=${cy}`);
    expect(text((await t.agent.get(res.headers.location as string)).body)).toContain(
      'Cy Marchetti removed from Lambeth’s top 100. Those below moved up one place.',
    );
    expect((await listOf()).map((r) => [r.personId, r.rank])).toEqual([
      [bo, 1],
      [ada, 2],
    ]);
    const twice = await t.agent.post(`/boroughs/${lambeth}/top-100/${cy}/remove`);
    expect(twice.statusCode).toBe(409);
    expect(text(twice.body)).toContain('That person is not on Lambeth’s top 100');
  });

  it('lets a contributor read the list without the buttons, and refuses their changes', async () => {
    const user = await givenUser(t.deps, { role: 'borough_contributor', boroughs: [lambeth] });
    const agent = await signedInAgent(t.deps, t.app, user.id);
    const page = await agent.get(`/boroughs/${lambeth}/top-100`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ada Okonjo');
    expect(page.body).not.toContain('Move down');
    expect(page.body).not.toContain('Find a person');
    expect((await agent.post(`/boroughs/${lambeth}/top-100/${ada}/remove`)).statusCode).toBe(403);
  });

  it('answers another borough exactly as one that does not exist', async () => {
    for (const path of ['top-100', 'stakeholder-grid', 'coverage']) {
      expect((await t.agent.get(`/boroughs/${camden}/${path}`)).statusCode).toBe(404);
      expect((await t.agent.get(`/boroughs/E09000099/${path}`)).statusCode).toBe(404);
    }
    expect((await t.agent.post(`/boroughs/${camden}/top-100/add`, { personId: ada })).statusCode).toBe(404);
  });
});

describe('the influence and interest grid', () => {
  it('puts each person in their cell under accessible headers, and lists the unscored apart', async () => {
    const res = await t.agent.get(`/boroughs/${lambeth}/stakeholder-grid`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<th scope="col" class="govuk-table__header">Interest 5 (high)</th>');
    expect(res.body).toContain('Influence 5 (high)</th>');
    // Ada (5, 4) sits in the top row's fourth cell, marked with her rank on the top 100.
    const topRow = res.body.split('Influence 5 (high)</th>')[1]?.split('</tr>')[0] ?? '';
    const cells = topRow.split('<td class="govuk-table__cell">').slice(1);
    expect(cells[3]).toContain('Ada Okonjo');
    expect(text(cells[3] ?? '')).toContain('( top 100 no. 2)');
    expect(text(cells[3] ?? '')).toContain('Manage closely');
    expect(text(res.body)).toMatch(/Without scores \(1\).*Bo Lindqvist/);
    expect(text(res.body)).toContain('Monitor');
  });
});

describe('the coverage check page', () => {
  it('says how many requirements are met and what to add, with a link to add a person', async () => {
    const res = await t.agent.get(`/boroughs/${lambeth}/coverage`);
    expect(res.statusCode).toBe(200);
    const page = text(res.body);
    expect(page).toContain('0 of 6 requirements met');
    expect(res.body).toContain(
      `<a class="govuk-link" href="/stakeholders/new?borough=${lambeth}">Add the MP for Vauxhall and Camberwell Green</a>`,
    );
    expect(page).toContain('Not verified for 12 months (2)');
    expect(page).toMatch(/Ada Okonjo Never/);
    expect(page).not.toMatch(/Bo Lindqvist Never/);
  });

  it('after an MP is added, shows who meets the requirement', async () => {
    await givenPerson({
      fullName: 'Florence Eshalomi MP',
      roleIds: ['mp'],
      places: [{ kind: 'constituency', code: vauxhall }],
      lastVerifiedOn: '2026-11-01',
    });
    const page = text((await t.agent.get(`/boroughs/${lambeth}/coverage`)).body);
    expect(page).toContain('1 of 6 requirements met');
    expect(page).toMatch(/MP for Vauxhall and Camberwell Green Met Florence Eshalomi MP/);
  });
});

describe('the borough page', () => {
  it('links to the stakeholder pages for those who may see them, and not for an analyst', async () => {
    const page = await t.agent.get(`/boroughs/${lambeth}`);
    expect(page.body).toContain(`href="/boroughs/${lambeth}/top-100"`);
    expect(page.body).toContain(`href="/stakeholders?areaCode=${lambeth}"`);
    expect(page.body).toContain(`href="/boroughs/${lambeth}/coverage"`);
    expect(text(page.body)).toContain('4 people cover Lambeth; 2 of them are on its top 100.');
    const analyst = await givenUser(t.deps, { role: 'analyst' });
    const theirs = await (await signedInAgent(t.deps, t.app, analyst.id)).get(`/boroughs/${lambeth}`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain('id="stakeholders"');
  });
});
