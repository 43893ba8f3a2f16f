import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { closeApp, type RouteTestApp, routeTestApp } from '../../../../test/harness.ts';
import {
  auditEvents,
  consentLedger,
  contactPoints,
  memberships,
  organisations,
  people,
  personBoroughs,
  personPlaces,
  personRoles,
} from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { importWards } from '../../../domain/geography/import-wards.ts';
import { createOrganisation } from '../../../domain/stakeholders/organisations.ts';
import {
  accessibleFormats,
  consentMethods,
  lawfulBases,
  organisationTypes,
} from '../../../domain/stakeholders/person.ts';

/**
 * Random and hostile bodies at the forms that add people and organisations (and record consent),
 * as a Lambeth borough lead, posted as a browser would or as JSON: never a server error; a refusal
 * writes nothing; an accepted form writes one whole record (its places, boroughs, contacts and
 * audit row together) that opens, and whose text is clean; no markup comes back unescaped.
 */

const lambeth = 'E09000022';
const camden = 'E09000007';

let t: RouteTestApp;
let lambethOrganisation: string;
let camdenOrganisation: string;
let consentPersonId: string;

const markup = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '" autofocus onfocus="alert(1)',
];
const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));

/** Text no form expects. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.oneof(controlCharacter, fc.constantFrom('a', ' ', '\u007f')), minLength: 1 }),
  fc.string({ minLength: 300, maxLength: 6000 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    ...markup,
    '\u0000',
    '\ud800',
    'Ada \udfff Lovelace',
    '\ufeff',
    "'; drop table people; --",
    '{{ 7*7 }}',
    'E09000007',
    'e09000022',
    'E05900008:2022',
    'E05900001:2022',
    'E05900001:0000',
    'E05900001:abcd',
    'E05900001:2022:2022',
    ':2022',
    'E14000001:2024',
    '00000000-0000-4000-8000-000000000000',
    '2026-02-30',
    '0000-01-01',
    '9999-12-31',
    '1e308',
    'NaN',
    '-1',
    '0',
    '6',
    '3.5',
    'a@b.co',
    'A@B.CO',
    '@example.org',
    'consent',
    'public-task',
    'ward-councillor',
    'large-print',
  ),
  fc.integer().map(String),
);

type Value = unknown;
const mutation: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: hostile },
  { weight: 2, arbitrary: fc.array(hostile, { minLength: 2, maxLength: 3 }) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const text = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  )
  .filter((s) => s.trim() !== '');
const optionalText = fc.oneof(fc.constant(''), text);
const textWithOddCharacter = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.oneof(controlCharacter, fc.constantFrom('\u007f', '\ud800', '\udfff')),
    fc.string({ maxLength: 20 }),
  )
  .map(([a, odd, b]) => `${a}${odd}${b}`);

type Fields = Record<string, Value>;
type Encoding = 'form' | 'json';
const encoding = fc.constantFrom<Encoding>('form', 'form', 'json');

/** A form near a sound one with a few fields made hostile, or one odd character, or all hostile. */
function formOf(valid: fc.Arbitrary<Fields>, keys: readonly string[], textKeys: readonly string[]) {
  const withChanges = (changes: fc.Arbitrary<[string, Value][]>) =>
    fc.tuple(valid, changes).map(([base, list]) => {
      const out = { ...base };
      for (const [key, value] of list) out[key] = value;
      return out;
    });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: withChanges(fc.array(fc.tuple(fc.constantFrom(...keys), mutation), { maxLength: 3 })),
    },
    {
      weight: 2,
      arbitrary: withChanges(fc.tuple(fc.constantFrom(...textKeys), textWithOddCharacter).map((c) => [c])),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        Object.fromEntries(keys.map((k) => [k, mutation])) as Record<string, typeof mutation>,
        {
          requiredKeys: [],
        },
      ),
    },
  );
}

// --- The person form -------------------------------------------------------------------------------

const personKeys = [
  'fullName',
  'email-0',
  'email-1',
  'email-9',
  'email-10',
  'phone-0',
  'phone-1',
  'postalAddress',
  'preferredLanguage',
  'accessibleFormats',
  'notes',
  'lastVerifiedOn',
  'influence',
  'interest',
  'lawfulBasis',
  'reviewOn',
  'roleIds',
  'borough-0',
  'borough-1',
  'ward-0',
  'ward-1',
  'ward-29',
  'ward-30',
  'constituency-0',
  'membership-0-organisationId',
  'membership-0-position',
  'membership-0-startedOn',
  'membership-0-endedOn',
  'membership-1-organisationId',
  'membership-49-organisationId',
  'membership-50-organisationId',
  'places',
  'emails',
  'expectedVersion',
];
const personText = ['fullName', 'postalAddress', 'preferredLanguage', 'notes', 'membership-0-position'];

/** An address no other person holds, so the sound forms reach the database. */
const freshEmail = fc.uuid().map((u) => `p-${u.slice(0, 13)}@example.org`);
const day = fc.constantFrom('', '2025-03-01', '2026-11-22');

