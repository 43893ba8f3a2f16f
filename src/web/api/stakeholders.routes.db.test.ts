import { and, count, eq, ne } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  type TestDeps,
} from '../../../test/harness.ts';
import {
  auditEvents,
  consentLedger,
  contactPoints,
  memberships,
  organisations,
  people,
  personPlaces,
  personRedirects,
  personRoles,
  topHundred,
} from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { operator } from '../../domain/access/actor.ts';
import { createApiToken } from '../../domain/access/create-api-token.ts';
import { importWards } from '../../domain/geography/import-wards.ts';
import { createPerson } from '../../domain/stakeholders/create-person.ts';
import { createOrganisation } from '../../domain/stakeholders/organisations.ts';
import { erasePerson } from '../../domain/stakeholders/personal-data/erase-person.ts';
import { recordConsent } from '../../domain/stakeholders/record-consent.ts';

/** The stakeholder API with real tokens on a real database. The test clock's London day is 2026-11-22. */

const lambeth = 'E09000022';
const camden = 'E09000007';
const brixtonNorth = 'E05014096';
const missingUuid = '00000000-0000-4000-8000-000000000000';

let t: RouteTestApp;
let deps: TestDeps;
let app: FastifyInstance;
/** The route test user is a programme lead: every borough. */
let token: string;
let lambethLead: string;
let camdenContributor: string;
let analyst: string;

const ids = {
  ada: '',
  bola: '',
  camdenPerson: '',
  stale: '',
  residents: '',
  camdenOrg: '',
  londonOrg: '',
};

beforeAll(async () => {
  t = await routeTestApp({ role: 'programme_lead' });
  ({ deps, app, token } = t);
  const ctx = contextFor(deps, operator('test'));
  const tokenOf = async (user: Awaited<ReturnType<typeof givenUser>>) =>
    (await createApiToken(ctx, { userId: user.id, name: 'api' })).token;
  lambethLead = await tokenOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] }));
  camdenContributor = await tokenOf(
    await givenUser(deps, { role: 'borough_contributor', boroughs: [camden] }),
  );
  analyst = await tokenOf(await givenUser(deps, { role: 'analyst' }));
  await importWards(ctx, {
    text: ['WD22CD,WD22NM,LAD22CD', `${brixtonNorth},Brixton North,${lambeth}`].join('\n'),
  });

  ids.residents = (
    await createOrganisation(ctx, {
      name: 'Windmill Estate Residents’ Association',
      type: 'residents-association',
      areaCode: lambeth,
    })
  ).id;
  ids.camdenOrg = (
    await createOrganisation(ctx, { name: 'Canal Lock Traders', type: 'business', areaCode: camden })
  ).id;
  ids.londonOrg = (
    await createOrganisation(ctx, { name: 'London Policing Forum', type: 'community-group' })
  ).id;

  ids.ada = (
    await createPerson(ctx, {
      fullName: 'Cllr Ada Brixton',
      emails: ['Ada.Brixton@lambeth.example'],
      phones: ['020 7946 0001'],
      roleIds: ['ward-councillor'],
      places: [{ kind: 'ward', code: brixtonNorth }],
      influence: 4,
      interest: 5,
      lastVerifiedOn: '2026-10-01',
      memberships: [{ organisationId: ids.residents, position: 'Patron' }],
    })
  ).id;
  await recordConsent(ctx, {
    personId: ids.ada,
    event: 'given',
    occurredOn: '2026-09-14',
    method: 'meeting',
    wordingVersion: 'newsletter-2026-01',
    evidence: 'Signed the sheet at the ward panel meeting',
  });
  ids.bola = (
    await createPerson(ctx, {
      fullName: 'Bola Adeyemi',
      emails: ['bola@example.org'],
      roleIds: ['community-leader'],
      places: [{ kind: 'borough', code: lambeth }],
      lastVerifiedOn: '2026-06-01',
    })
  ).id;
  ids.stale = (
    await createPerson(ctx, {
      fullName: 'Cyril Dobbs',
      places: [{ kind: 'borough', code: lambeth }],
      lastVerifiedOn: '2024-01-31',
    })
  ).id;
  ids.camdenPerson = (
    await createPerson(ctx, {
      fullName: 'Dara Canal',
      emails: ['dara@example.org'],
      places: [{ kind: 'borough', code: camden }],
      lastVerifiedOn: '2026-11-01',
      memberships: [{ organisationId: ids.camdenOrg, position: 'Owner' }],
    })
  ).id;
  await deps.db.insert(topHundred).values({ areaCode: lambeth, personId: ids.bola, rank: 1 });
});
afterAll(() => closeApp(t));

type Method = 'GET' | 'POST' | 'PATCH';

