import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { closeApp, type RouteTestApp, routeTestApp, signedInAgent } from '../../../../test/harness.ts';
import {
  consentLedger,
  contactPoints,
  memberships,
  people,
  personRedirects,
  topHundred,
} from '../../../db/schema/index.ts';
import { aUser } from '../../../demo/builders.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { createUser } from '../../../domain/access/create-user.ts';
import { importConstituencies } from '../../../domain/geography/import-constituencies.ts';
import { importOverlap } from '../../../domain/geography/import-overlap.ts';
import { importWards } from '../../../domain/geography/import-wards.ts';
import { createPerson } from '../../../domain/stakeholders/create-person.ts';
import { createOrganisation } from '../../../domain/stakeholders/organisations.ts';

/**
 * The pages of people and organisations, as a Lambeth borough lead, a contributor, an analyst and
 * an administrator see them: forms that add and change records, the record itself, consent,
 * another borough's records answering as missing ones, and a merged id leading to the survivor.
 */

const lambeth = 'E09000022';
const camden = 'E09000007';

let t: RouteTestApp;
let contributor: Agent;
let analyst: Agent;
let admin: Agent;
/** A Camden person and organisation, out of the Lambeth lead's reach. */
let camdenPersonId: string;
let camdenOrganisationId: string;

const idFrom = (location: unknown, kind: string): string => {
  const match = new RegExp(`^/${kind}/([0-9a-f-]{36})`).exec(String(location));
  if (!match?.[1]) throw new Error(`no ${kind} id in ${String(location)}`);
  return match[1];
};

const peopleCount = async () => Number((await t.deps.db.select({ n: count() }).from(people))[0]?.n);

async function agentAs(role: 'borough_contributor' | 'analyst' | 'administrator', boroughs: string[] = []) {
  const user = await createUser(contextFor(t.deps, operator('test')), aUser({ role, boroughs }));
  return signedInAgent(t.deps, t.app, user.id);
}

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  const ctx = contextFor(t.deps, operator('test'));
  await importWards(ctx, {
    text: `WD22CD,WD22NM,LAD22CD\nE05900001,Windmill Hill,${lambeth}\nE05900002,Lido Gardens,${lambeth}\nE05900008,Heath Ponds,${camden}`,
  });
  await importConstituencies(ctx, {
    text: 'PCON24CD,PCON24NM\nE14900001,Windmill and Lido\nE14900004,Heath and Canal',
  });
  await importOverlap(ctx, {
    text: `PCON24CD,PCON24NM,LAD22CD,share_of_sample_points\nE14900001,Windmill and Lido,${lambeth},1\nE14900004,Heath and Canal,${camden},1`,
  });
  contributor = await agentAs('borough_contributor', [lambeth]);
  analyst = await agentAs('analyst');
  admin = await agentAs('administrator');
  camdenOrganisationId = (
    await createOrganisation(ctx, { name: 'Heath Ponds Forum', type: 'community-group', areaCode: camden })
  ).id;
  camdenPersonId = (
    await createPerson(ctx, {
      fullName: 'Carla Camden',
      emails: ['carla@camden.example'],
      places: [{ kind: 'ward', code: 'E05900008' }],
    })
  ).id;
});
afterAll(() => closeApp(t));

const organisationForm = (overrides: Record<string, string> = {}) => ({
  name: 'Windmill Hill Residents’ Association',
  type: 'residents-association',
  areaCode: lambeth,
  email: 'chair@windmill.example',
  phone: '020 7946 0001',
  website: 'https://windmill.example',
  address: '1 Mill Lane',
  notes: '',
  ...overrides,
});