const validPerson = (): fc.Arbitrary<Fields> =>
  fc
    .tuple(
      fc.record({
        fullName: text,
        'email-0': fc.oneof(fc.constant(''), freshEmail),
        'email-1': fc.oneof(fc.constant(''), freshEmail),
        'phone-0': fc.constantFrom('', '020 7946 0000', '+44 20 7946 0001'),
        postalAddress: optionalText,
        preferredLanguage: optionalText,
        accessibleFormats: fc.subarray([...accessibleFormats]),
        notes: optionalText,
        lastVerifiedOn: day,
        influence: fc.constantFrom('', '1', '3', '5'),
        interest: fc.constantFrom('', '2', '4'),
        lawfulBasis: fc.constantFrom('', ...lawfulBases),
        reviewOn: day,
        roleIds: fc.subarray(['mp', 'ward-councillor', 'community-leader']),
        expectedVersion: fc.constant(''),
      }),
      fc.constantFrom(
        { 'borough-0': lambeth },
        { 'ward-0': 'E05900001:2022' },
        { 'ward-0': 'E05900001' },
        { 'borough-0': lambeth, 'ward-0': 'E05900002:2022' },
      ),
      fc.oneof(
        fc.constant({}),
        fc.record({
          // Sometimes another borough's organisation, which must be refused with the whole form.
          'membership-0-organisationId': fc.constantFrom(
            lambethOrganisation,
            lambethOrganisation,
            camdenOrganisation,
          ),
          'membership-0-position': optionalText,
          'membership-0-startedOn': fc.constantFrom('', '2024-01-01'),
          'membership-0-endedOn': fc.constantFrom('', '2027-01-01'),
        }),
      ),
    )
    .map((parts) => Object.assign({}, ...parts) as Fields);

// --- The organisation form -------------------------------------------------------------------------

const organisationKeys = ['name', 'type', 'areaCode', 'email', 'phone', 'website', 'address', 'notes'];
const organisationText = ['name', 'address', 'notes'];
const validOrganisation = (): fc.Arbitrary<Fields> =>
  fc.record({
    name: text,
    type: fc.constantFrom(...organisationTypes),
    areaCode: fc.constantFrom(lambeth, lambeth.toLowerCase(), ` ${lambeth} `),
    email: fc.constantFrom('', 'office@example.org'),
    phone: fc.constantFrom('', '020 7946 0000'),
    website: fc.constantFrom('', 'https://example.org'),
    address: optionalText,
    notes: optionalText,
  });

// --- Requests and checks ---------------------------------------------------------------------------