const call = (
  method: Method,
  url: string,
  options: { bearer?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) => {
  const bearer = options.bearer === undefined ? token : options.bearer;
  return app.inject({
    method,
    url,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
};
const get = (url: string, bearer?: string | null) => call('GET', url, { bearer });

const names = async (query: string, bearer?: string) => {
  const res = await get(`/api/v1/stakeholders?${query}`, bearer);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((p: { fullName: string }) => p.fullName);
};

describe('without a token, or with a role that may not', () => {
  it.each([
    ['GET', '/api/v1/stakeholders'],
    ['GET', `/api/v1/stakeholders/${missingUuid}`],
    ['POST', '/api/v1/stakeholders'],
    ['PATCH', `/api/v1/stakeholders/${missingUuid}`],
    ['GET', '/api/v1/organisations'],
    ['GET', `/api/v1/organisations/${missingUuid}`],
    ['POST', '/api/v1/organisations'],
    ['PATCH', `/api/v1/organisations/${missingUuid}`],
  ] as const)('%s %s answers 401 problem+json without a token', async (method, url) => {
    const res = await call(method, url, { bearer: null, body: method === 'GET' ? undefined : {} });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });

  it('refuses an analyst the stakeholders (403)', async () => {
    for (const url of ['/api/v1/stakeholders', `/api/v1/stakeholders/${ids.ada}`, '/api/v1/organisations']) {
      const res = await get(url, analyst);
      expect(res.statusCode, url).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('lets a contributor read their borough but not add or change anyone (403)', async () => {
    expect((await get(`/api/v1/stakeholders/${ids.camdenPerson}`, camdenContributor)).statusCode).toBe(200);
    const add = await call('POST', '/api/v1/stakeholders', {
      bearer: camdenContributor,
      body: { fullName: 'New Person', places: [{ kind: 'borough', code: camden }] },
    });
    expect(add.statusCode).toBe(403);
    const change = await call('PATCH', `/api/v1/stakeholders/${ids.camdenPerson}`, {
      bearer: camdenContributor,
      body: { notes: 'Changed' },
    });
    expect(change.statusCode).toBe(403);
    const org = await call('POST', '/api/v1/organisations', {
      bearer: camdenContributor,
      body: { name: 'Camden Club', type: 'community-group', areaCode: camden },
    });
    expect(org.statusCode).toBe(403);
    const [row] = await deps.db.select().from(people).where(eq(people.id, ids.camdenPerson));
    expect(row?.notes).toBeNull();
  });
});

describe('GET /api/v1/stakeholders', () => {
  it('lists the people in the caller’s boroughs by name, with every field of a row', async () => {
    const res = await get('/api/v1/stakeholders', lambethLead);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((p: { fullName: string }) => p.fullName)).toEqual([
      'Bola Adeyemi',
      'Cllr Ada Brixton',
      'Cyril Dobbs',
    ]);
    expect(body.total).toBe(3);
    expect(body.next).toBeNull();
    expect(body.items[1]).toEqual({
      id: ids.ada,
      fullName: 'Cllr Ada Brixton',
      email: 'Ada.Brixton@lambeth.example',
      phone: '020 7946 0001',
      organisations: ['Windmill Estate Residents’ Association'],
      roles: ['Ward councillor'],
      boroughs: ['Lambeth'],
      influence: 4,
      interest: 5,
      topHundredRank: null,
      consent: 'given',
      lastVerifiedOn: '2026-10-01',
      stale: false,
      updatedAt: '2026-11-22T09:00:00.000Z',
      links: { self: `/api/v1/stakeholders/${ids.ada}`, page: `/stakeholders/${ids.ada}` },
    });
  });

  it('shows a Camden contributor only Camden', async () => {
    expect(await names('', camdenContributor)).toEqual(['Dara Canal']);
    expect(await names(`areaCode=${lambeth}`, camdenContributor)).toEqual([]);
  });

  it.each([
    ['q=brixton', ['Cllr Ada Brixton']],
    ['q=BRIXTN', ['Cllr Ada Brixton']],
    ['q=windmill', ['Cllr Ada Brixton']],
    ['q=bola%40example', ['Bola Adeyemi']],
    [`areaCode=${camden}`, ['Dara Canal']],
    [`wardCode=${brixtonNorth}`, ['Cllr Ada Brixton']],
    ['roleId=community-leader', ['Bola Adeyemi']],
    ['organisationType=business', ['Dara Canal']],
    ['organisationType=residents-association', ['Cllr Ada Brixton']],
    ['topHundred=true', ['Bola Adeyemi']],
    [`topHundred=false&areaCode=${lambeth}`, ['Cllr Ada Brixton', 'Cyril Dobbs']],
    ['consent=given', ['Cllr Ada Brixton']],
    [`consent=none&areaCode=${lambeth}`, ['Bola Adeyemi', 'Cyril Dobbs']],
    ['stale=true', ['Cyril Dobbs']],
    [`stale=false&areaCode=${lambeth}`, ['Bola Adeyemi', 'Cllr Ada Brixton']],
    ['sort=-name', ['Dara Canal', 'Cyril Dobbs', 'Cllr Ada Brixton', 'Bola Adeyemi']],
  ])('filters with %s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('ranks and marks stale in each row', async () => {
    const { items } = (await get(`/api/v1/stakeholders?areaCode=${lambeth}`)).json();
    const byName = Object.fromEntries(
      items.map((p: { fullName: string; topHundredRank: number | null; stale: boolean }) => [
        p.fullName,
        [p.topHundredRank, p.stale],
      ]),
    );
    expect(byName).toEqual({
      'Bola Adeyemi': [1, false],
      'Cllr Ada Brixton': [null, false],
      'Cyril Dobbs': [null, true],
    });
  });

  it('pages with the next cursor until every person has been seen once', async () => {
    const seen: string[] = [];
    let url = '/api/v1/stakeholders?limit=1&sort=name';
    for (let page = 0; page < 10; page += 1) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.total).toBe(4);
      expect(body.items.length).toBeLessThanOrEqual(1);
      seen.push(...body.items.map((p: { fullName: string }) => p.fullName));
      if (body.next === null) break;
      url = `/api/v1/stakeholders?limit=1&sort=name&after=${encodeURIComponent(body.next)}`;
    }
    expect(seen).toEqual(['Bola Adeyemi', 'Cllr Ada Brixton', 'Cyril Dobbs', 'Dara Canal']);
  });

  it('pages sorted by the last change too', async () => {
    const first = (await get('/api/v1/stakeholders?limit=3&sort=-updated')).json();
    expect(first.items).toHaveLength(3);
    const rest = (
      await get(`/api/v1/stakeholders?limit=3&sort=-updated&after=${encodeURIComponent(first.next)}`)
    ).json();
    expect(rest.items).toHaveLength(1);
    expect(rest.next).toBeNull();
    const all = [...first.items, ...rest.items].map((p: { id: string }) => p.id);
    expect(new Set(all).size).toBe(4);
  });

  it.each([
    ['areaCode=Lambeth', 'areaCode'],
    ['wardCode=E09000022', 'wardCode'],
    ['roleId=Not%20A%20Role', 'roleId'],
    ['organisationType=club', 'organisationType'],
    ['topHundred=yes', 'topHundred'],
    ['consent=maybe', 'consent'],
    ['stale=1', 'stale'],
    ['sort=age', 'sort'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['after=not-a-cursor', 'after'],
    [`q=${'x'.repeat(201)}`, 'q'],
  ])('answers 400 problem+json naming the parameter for %s', async (query, field) => {
    const res = await get(`/api/v1/stakeholders?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(Object.keys(res.json().errors)).toEqual([field]);
  });

  it('takes up to 200 a page', async () => {
    expect((await get('/api/v1/stakeholders?limit=200')).statusCode).toBe(200);
  });
});

describe('GET /api/v1/stakeholders/{id}', () => {
  it('returns the whole record, the consent ledger and the version as ETag', async () => {
    const res = await get(`/api/v1/stakeholders/${ids.ada}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const { data } = res.json();
    expect(data).toEqual({
      id: ids.ada,
      fullName: 'Cllr Ada Brixton',
      emails: [{ address: 'Ada.Brixton@lambeth.example', suppressed: false }],
      phones: ['020 7946 0001'],
      postalAddress: null,
      preferredLanguage: null,
      accessibleFormats: [],
      notes: null,
      lastVerifiedOn: '2026-10-01',
      stale: false,
      influence: 4,
      interest: 5,
      lawfulBasis: 'public-task',
      reviewOn: null,
      pastReview: false,
      roles: [{ id: 'ward-councillor', label: 'Ward councillor' }],
      places: [{ kind: 'ward', code: brixtonNorth, vintage: 2022, name: 'Brixton North' }],
      boroughs: [{ gssCode: lambeth, name: 'Lambeth' }],
      memberships: [
        {
          id: expect.any(String),
          organisation: {
            id: ids.residents,
            name: 'Windmill Estate Residents’ Association',
            type: 'residents-association',
            links: { self: `/api/v1/organisations/${ids.residents}` },
          },
          position: 'Patron',
          startedOn: null,
          endedOn: null,
        },
      ],
      topHundred: [],
      newsletter: {
        consent: 'given',
        canBeEmailed: true,
        address: 'ada.brixton@lambeth.example',
        excludedBecause: null,
        excludedBecauseText: null,
        events: [
          {
            event: 'given',
            occurredAt: expect.stringMatching(/^2026-09-1[34]T/),
            method: 'meeting',
            wordingVersion: 'newsletter-2026-01',
            evidence: 'Signed the sheet at the ward panel meeting',
            recordedAt: '2026-11-22T09:00:00.000Z',
            recordedBy: 'Command line (test)',
          },
        ],
      },
      erasedAt: null,
      version: 1,
      createdAt: '2026-11-22T09:00:00.000Z',
      updatedAt: '2026-11-22T09:00:00.000Z',
      links: { self: `/api/v1/stakeholders/${ids.ada}`, page: `/stakeholders/${ids.ada}` },
    });
  });

  it('says why someone cannot be e-mailed', async () => {
    const { data } = (await get(`/api/v1/stakeholders/${ids.stale}`)).json();
    expect(data.newsletter).toEqual({
      consent: 'none',
      canBeEmailed: false,
      address: null,
      excludedBecause: 'no-email',
      excludedBecauseText: 'No e-mail address',
      events: [],
    });
    expect(data.stale).toBe(true);
  });

  it('answers a Camden person to the Lambeth lead exactly as a missing one', async () => {
    const found = await get(`/api/v1/stakeholders/${ids.camdenPerson}`, lambethLead);
    const missing = await get(`/api/v1/stakeholders/${missingUuid}`, lambethLead);
    expect(found.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(found.body).not.toContain('Dara');
    const strip = (body: string) => {
      const { requestId: _r, instance: _i, ...rest } = JSON.parse(body);
      return rest;
    };
    expect(strip(found.body)).toEqual(strip(missing.body));
    expect(strip(found.body)).toMatchObject({ status: 404, detail: 'There is no such person.' });
  });

  it.each(['not-a-uuid', missingUuid])('answers 404 for the id %s', async (id) => {
    const res = await get(`/api/v1/stakeholders/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('a merged person’s old id', () => {
  const oldId = '11111111-1111-4111-8111-111111111111';
  beforeAll(async () => {
    await deps.db.insert(personRedirects).values({ fromId: oldId, toId: ids.bola, mergedAt: new Date() });
  });

  it('answers GET with 301 and the survivor in Location', async () => {
    const res = await get(`/api/v1/stakeholders/${oldId}`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/api/v1/stakeholders/${ids.bola}`);
    expect(res.json()).toEqual({ mergedInto: ids.bola, links: { self: `/api/v1/stakeholders/${ids.bola}` } });
  });

  it('answers PATCH with 308 and changes nothing', async () => {
    const res = await call('PATCH', `/api/v1/stakeholders/${oldId}`, {
      body: { notes: 'Through the old id' },
    });
    expect(res.statusCode).toBe(308);
    expect(res.headers.location).toBe(`/api/v1/stakeholders/${ids.bola}`);
    const [row] = await deps.db.select().from(people).where(eq(people.id, ids.bola));
    expect(row?.notes).toBeNull();
  });

  it('answers 404 to someone who may not see the survivor', async () => {
    expect((await get(`/api/v1/stakeholders/${oldId}`, camdenContributor)).statusCode).toBe(404);
  });
});

describe('an erased person', () => {
  let id: string;
  beforeAll(async () => {
    const ctx = contextFor(deps, operator('test'));
    id = (
      await createPerson(ctx, {
        fullName: 'Gwen Erasmus',
        emails: ['gwen@example.org'],
        roleIds: ['ward-councillor'],
        places: [{ kind: 'borough', code: lambeth }],
      })
    ).id;
    await erasePerson(ctx, { id, confirmName: 'Gwen Erasmus' });
  });

  it('is shown without their personal data, and is left out of the list', async () => {
    const res = await get(`/api/v1/stakeholders/${id}`);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.erasedAt).toBe('2026-11-22T09:00:00.000Z');
    expect(data.fullName).not.toContain('Gwen');
    expect(data.emails).toEqual([]);
    expect(data.newsletter).toMatchObject({ canBeEmailed: false, excludedBecause: 'erased' });
    expect(res.body).not.toContain('gwen@example.org');
    expect(await names('q=gwen')).toEqual([]);
  });

  it('cannot be changed (409), and nothing is written', async () => {
    const before = await tableCounts();
    const res = await call('PATCH', `/api/v1/stakeholders/${id}`, { body: { notes: 'Back again' } });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /api/v1/stakeholders', () => {
  it('adds a person, answering 201 with the record and its address', async () => {
    const res = await call('POST', '/api/v1/stakeholders', {
      bearer: lambethLead,
      body: {
        fullName: '  Efua Mensah ',
        emails: ['Efua.Mensah@Example.org'],
        phones: ['07700 900123'],
        postalAddress: '12 Corn Lane, London',
        preferredLanguage: 'Twi',
        accessibleFormats: ['large-print'],
        influence: 3,
        interest: '4',
        lastVerifiedOn: '2026-11-01',
        reviewOn: '2029-11-01',
        lawfulBasis: 'legitimate-interests',
        roleIds: ['faith-leader'],
        places: [{ kind: 'ward', code: brixtonNorth }],
        memberships: [{ organisationId: ids.residents, position: 'Secretary', startedOn: '2024-04-01' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { data } = res.json();
    expect(res.headers.location).toBe(`/api/v1/stakeholders/${data.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(data).toMatchObject({
      fullName: 'Efua Mensah',
      emails: [{ address: 'Efua.Mensah@Example.org', suppressed: false }],
      phones: ['07700 900123'],
      accessibleFormats: ['large-print'],
      influence: 3,
      interest: 4,
      lawfulBasis: 'legitimate-interests',
      roles: [{ id: 'faith-leader', label: 'Faith leader' }],
      boroughs: [{ gssCode: lambeth, name: 'Lambeth' }],
      memberships: [{ position: 'Secretary', startedOn: '2024-04-01', organisation: { id: ids.residents } }],
      version: 1,
    });
    const [contact] = await deps.db.select().from(contactPoints).where(eq(contactPoints.personId, data.id));
    expect(contact?.normalised).toBe('efua.mensah@example.org');
    const audit = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, data.id));
    expect(audit.map((a) => a.summary)).toEqual(['Person “Efua Mensah” added']);
  });

  it.each([
    [{ places: [{ kind: 'borough', code: lambeth }] }, 'fullName'],
    [{ fullName: '', places: [{ kind: 'borough', code: lambeth }] }, 'fullName'],
    [{ fullName: 42, places: [{ kind: 'borough', code: lambeth }] }, 'fullName'],
    [{ fullName: 'A Person' }, 'places'],
    [{ fullName: 'A Person', places: [] }, 'places'],
    [{ fullName: 'A Person', places: 'Lambeth' }, 'places'],
    [{ fullName: 'A Person', places: [{ kind: 'borough', code: 'E09000099' }] }, 'places'],
    [{ fullName: 'A Person', places: [{ kind: 'city', code: lambeth }] }, 'places.0.kind'],
    [
      { fullName: 'A Person', emails: ['not an address'], places: [{ kind: 'borough', code: lambeth }] },
      'emails',
    ],
    [
      { fullName: 'A Person', emails: 'a@example.org', places: [{ kind: 'borough', code: lambeth }] },
      'emails',
    ],
    [
      { fullName: 'A Person', emails: ['a\u0000@example.org'], places: [{ kind: 'borough', code: lambeth }] },
      'emails.0',
    ],
    [
      { fullName: 'A Person', emails: ['bola@example.org'], places: [{ kind: 'borough', code: lambeth }] },
      'emails',
    ],
    [{ fullName: 'A Person', phones: ['call me'], places: [{ kind: 'borough', code: lambeth }] }, 'phones'],
    [{ fullName: 'A Person', influence: 9, places: [{ kind: 'borough', code: lambeth }] }, 'influence'],
    [
      { fullName: 'A Person', lastVerifiedOn: '2026-02-30', places: [{ kind: 'borough', code: lambeth }] },
      'lastVerifiedOn',
    ],
    [
      { fullName: 'A Person', roleIds: ['astronaut'], places: [{ kind: 'borough', code: lambeth }] },
      'roleIds',
    ],
    [
      { fullName: 'A Person', lawfulBasis: 'whim', places: [{ kind: 'borough', code: lambeth }] },
      'lawfulBasis',
    ],
    [{ fullName: 'A Person', places: [{ kind: 'borough', code: camden }] }, 'places'],
    [
      {
        fullName: 'A Person',
        places: [{ kind: 'borough', code: lambeth }],
        memberships: [{ organisationId: 'CAMDEN_ORG' }],
      },
      'memberships',
    ],
  ])('answers 400 naming the field, saving nothing (%j)', async (body, field) => {
    // The organisation's id is known only once the suite has started.
    const payload = JSON.parse(JSON.stringify(body).replace('"CAMDEN_ORG"', `"${ids.camdenOrg}"`));
    const before = await tableCounts();
    const res = await call('POST', '/api/v1/stakeholders', { bearer: lambethLead, body: payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(Object.keys(res.json().errors)).toContain(field);
    expect(await tableCounts()).toEqual(before);
  });

  it('names the other person holding an address only to those who may see them', async () => {
    const res = await call('POST', '/api/v1/stakeholders', {
      bearer: lambethLead,
      body: {
        fullName: 'Someone',
        emails: ['dara@example.org'],
        places: [{ kind: 'borough', code: lambeth }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.emails).toBe(
      'dara@example.org is already the address of another person in the database',
    );
  });

  it('refuses a body that is not JSON, or not an object', async () => {
    const text = await app.inject({
      method: 'POST',
      url: '/api/v1/stakeholders',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"fullName": ',
    });
    expect(text.statusCode).toBe(400);
    expect(text.headers['content-type']).toContain('application/problem+json');
    const list = await call('POST', '/api/v1/stakeholders', { body: [1, 2] });
    expect(list.statusCode).toBe(400);
  });
});

describe('PATCH /api/v1/stakeholders/{id}', () => {
  let id: string;
  beforeAll(async () => {
    const res = await call('POST', '/api/v1/stakeholders', {
      body: {
        fullName: 'Femi Okafor',
        emails: ['femi@example.org', 'femi.work@example.org'],
        phones: ['020 7946 0444'],
        postalAddress: '4 Lark Road, London',
        influence: 2,
        roleIds: ['business-leader'],
        places: [{ kind: 'ward', code: brixtonNorth }],
        memberships: [{ organisationId: ids.residents, position: 'Treasurer' }],
      },
    });
    id = res.json().data.id;
  });

  it('changes the fields given and keeps every other', async () => {
    const res = await call('PATCH', `/api/v1/stakeholders/${id}`, {
      bearer: lambethLead,
      body: { influence: 5, postalAddress: null, version: 1 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const { data } = res.json();
    expect(data).toMatchObject({
      fullName: 'Femi Okafor',
      emails: [
        { address: 'femi@example.org', suppressed: false },
        { address: 'femi.work@example.org', suppressed: false },
      ],
      phones: ['020 7946 0444'],
      postalAddress: null,
      influence: 5,
      roles: [{ id: 'business-leader' }],
      places: [{ kind: 'ward', code: brixtonNorth, vintage: 2022 }],
      memberships: [{ position: 'Treasurer', organisation: { id: ids.residents } }],
      version: 2,
    });
    const [audit] = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'updated')));
    expect(audit?.newValues).toEqual({ influence: 5, postalAddress: null });
  });

  it('takes the version from If-Match, and refuses a stale one with 409, saving nothing', async () => {
    const stale = await call('PATCH', `/api/v1/stakeholders/${id}`, {
      body: { notes: 'From an old copy' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const staleBody = await call('PATCH', `/api/v1/stakeholders/${id}`, {
      body: { notes: 'Old', version: 1 },
    });
    expect(staleBody.statusCode).toBe(409);
    const [row] = await deps.db.select().from(people).where(eq(people.id, id));
    expect(row).toMatchObject({ notes: null, version: 2 });

    const fresh = await call('PATCH', `/api/v1/stakeholders/${id}`, {
      body: { notes: 'Met at the traders’ breakfast' },
      headers: { 'if-match': 'W/"2"' },
    });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().data).toMatchObject({ notes: 'Met at the traders’ breakfast', version: 3 });
  });

  it('replaces a list given, and keeps the memberships when they are left out', async () => {
    const res = await call('PATCH', `/api/v1/stakeholders/${id}`, {
      body: { emails: ['femi@example.org'], roleIds: [], places: [{ kind: 'borough', code: lambeth }] },
    });
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.emails).toEqual([{ address: 'femi@example.org', suppressed: false }]);
    expect(data.roles).toEqual([]);
    expect(data.places).toEqual([{ kind: 'borough', code: lambeth, vintage: null, name: 'Lambeth' }]);
    expect(data.memberships).toHaveLength(1);
    const ended = await call('PATCH', `/api/v1/stakeholders/${id}`, { body: { memberships: [] } });
    expect(ended.json().data.memberships).toEqual([]);
  });

  it('answers 200 with the record unchanged when nothing changes', async () => {
    const before = (await get(`/api/v1/stakeholders/${id}`)).json().data.version;
    const res = await call('PATCH', `/api/v1/stakeholders/${id}`, { body: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.version).toBe(before);
  });

  it.each([
    [{ fullName: '' }, {}, 'fullName'],
    [{ places: [] }, {}, 'places'],
    [{ influence: 'high' }, {}, 'influence'],
    [{ version: 'two' }, {}, 'version'],
    [{ version: 0 }, {}, 'version'],
    [{}, { 'if-match': 'yesterday' }, 'if-match'],
    [{ version: 2 }, { 'if-match': '"3"' }, 'version'],
    [{ places: [{ kind: 'borough', code: camden }] }, {}, 'places'],
  ])('answers 400 naming the field for %j %j, saving nothing', async (body, headers, field) => {
    const before = await tableCounts();
    const [row] = await deps.db.select().from(people).where(eq(people.id, id));
    const res = await call('PATCH', `/api/v1/stakeholders/${id}`, { bearer: lambethLead, body, headers });
    expect(res.statusCode, res.body).toBe(400);
    expect(Object.keys(res.json().errors)).toContain(field);
    expect(await tableCounts()).toEqual(before);
    const [after] = await deps.db.select().from(people).where(eq(people.id, id));
    expect(after).toEqual(row);
  });

  it('answers a Camden person to the Lambeth lead as a missing one, changing nothing', async () => {
    const found = await call('PATCH', `/api/v1/stakeholders/${ids.camdenPerson}`, {
      bearer: lambethLead,
      body: { notes: 'Not mine' },
    });
    const missing = await call('PATCH', `/api/v1/stakeholders/${missingUuid}`, {
      bearer: lambethLead,
      body: { notes: 'Not mine' },
    });
    expect(found.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(found.json().detail).toBe(missing.json().detail);
    const [row] = await deps.db.select().from(people).where(eq(people.id, ids.camdenPerson));
    expect(row?.notes).toBeNull();
  });
});

describe('organisations', () => {
  const orgNames = async (query: string, bearer?: string) => {
    const res = await get(`/api/v1/organisations?${query}`, bearer);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((o: { name: string }) => o.name);
  };

  it('lists the caller’s boroughs’ organisations and the London-wide ones, by name', async () => {
    expect(await orgNames('', lambethLead)).toEqual([
      'London Policing Forum',
      'Windmill Estate Residents’ Association',
    ]);
    const res = await get('/api/v1/organisations?type=business');
    expect(res.json()).toEqual({
      items: [
        {
          id: ids.camdenOrg,
          name: 'Canal Lock Traders',
          type: 'business',
          borough: { gssCode: camden, name: 'Camden' },
          email: null,
          phone: null,
          website: null,
          address: null,
          notes: null,
          createdAt: '2026-11-22T09:00:00.000Z',
          updatedAt: '2026-11-22T09:00:00.000Z',
          links: { self: `/api/v1/organisations/${ids.camdenOrg}`, page: `/organisations/${ids.camdenOrg}` },
        },
      ],
      total: 1,
    });
  });

  it('filters by borough and type', async () => {
    expect(await orgNames(`areaCode=${camden}`)).toEqual(['Canal Lock Traders']);
    expect(await orgNames(`areaCode=${camden}`, lambethLead)).toEqual([]);
    expect(await orgNames('type=community-group')).toEqual(['London Policing Forum']);
  });

  it.each([
    ['areaCode=camden', 'areaCode'],
    ['type=club', 'type'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const res = await get(`/api/v1/organisations?${query}`);
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().errors)).toEqual([field]);
  });

  it('gets one, and answers a Camden one to the Lambeth lead as a missing one', async () => {
    const res = await get(`/api/v1/organisations/${ids.residents}`, lambethLead);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      name: 'Windmill Estate Residents’ Association',
      borough: { gssCode: lambeth },
    });
    expect((await get(`/api/v1/organisations/${ids.londonOrg}`, lambethLead)).json().data.borough).toBeNull();
    const found = await get(`/api/v1/organisations/${ids.camdenOrg}`, lambethLead);
    const missing = await get(`/api/v1/organisations/${missingUuid}`, lambethLead);
    expect(found.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(found.json().detail).toBe(missing.json().detail);
    expect(found.body).not.toContain('Canal');
    expect((await get('/api/v1/organisations/nope', lambethLead)).statusCode).toBe(404);
  });

  it('adds one, answering 201 with its address', async () => {
    const res = await call('POST', '/api/v1/organisations', {
      bearer: lambethLead,
      body: {
        name: 'Lido Gardens Mosque',
        type: 'faith-organisation',
        areaCode: lambeth,
        email: 'office@lido-mosque.example',
        phone: '020 7946 0555',
        website: 'https://lido-mosque.example',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { data } = res.json();
    expect(res.headers.location).toBe(`/api/v1/organisations/${data.id}`);
    expect(data).toMatchObject({
      name: 'Lido Gardens Mosque',
      type: 'faith-organisation',
      borough: { name: 'Lambeth' },
    });
  });

  it.each([
    [{ type: 'school', areaCode: lambeth }, 'name'],
    [{ name: 'X', type: 'club', areaCode: lambeth }, 'type'],
    [{ name: 'X', type: 'school', areaCode: 'Lambeth' }, 'areaCode'],
    [{ name: 'X', type: 'school', areaCode: camden }, 'areaCode'],
    [{ name: 'X', type: 'school' }, 'areaCode'],
    [{ name: 'X', type: 'school', areaCode: lambeth, email: 'nope' }, 'email'],
    [{ name: 'X', type: 'school', areaCode: lambeth, website: 'lido.example' }, 'website'],
    [{ name: 'X', type: 'school', areaCode: lambeth, phone: 'ring' }, 'phone'],
  ])('answers 400 naming the field for %j, adding nothing', async (body, field) => {
    const before = await tableCounts();
    const res = await call('POST', '/api/v1/organisations', { bearer: lambethLead, body });
    expect(res.statusCode, res.body).toBe(400);
    expect(Object.keys(res.json().errors)).toContain(field);
    expect(await tableCounts()).toEqual(before);
  });

  it('changes the fields given and keeps every other, renaming it in its members’ search', async () => {
    const res = await call('PATCH', `/api/v1/organisations/${ids.residents}`, {
      bearer: lambethLead,
      body: { name: 'Windmill Hill Residents’ Association', notes: 'Meets monthly' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({
      name: 'Windmill Hill Residents’ Association',
      type: 'residents-association',
      borough: { gssCode: lambeth },
      notes: 'Meets monthly',
    });
    expect(await names('q=windmill%20hill')).toContain('Cllr Ada Brixton');
  });

  it('refuses a borough lead a London-wide organisation (403) and a Camden one (404)', async () => {
    const wide = await call('PATCH', `/api/v1/organisations/${ids.londonOrg}`, {
      bearer: lambethLead,
      body: { notes: 'Mine now' },
    });
    expect(wide.statusCode).toBe(403);
    const camdens = await call('PATCH', `/api/v1/organisations/${ids.camdenOrg}`, {
      bearer: lambethLead,
      body: { notes: 'Mine now' },
    });
    expect(camdens.statusCode).toBe(404);
    const rows = await deps.db.select().from(organisations).where(ne(organisations.areaCode, lambeth));
    for (const o of rows) expect(o.notes).toBeNull();
  });
});

// --- Hostile bodies -----------------------------------------------------------------------------

/** Rows of every table a person or organisation write touches, and the audit rows of changes. */
async function tableCounts(): Promise<Record<string, number>> {
  const countOf = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  return {
    people: await countOf(deps.db.select({ n: count() }).from(people)),
    contactPoints: await countOf(deps.db.select({ n: count() }).from(contactPoints)),
    personRoles: await countOf(deps.db.select({ n: count() }).from(personRoles)),
    personPlaces: await countOf(deps.db.select({ n: count() }).from(personPlaces)),
    memberships: await countOf(deps.db.select({ n: count() }).from(memberships)),
    consent: await countOf(deps.db.select({ n: count() }).from(consentLedger)),
    organisations: await countOf(deps.db.select({ n: count() }).from(organisations)),
    changes: await countOf(
      deps.db.select({ n: count() }).from(auditEvents).where(ne(auditEvents.action, 'denied')),
    ),
  };
}

const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b@example.org',
    '\ud800',
    'x\udfffy',
    '=1+2',
    '<script>',
    '😀',
    'é',
  ),
);
const anyValue = fc.oneof(hostileText, fc.jsonValue({ maxDepth: 2 }), fc.constant(null));
const place = fc.oneof(
  fc.constant({ kind: 'borough', code: lambeth }),
  fc.constant({ kind: 'ward', code: brixtonNorth }),
  fc.constant({ kind: 'borough', code: camden }),
  fc.record({ kind: anyValue, code: anyValue, vintage: anyValue }, { requiredKeys: [] }),
);
const personish = fc.record(
  {
    fullName: fc.oneof(hostileText, anyValue),
    emails: fc.oneof(fc.array(fc.oneof(hostileText, fc.emailAddress()), { maxLength: 3 }), anyValue),
    phones: fc.oneof(
      fc.array(fc.oneof(hostileText, fc.constant('020 7946 0999')), { maxLength: 3 }),
      anyValue,
    ),
    postalAddress: anyValue,
    preferredLanguage: anyValue,
    accessibleFormats: fc.oneof(
      fc.array(fc.constantFrom('braille', 'bsl', 'smell'), { maxLength: 3 }),
      anyValue,
    ),
    notes: anyValue,
    lastVerifiedOn: fc.oneof(fc.constantFrom('2026-01-31', '2026-02-30', '31/01/2026', ''), anyValue),
    influence: fc.oneof(fc.integer({ min: -2, max: 7 }), anyValue),
    interest: fc.oneof(fc.constantFrom('3', '3.5', 'five'), anyValue),
    lawfulBasis: fc.oneof(fc.constantFrom('consent', 'public-task', 'whim'), anyValue),
    reviewOn: anyValue,
    roleIds: fc.oneof(
      fc.array(fc.constantFrom('mp', 'ward-councillor', 'astronaut', ''), { maxLength: 3 }),
      anyValue,
    ),
    places: fc.oneof(fc.array(place, { maxLength: 3 }), anyValue),
    memberships: fc.oneof(
      fc.array(
        fc.record(
          {
            organisationId: fc.oneof(fc.constantFrom('ORG', missingUuid, 'x'), anyValue),
            position: anyValue,
            startedOn: anyValue,
            endedOn: anyValue,
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      anyValue,
    ),
    version: fc.oneof(fc.integer({ min: -1, max: 5 }), anyValue),
  },
  { requiredKeys: [] },
);

/** Puts the Lambeth residents' association's id where the body names ORG. */
const withIds = (body: unknown): unknown =>
  JSON.parse(JSON.stringify(body ?? null).replaceAll('"ORG"', `"${ids.residents}"`));

describe('hostile bodies (fast-check)', () => {
  it('GET /stakeholders never answers 500, whatever the query', async () => {
    const key = fc.constantFrom(
      'q',
      'areaCode',
      'wardCode',
      'roleId',
      'organisationType',
      'topHundred',
      'consent',
      'stale',
      'sort',
      'limit',
      'after',
      'unknown',
    );
    const value = fc.oneof(
      hostileText.map((v) => encodeURIComponent(v.toWellFormed())),
      fc.constantFrom('%ED%A0%80', '%00', '%', '%zz', 'E09000022', 'true', '200', 'WyJhIiwiYiJd'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 4 }), async (pairs) => {
        const res = await get(`/api/v1/stakeholders?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`);
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('POST /stakeholders never answers 500, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(personish, anyValue), async (body) => {
        const before = await tableCounts();
        const res = await call('POST', '/api/v1/stakeholders', { bearer: lambethLead, body: withIds(body) });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(await tableCounts()).toEqual(before);
        } else {
          expect(res.statusCode).toBe(201);
        }
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('PATCH /stakeholders/{id} never answers 500, and a refusal changes nothing', async () => {
    const target = ids.ada;
    await fc.assert(
      fc.asyncProperty(personish, async (body) => {
        const before = await tableCounts();
        const [row] = await deps.db.select().from(people).where(eq(people.id, target));
        const res = await call('PATCH', `/api/v1/stakeholders/${target}`, {
          bearer: lambethLead,
          body: withIds(body),
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(await tableCounts()).toEqual(before);
          const [after] = await deps.db.select().from(people).where(eq(people.id, target));
          expect(after).toEqual(row);
        }
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('POST and PATCH /organisations never answer 500, and a refusal writes nothing', async () => {
    const orgish = fc.record(
      {
        name: fc.oneof(hostileText, anyValue),
        type: fc.oneof(fc.constantFrom('school', 'business', 'club'), anyValue),
        areaCode: fc.oneof(fc.constantFrom(lambeth, camden, 'E09000099', ''), anyValue),
        email: fc.oneof(hostileText, fc.emailAddress(), anyValue),
        phone: fc.oneof(hostileText, anyValue),
        website: fc.oneof(fc.constantFrom('https://example.org', 'ftp://x'), anyValue),
        address: anyValue,
        notes: anyValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(orgish, fc.boolean(), async (body, patch) => {
        const before = await tableCounts();
        const res = patch
          ? await call('PATCH', `/api/v1/organisations/${ids.residents}`, { bearer: lambethLead, body })
          : await call('POST', '/api/v1/organisations', { bearer: lambethLead, body });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await tableCounts()).toEqual(before);
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});