describe('organisations, for a Lambeth borough lead', () => {
  let organisationId: string;

  it('adds an organisation and shows it, in the list and on its page', async () => {
    const form = await t.agent.get('/organisations/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Add an organisation');
    // One borough and no London-wide choice: the borough is chosen already.
    expect(form.body).toMatch(/<option value="E09000022" selected>Lambeth<\/option>/);
    expect(form.body).not.toContain('London-wide (no borough)');
    const res = await t.agent.post('/organisations/new', organisationForm());
    expect(res.statusCode).toBe(303);
    organisationId = idFrom(res.headers.location, 'organisations');
    const page = await t.agent.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Organisation added.');
    expect(page.body).toContain('Windmill Hill Residents’ Association');
    expect(page.body).toContain('Residents’ association');
    expect(page.body).toContain('href="https://windmill.example"');
    expect(page.body).toContain('href="/stakeholders"');
    const list = await t.agent.get('/organisations?type=residents-association');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Windmill Hill Residents’ Association');
    expect(list.body).not.toContain('Heath Ponds Forum');
    expect((await t.agent.get('/organisations?type=school')).body).not.toContain('Windmill Hill Residents');
  });

  it('re-renders the form with each problem named, keeps what was typed, and writes nothing', async () => {
    const res = await t.agent.post(
      '/organisations/new',
      organisationForm({ name: 'Lido Friends', type: '', email: 'not-an-address', areaCode: camden }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Choose the type of organisation');
    expect(res.body).toContain('Enter an e-mail address like name@example.org');
    expect(res.body).toContain('value="Lido Friends"');
    expect((await t.agent.get('/organisations')).body).not.toContain('Lido Friends');
    const outside = await t.agent.post(
      '/organisations/new',
      organisationForm({ name: 'Lido Friends', areaCode: camden }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('Choose a borough you look after');
  });

  it('changes an organisation', async () => {
    const edit = await t.agent.get(`/organisations/${organisationId}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="chair@windmill.example"');
    const res = await t.agent.post(
      `/organisations/${organisationId}/edit`,
      organisationForm({ name: 'Windmill Hill Tenants and Residents', type: 'residents-association' }),
    );
    expect(res.statusCode).toBe(303);
    expect((await t.agent.get(`/organisations/${organisationId}`)).body).toContain(
      'Windmill Hill Tenants and Residents',
    );
  });

  it('answers another borough’s organisation exactly as a missing one', async () => {
    const other = await t.agent.get(`/organisations/${camdenOrganisationId}`);
    const missing = await t.agent.get(`/organisations/${randomUUID()}`);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.body).not.toContain('Heath Ponds Forum');
    expect((await t.agent.get(`/organisations/${camdenOrganisationId}/edit`)).statusCode).toBe(404);
    expect((await t.agent.get('/organisations')).body).not.toContain('Heath Ponds Forum');
    expect((await t.agent.get('/organisations/not-an-id')).statusCode).toBe(404);
  });

  it('lets a contributor read organisations but not add or change them', async () => {
    await contributor.get('/organisations');
    expect((await contributor.get(`/organisations/${organisationId}`)).statusCode).toBe(200);
    expect((await contributor.get(`/organisations/${organisationId}`)).body).not.toContain('/edit"');
    expect((await contributor.get('/organisations')).body).not.toContain('Add an organisation');
    expect((await contributor.get('/organisations/new')).statusCode).toBe(403);
    expect((await contributor.post('/organisations/new', organisationForm())).statusCode).toBe(403);
    expect((await contributor.get(`/organisations/${organisationId}/edit`)).statusCode).toBe(403);
    expect((await analyst.get('/organisations')).statusCode).toBe(403);
  });
});

const personForm = (organisationId: string, overrides: Record<string, string> = {}) => ({
  fullName: 'Cllr Ada Windmill',
  'email-0': 'Ada.Windmill@Lambeth.example',
  'email-1': 'ada@home.example',
  'phone-0': '020 7926 1000',
  postalAddress: 'Town Hall\nBrixton Hill',
  preferredLanguage: 'Yoruba',
  notes: 'Chairs the planning committee',
  lastVerifiedOn: '',
  influence: '4',
  interest: '5',
  lawfulBasis: 'public-task',
  reviewOn: '2027-11-01',
  'ward-0': 'E05900001:2022',
  'membership-0-organisationId': organisationId,
  'membership-0-position': 'Chair',
  'membership-0-startedOn': '2024-05-01',
  'membership-0-endedOn': '',
  expectedVersion: '',
  ...overrides,
});

describe('people, for a Lambeth borough lead', () => {
  let organisationId: string;
  let personId: string;

  beforeAll(async () => {
    organisationId = idFrom(
      (
        await t.agent.post(
          '/organisations/new',
          organisationForm({ name: 'Lido Gardens Trust', type: 'other' }),
        )
      ).headers.location,
      'organisations',
    );
  });

  it('offers the lead’s wards grouped by borough, constituencies, roles and organisations', async () => {
    const res = await t.agent.get('/stakeholders/new');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<optgroup label="Lambeth">');
    expect(res.body).toContain('<option value="E05900001:2022">Windmill Hill</option>');
    expect(res.body).not.toContain('Heath Ponds');
    expect(res.body).toContain('Windmill and Lido (Lambeth)');
    expect(res.body).not.toContain('Heath and Canal');
    expect(res.body).toContain('Ward councillor');
    expect(res.body).toContain('Lido Gardens Trust');
    expect(res.body).not.toContain('Heath Ponds Forum');
    // Numbered inputs with one empty spare.
    expect(res.body).toContain('name="email-0"');
    expect(res.body).not.toContain('name="email-1"');
    expect(res.body).toContain('href="/stakeholders"');
  });

  it('adds a person with two e-mails, a ward, a role and a membership, and shows the record', async () => {
    const res = await t.agent.post('/stakeholders/new', {
      ...personForm(organisationId),
      roleIds: 'ward-councillor',
      accessibleFormats: 'large-print',
    });
    expect(res.statusCode).toBe(303);
    personId = idFrom(res.headers.location, 'stakeholders');
    const page = await t.agent.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('Person added.');
    expect(body).toContain('<h1 class="govuk-heading-l">Cllr Ada Windmill</h1>');
    expect(body).toContain('Ada.Windmill@Lambeth.example');
    expect(body).toContain('ada@home.example');
    expect(body).toContain('020 7926 1000');
    expect(body).toMatch(/Town Hall<br \/>\s*Brixton Hill/);
    expect(body).toContain('Large print');
    expect(body).toContain('Ward councillor');
    expect(body).toContain('Ward: Windmill Hill');
    expect(body).toContain('Lido Gardens Trust');
    expect(body).toContain('Chair');
    expect(body).toContain('4 out of 5');
    expect(body).toContain('Public task');
    expect(body).toContain('No — no consent recorded');
    // Never verified: stale.
    expect(body).toContain('Stale: not verified for 12 months');
    expect(body).not.toContain('Past its review date');
    // What a Lambeth editor may do from here.
    expect(body).toContain(`href="/stakeholders/${personId}/edit"`);
    expect(body).toContain(`href="/stakeholders/${personId}/consent"`);
    expect(body).toContain(`href="/stakeholders/${personId}/merge"`);
    expect(body).toContain('action="/boroughs/E09000022/top-100/add"');
    expect(body).toContain(`name="personId" value="${personId}"`);
    expect(body).toContain('Add to Lambeth’s top 100');
    expect(body).not.toContain('/subject-access');
    expect(body).not.toContain('/erase');
    const contacts = await t.deps.db.select().from(contactPoints).where(eq(contactPoints.personId, personId));
    expect(contacts.map((c) => c.normalised).sort()).toEqual([
      '02079261000',
      'ada.windmill@lambeth.example',
      'ada@home.example',
    ]);
    expect(await t.deps.db.select().from(memberships).where(eq(memberships.personId, personId))).toHaveLength(
      1,
    );
    // The organisation lists its new member.
    const organisation = await t.agent.get(`/organisations/${organisationId}`);
    expect(organisation.body).toContain(`href="/stakeholders/${personId}"`);
    expect(organisation.body).toContain('Cllr Ada Windmill');
  });

  it('re-renders the form naming each problem, keeps what was typed, and writes nothing', async () => {
    const before = await peopleCount();
    const res = await t.agent.post('/stakeholders/new', {
      ...personForm(organisationId, {
        fullName: '',
        'email-1': 'not an address',
        'ward-0': '',
        'membership-0-endedOn': '2020-01-01',
        influence: '9',
      }),
      'phone-0': '020 7926 1000',
    });
    expect(res.statusCode).toBe(400);
    const body = res.body;
    expect(body).toContain('There is a problem');
    expect(body).toContain('Enter the person’s name');
    expect(body).toContain('href="#fullName"');
    expect(body).toContain('“not an address” is not an e-mail address');
    expect(body).toContain('href="#email-0"');
    expect(body).toContain('Choose at least one borough, ward or constituency the person covers');
    expect(body).toContain('Influence must be a whole number from 1 to 5');
    expect(body).toContain('Membership 1: the end date must be on or after the start date');
    expect(body).toContain('href="#membership-0-endedOn"');
    expect(body).toContain('value="Ada.Windmill@Lambeth.example"');
    expect(body).toContain('value="not an address"');
    expect(body).toContain('Chairs the planning committee');
    expect(await peopleCount()).toBe(before);
  });

  it('names a refused place by its row and keeps the others', async () => {
    const res = await t.agent.post(
      '/stakeholders/new',
      personForm(organisationId, {
        fullName: 'Ward Mistake',
        'ward-0': 'E05900001:2022',
        'ward-1': 'E05999999',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Ward 2: E05999999 is not a borough, ward or constituency');
    expect(res.body).toMatch(/<option value="E05900001:2022" selected>Windmill Hill<\/option>/);
  });

  it('records consent, after which the person can be e-mailed', async () => {
    const form = await t.agent.get(`/stakeholders/${personId}/consent`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="2026-11-22"');
    const refused = await t.agent.post(`/stakeholders/${personId}/consent`, {
      event: 'given',
      occurredOn: '2026-11-20',
      method: 'meeting',
      wordingVersion: 'newsletter-2026-01',
      evidence: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Describe the evidence');
    expect(refused.body).toContain('value="newsletter-2026-01"');
    expect(await t.deps.db.select().from(consentLedger).where(eq(consentLedger.personId, personId))).toEqual(
      [],
    );
    const res = await t.agent.post(`/stakeholders/${personId}/consent`, {
      event: 'given',
      occurredOn: '2026-11-20',
      method: 'meeting',
      wordingVersion: 'newsletter-2026-01',
      evidence: 'Signed the sign-up sheet at the ward forum',
    });
    expect(res.statusCode).toBe(303);
    const page = await t.agent.get(String(res.headers.location));
    expect(page.body).toContain('Consent event recorded.');
    expect(page.body).toContain('Yes (ada.windmill@lambeth.example)');
    expect(page.body).toContain('20 November 2026');
    expect(page.body).toContain('At a meeting');
    expect(page.body).toContain('newsletter-2026-01');
    expect(page.body).toContain('Signed the sign-up sheet at the ward forum');
    const future = await t.agent.post(`/stakeholders/${personId}/consent`, {
      event: 'withdrawn',
      occurredOn: '2027-01-01',
      method: 'email',
      wordingVersion: 'v1',
      evidence: 'E-mail',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('The date cannot be in the future');
  });

  it('edits the person, keeping the record’s version, and refuses a save over a newer version', async () => {
    const edit = await t.agent.get(`/stakeholders/${personId}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Cllr Ada Windmill"');
    expect(edit.body).toContain('name="expectedVersion" value="1"');
    expect(edit.body).toContain('value="ada@home.example"');
    expect(edit.body).toContain('name="email-2"');
    expect(edit.body).toMatch(/<option value="E05900001:2022" selected>Windmill Hill<\/option>/);
    const changed = personForm(organisationId, {
      fullName: 'Cllr Ada Windmill-Lido',
      'email-1': '',
      'ward-1': 'E05900002:2022',
      lastVerifiedOn: '2026-11-01',
      expectedVersion: '1',
    });
    const res = await t.agent.post(`/stakeholders/${personId}/edit`, changed);
    expect(res.statusCode).toBe(303);
    const page = await t.agent.get(String(res.headers.location));
    expect(page.body).toContain('Changes saved.');
    expect(page.body).toContain('Cllr Ada Windmill-Lido');
    expect(page.body).toContain('Ward: Lido Gardens');
    expect(page.body).not.toContain('ada@home.example');
    expect(page.body).not.toContain('Stale: not verified');

    const late = await t.agent.post(`/stakeholders/${personId}/edit`, {
      ...changed,
      fullName: 'Ada Typed Late',
      expectedVersion: '1',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Someone else changed this record while you were editing it');
    expect(late.body).toContain('value="Ada Typed Late"');
    expect(late.body).toContain('name="expectedVersion" value="2"');
    const [row] = await t.deps.db.select().from(people).where(eq(people.id, personId));
    expect(row?.fullName).toBe('Cllr Ada Windmill-Lido');
  });

  it('shows the top 100 rank in place of the button once the person is ranked', async () => {
    await t.deps.db.insert(topHundred).values({ areaCode: lambeth, personId, rank: 7 });
    const page = await t.agent.get(`/stakeholders/${personId}`);
    expect(page.body).toContain('Lambeth’s top 100</a>: number 7');
    expect(page.body).not.toContain('top-100/add');
  });

  it('leads a merged id to the survivor with a permanent redirect', async () => {
    const loser = randomUUID();
    await t.deps.db
      .insert(personRedirects)
      .values({ fromId: loser, toId: personId, mergedAt: t.deps.clock.now() });
    const res = await t.agent.get(`/stakeholders/${loser}`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/stakeholders/${personId}`);
    const edit = await t.agent.get(`/stakeholders/${loser}/edit`);
    expect(edit.statusCode).toBe(301);
    expect(edit.headers.location).toBe(`/stakeholders/${personId}/edit`);
  });

  it('answers another borough’s person exactly as a missing one', async () => {
    for (const suffix of ['', '/edit', '/consent']) {
      const other = await t.agent.get(`/stakeholders/${camdenPersonId}${suffix}`);
      const missing = await t.agent.get(`/stakeholders/${randomUUID()}${suffix}`);
      expect(other.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(other.body).not.toContain('Carla Camden');
    }
    const post = await t.agent.post(`/stakeholders/${camdenPersonId}/edit`, personForm(organisationId));
    expect(post.statusCode).toBe(404);
    expect((await t.agent.get('/stakeholders/nope')).statusCode).toBe(404);
  });

  it('lets a contributor read the record but not change it, and refuses an analyst', async () => {
    const page = await contributor.get(`/stakeholders/${personId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cllr Ada Windmill-Lido');
    expect(page.body).not.toContain('/edit"');
    expect(page.body).not.toContain('/consent"');
    expect(page.body).not.toContain('top-100/add');
    expect((await contributor.get('/stakeholders/new')).statusCode).toBe(403);
    expect((await contributor.post('/stakeholders/new', personForm(organisationId))).statusCode).toBe(403);
    expect((await contributor.get(`/stakeholders/${personId}/edit`)).statusCode).toBe(403);
    expect((await contributor.get(`/stakeholders/${personId}/consent`)).statusCode).toBe(403);
    expect((await analyst.get(`/stakeholders/${personId}`)).statusCode).toBe(403);
  });

  it('shows an administrator the subject access and erasure links, but no editing', async () => {
    const page = await admin.get(`/stakeholders/${personId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/stakeholders/${personId}/subject-access"`);
    expect(page.body).toContain(`href="/stakeholders/${personId}/erase"`);
    expect(page.body).not.toContain(`href="/stakeholders/${personId}/edit"`);
    expect(page.body).not.toContain('/merge"');
  });

  it('flags a record past its review date', async () => {
    await t.deps.db.update(people).set({ reviewOn: '2026-10-01' }).where(eq(people.id, personId));
    const page = await t.agent.get(`/stakeholders/${personId}`);
    expect(page.body).toContain('Past its review date (1 October 2026)');
  });

  it('shows an erased person as the description left and the day of erasure only', async () => {
    const ctx = contextFor(t.deps, operator('test'));
    const erasedId = (
      await createPerson(ctx, {
        fullName: 'Eve Erased',
        emails: ['eve@erased.example'],
        places: [{ kind: 'borough', code: lambeth }],
      })
    ).id;
    await t.deps.db
      .update(people)
      .set({ fullName: 'a ward councillor', erasedAt: new Date('2026-11-21T10:00:00Z') })
      .where(eq(people.id, erasedId));
    const page = await t.agent.get(`/stakeholders/${erasedId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('a ward councillor');
    expect(page.body).toContain('Erased on 21 November 2026');
    expect(page.body).not.toContain('eve@erased.example');
    expect(page.body).not.toContain('/edit"');
    expect((await t.agent.get(`/stakeholders/${erasedId}/edit`)).statusCode).toBe(409);
  });
});

describe('records that reach beyond the lead’s boroughs', () => {
  it('keeps a place in another borough when the lead saves the person', async () => {
    const ctx = contextFor(t.deps, operator('test'));
    const id = (
      await createPerson(ctx, {
        fullName: 'Bridget Both',
        places: [
          { kind: 'ward', code: 'E05900001' },
          { kind: 'ward', code: 'E05900008' },
        ],
      })
    ).id;
    const edit = await t.agent.get(`/stakeholders/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toMatch(
      /<option value="E05900008:2022" selected>Heath Ponds \(2022 boundaries\)<\/option>/,
    );
    const res = await t.agent.post(`/stakeholders/${id}/edit`, {
      fullName: 'Bridget Both-Ways',
      'ward-0': 'E05900001:2022',
      'ward-1': 'E05900008:2022',
      expectedVersion: '1',
    });
    expect(res.statusCode).toBe(303);
    const page = await t.agent.get(`/stakeholders/${id}`);
    expect(page.body).toContain('Ward: Heath Ponds');
    expect(page.body).toContain('Camden, Lambeth');
  });

  it('lists only the current members of a London-wide organisation whom the lead may see', async () => {
    const ctx = contextFor(t.deps, operator('test'));
    const org = await createOrganisation(ctx, { name: 'London Faith Forum', type: 'faith-organisation' });
    const member = (name: string, code: string, endedOn: string | null = null) =>
      createPerson(ctx, {
        fullName: name,
        places: [{ kind: 'ward', code }],
        memberships: [{ organisationId: org.id, position: 'Trustee', startedOn: '2020-01-01', endedOn }],
      });
    await member('Lambeth Trustee', 'E05900001');
    await member('Former Trustee', 'E05900002', '2025-12-31');
    await member('Camden Trustee', 'E05900008');
    const page = await t.agent.get(`/organisations/${org.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('London-wide');
    expect(page.body).toContain('Lambeth Trustee');
    expect(page.body).not.toContain('Former Trustee');
    expect(page.body).not.toContain('Camden Trustee');
    // Only a programme lead may change a London-wide organisation.
    expect(page.body).not.toContain(`/organisations/${org.id}/edit`);
    expect((await t.agent.get(`/organisations/${org.id}/edit`)).statusCode).toBe(403);
    const everyone = await admin.get(`/organisations/${org.id}`);
    expect(everyone.body).toContain('Camden Trustee');
  });
});

describe('the list of roles', () => {
  it('is shown to an administrator, who adds a role', async () => {
    const page = await admin.get('/stakeholders/roles');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Safer Neighbourhood Board chair');
    const res = await admin.post('/stakeholders/roles', { label: 'Tenants’ federation chair' });
    expect(res.statusCode).toBe(303);
    const after = await admin.get('/stakeholders/roles?done=role-added');
    expect(after.body).toContain('Role added to the list.');
    expect(after.body).toContain('Tenants’ federation chair');
    const again = await admin.post('/stakeholders/roles', { label: 'tenants’ federation chair' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('is already on the list');
    expect(again.body).toContain('value="tenants’ federation chair"');
    // The new role is offered on the person form.
    expect((await t.agent.get('/stakeholders/new')).body).toContain('Tenants’ federation chair');
  });

  it('is refused to everyone else', async () => {
    expect((await t.agent.get('/stakeholders/roles')).statusCode).toBe(403);
    expect((await t.agent.post('/stakeholders/roles', { label: 'Anything' })).statusCode).toBe(403);
    expect((await contributor.get('/stakeholders/roles')).statusCode).toBe(403);
  });
});