async function csrfOf(agent: Agent): Promise<string> {
  const page = await agent.get('/account/tokens');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on /account/tokens (${page.statusCode})`);
  return token;
}

async function post(url: string, fields: Fields, as: Encoding): Promise<LightMyRequestResponse> {
  const csrf = await csrfOf(t.agent);
  let payload: string;
  if (as === 'json') payload = JSON.stringify({ ...fields, _csrf: csrf });
  else {
    const body = new URLSearchParams({ _csrf: csrf });
    for (const [key, value] of Object.entries(fields)) {
      for (const one of value === undefined ? [] : [value].flat()) {
        body.append(key, typeof one === 'string' ? one : JSON.stringify(one));
      }
    }
    payload = body.toString();
  }
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: '10.78.0.1',
    headers: {
      cookie: [...t.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    payload,
  });
}

const tables = {
  people,
  contactPoints,
  personRoles,
  personPlaces,
  personBoroughs,
  memberships,
  organisations,
  consentLedger,
  auditEvents,
};
type Counts = Record<keyof typeof tables, number>;

async function rowCounts(): Promise<Counts> {
  const out: Partial<Counts> = {};
  for (const [name, table] of Object.entries(tables)) {
    out[name as keyof Counts] = Number((await t.deps.db.select({ n: count() }).from(table))[0]?.n);
  }
  return out as Counts;
}

function expectSafeAnswer(res: LightMyRequestResponse, allowed: readonly number[]) {
  if (!allowed.includes(res.statusCode)) {
    throw new Error(
      `answered ${res.statusCode}, expected one of ${allowed.join(', ')}: ${res.body.slice(0, 600)}`,
    );
  }
  for (const m of markup) expect(res.body).not.toContain(m);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what no row may hold
const oddCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function expectClean(value: unknown, path = 'row'): void {
  if (typeof value === 'string') {
    if (oddCharacters.test(value) || !value.isWellFormed()) throw new Error(`${path} holds odd characters`);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) expectClean(v, `${path}.${i}`);
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) expectClean(v, `${path}.${k}`);
  }
}

const idFrom = (location: unknown, kind: string): string => {
  const match = new RegExp(`^/${kind}/([0-9a-f-]{36})`).exec(String(location));
  if (!match?.[1]) throw new Error(`no ${kind} id in ${String(location)}`);
  return match[1];
};

/** How many forms were accepted and refused, so a property that never reaches the database fails. */
const outcomes = { accepted: 0, refused: 0 };

/** Posts the form; a refusal writes nothing; an acceptance is checked by `accepted`. */
async function check(
  url: string,
  [fields, as]: [Fields, Encoding],
  accepted: (before: Counts, after: Counts, location: string) => Promise<void>,
) {
  const before = await rowCounts();
  const res = await post(url, fields, as);
  expectSafeAnswer(res, [303, 400]);
  const after = await rowCounts();
  if (res.statusCode === 303) {
    outcomes.accepted += 1;
    await accepted(before, after, String(res.headers.location));
  } else {
    outcomes.refused += 1;
    expect(res.body).toContain('There is a problem');
    expect(after).toEqual(before);
  }
}

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  const ctx = contextFor(t.deps, operator('test'));
  await importWards(ctx, {
    text: `WD22CD,WD22NM,LAD22CD\nE05900001,Windmill Hill,${lambeth}\nE05900002,Lido Gardens,${lambeth}\nE05900008,Heath Ponds,${camden}`,
  });
  lambethOrganisation = (
    await createOrganisation(ctx, { name: 'Lido Trust', type: 'other', areaCode: lambeth })
  ).id;
  camdenOrganisation = (
    await createOrganisation(ctx, { name: 'Heath Forum', type: 'other', areaCode: camden })
  ).id;
  const res = await post(
    '/stakeholders/new',
    { fullName: 'Consent Person', 'email-0': 'consent.person@example.org', 'borough-0': lambeth },
    'form',
  );
  consentPersonId = idFrom(res.headers.location, 'stakeholders');
});
afterAll(() => closeApp(t));

describe('the person and organisation forms under random and hostile input', () => {
  beforeEach(() => {
    outcomes.accepted = 0;
    outcomes.refused = 0;
  });
  afterEach(() => {
    expect(outcomes.accepted, 'forms accepted').toBeGreaterThan(0);
    expect(outcomes.refused, 'forms refused').toBeGreaterThan(0);
  });

  it('adding a person: one whole record that opens, or a refusal that writes nothing', async () => {
    const keys = [...personKeys];
    await fc.assert(
      fc.asyncProperty(fc.tuple(formOf(validPerson(), keys, personText), encoding), async (form) => {
        await check('/stakeholders/new', form, async (before, after, location) => {
          const id = idFrom(location, 'stakeholders');
          expect(after.people).toBe(before.people + 1);
          expect(after.organisations).toBe(before.organisations);
          expect(after.consentLedger).toBe(before.consentLedger);
          expect(after.auditEvents).toBe(before.auditEvents + 1);
          const places = await t.deps.db.select().from(personPlaces).where(eq(personPlaces.personId, id));
          const boroughs = await t.deps.db
            .select()
            .from(personBoroughs)
            .where(eq(personBoroughs.personId, id));
          expect(places.length).toBeGreaterThan(0);
          expect(boroughs.map((b) => b.areaCode)).toEqual([lambeth]);
          expect(after.personPlaces - before.personPlaces).toBe(places.length);
          const ms = await t.deps.db.select().from(memberships).where(eq(memberships.personId, id));
          expect(ms.every((m) => m.organisationId === lambethOrganisation)).toBe(true);
          expectClean(await t.deps.db.select().from(people).where(eq(people.id, id)));
          expectClean(await t.deps.db.select().from(contactPoints).where(eq(contactPoints.personId, id)));
          expectClean(ms);
          const page = await t.agent.get(location);
          expect(page.statusCode).toBe(200);
          for (const m of markup) expect(page.body).not.toContain(m);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('adding an organisation: one organisation in the lead’s borough, or a refusal that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(formOf(validOrganisation(), organisationKeys, organisationText), encoding),
        async (form) => {
          await check('/organisations/new', form, async (before, after, location) => {
            const id = idFrom(location, 'organisations');
            expect(after).toEqual({
              ...before,
              organisations: before.organisations + 1,
              auditEvents: before.auditEvents + 1,
            });
            const rows = await t.deps.db.select().from(organisations).where(eq(organisations.id, id));
            expect(rows[0]?.areaCode).toBe(lambeth);
            expectClean(rows);
            const page = await t.agent.get(location);
            expect(page.statusCode).toBe(200);
            for (const m of markup) expect(page.body).not.toContain(m);
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('recording consent: one event in the ledger, or a refusal that writes nothing', async () => {
    const validConsent = fc.record({
      event: fc.constantFrom('given', 'withdrawn'),
      occurredOn: fc.constantFrom('2026-11-22', '2025-01-31', '2026-11-23'),
      method: fc.constantFrom(...consentMethods),
      wordingVersion: text,
      evidence: text,
    });
    const keys = ['event', 'occurredOn', 'method', 'wordingVersion', 'evidence'];
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(formOf(validConsent, keys, ['wordingVersion', 'evidence']), encoding),
        async (form) => {
          await check(`/stakeholders/${consentPersonId}/consent`, form, async (before, after) => {
            expect(after).toEqual({
              ...before,
              consentLedger: before.consentLedger + 1,
              auditEvents: before.auditEvents + 1,
            });
            expectClean(
              await t.deps.db.select().from(consentLedger).where(eq(consentLedger.personId, consentPersonId)),
            );
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
