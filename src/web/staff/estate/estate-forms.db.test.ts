import { count, desc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { closeApp, type RouteTestApp, routeTestApp, signedInAgent } from '../../../../test/harness.ts';
import {
  amps,
  ampVersions,
  changeTypes,
  heritageListings,
  proposals,
  proposalVersions,
  siteStatuses,
  sites,
  siteTypes,
  siteVersions,
} from '../../../db/schema/estate.ts';
import { aUser } from '../../../demo/builders.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { createUser } from '../../../domain/access/create-user.ts';
import { readSettings } from '../../../domain/access/settings.repo.ts';
import { importWards } from '../../../domain/geography/import-wards.ts';

/**
 * Random and hostile input at the estate's forms and query parameters, as a Lambeth borough lead
 * (and an administrator for the planning settings), posted as a browser would or as a JSON body:
 * every answer is a redirect or a clear refusal, never a server error; a refused form echoes
 * nothing unescaped and writes nothing; what is written holds no control characters or half
 * UTF-16 pairs. API errors are problem+json.
 */

const lambeth = 'E09000022';
const camden = 'E09000007';

let t: RouteTestApp;
let admin: Agent;
/** A site the edit property changes, and one that carries the proposals. */
let editSiteId: string;
let proposalSiteId: string;
/** A proposal with three versions, to compare. */
let proposalId: string;

// ---------------------------------------------------------------------------------------------
// Values

/** Markers of markup that must never come back unescaped. */
const markup = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '" autofocus onfocus="alert(1)',
];

const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));

/** Text no form expects: control characters, very long, any Unicode, markup, numbers as strings. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.oneof(controlCharacter, fc.constantFrom('a', ' ', '\u007f')), minLength: 1 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    ...markup,
    '\u0000',
    'Acre\u0000Lane',
    '\u202eevil',
    '\ud800',
    'Acre \udfff Lane',
    '\ufeff',
    "'; drop table sites; --",
    '{{ 7*7 }}',
    '{% raw %}',
    '../../etc/passwd',
    '%00',
    'E09000007',
    'e09000022',
    '2026-02-30',
    '0000-01-01',
    '9999-12-31',
    '+02026-01-01',
    '1e308',
    '-1e308',
    'NaN',
    'Infinity',
    '-0',
    '0x10',
    '9007199254740993',
    '١٢',
    '１２',
    'yes',
    'draft',
    'withdrawn',
    'implemented',
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

/**
 * What a field may hold: a value, the same field sent two or three times, nothing at all, or (in a
 * JSON body, which a hostile client may send instead of a form) a number, null or an object.
 */
type Value = unknown;
const mutation: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: hostile },
  { weight: 2, arbitrary: fc.array(hostile, { minLength: 2, maxLength: 3 }) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Text a person might type with one character no one types: a control character or half a pair. */
const textWithOddCharacter = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.oneof(controlCharacter, fc.constantFrom('\u007f', '\ud800', '\udfff')),
    fc.string({ maxLength: 20 }),
  )
  .map(([a, odd, b]) => `${a}${odd}${b}`);

/** Text a person might type (never blank, so the sound forms reach the database). */
const text = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 80 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  )
  .filter((s) => s.trim() !== '');
const optionalText = fc.oneof(fc.constant(''), text);

type Fields = Record<string, Value>;
/** How the form is sent: as a browser sends it, or as JSON. */
type Encoding = 'form' | 'json';
const encoding = fc.constantFrom<Encoding>('form', 'form', 'json');

/**
 * A form near what a person would send (so the writes behind it are reached) with a few fields
 * made hostile, sent twice or left out; or with one odd character in one text field, the rest
 * sound; or, sometimes, every field hostile.
 */
function formOf(
  valid: fc.Arbitrary<Fields>,
  keys: readonly string[],
  textKeys: readonly string[],
): fc.Arbitrary<Fields> {
  const withChanges = (changes: fc.Arbitrary<[string, Value][]>) =>
    fc.tuple(valid, changes).map(([base, list]) => {
      const out = { ...base };
      for (const [key, value] of list) out[key] = value;
      return out;
    });
  const mutated = withChanges(fc.array(fc.tuple(fc.constantFrom(...keys), mutation), { maxLength: 3 }));
  const oddText = withChanges(
    fc.tuple(fc.constantFrom(...textKeys), textWithOddCharacter).map((change) => [change]),
  );
  const allHostile = fc.record(
    Object.fromEntries(keys.map((k) => [k, mutation])) as Record<string, typeof mutation>,
    {
      requiredKeys: [],
    },
  );
  return fc.oneof(
    { weight: 3, arbitrary: mutated },
    { weight: 2, arbitrary: oddText },
    { weight: 1, arbitrary: allHostile },
  );
}

const siteKeys = [
  'name',
  'type',
  'address',
  'postcode',
  'areaCode',
  'wardCode',
  'latitude',
  'longitude',
  'publicAccess',
  'status',
  'iconic',
  'iconicReason',
  'heritageListing',
  'note',
  'expectedVersion',
] as const;

const place = fc.constantFrom({ latitude: '', longitude: '' }, { latitude: '51.46', longitude: '-0.115' });
const validSite: fc.Arbitrary<Fields> = fc
  .tuple(
    place,
    fc.record({
      name: text,
      type: fc.constantFrom(...siteTypes),
      address: text,
      postcode: fc.constantFrom('SW2 5SD', 'se11 5hn', 'SW1A1AA', ' ec1a 1bb '),
      areaCode: fc.constantFrom(lambeth, lambeth.toLowerCase()),
      wardCode: fc.constantFrom('', 'E05900001'),
      publicAccess: optionalText,
      status: fc.constantFrom('', ...siteStatuses),
      iconic: fc.constantFrom('', 'no', 'yes'),
      iconicReason: text,
      heritageListing: fc.constantFrom('', ...heritageListings),
      note: optionalText,
      expectedVersion: fc.constant(''),
    }),
  )
  .map(([at, fields]) => ({ ...fields, ...at }));

const alternativeKeys = ['description', 'assessment', 'criteria', 'cost', 'saving'] as const;
/** The fields of the first three alternative blocks, always in play; others arrive as mutations. */
const shownBlocks = [0, 1, 2];
const proposalKeys = [
  'changeType',
  'title',
  'summary',
  'reasons',
  ...shownBlocks.flatMap((i) => alternativeKeys.map((k) => `alt-${i}-${k}`)),
  // Blocks the form never shows: the last it reads (19), one past it, one far beyond.
  ...[19, 20, 99, -1].flatMap((i) => alternativeKeys.map((k) => `alt-${i}-${k}`)),
  'replacementProvision',
  'engagementStart',
  'decisionDue',
  'implementationDate',
  'disposalDate',
  'status',
  'note',
  'expectedVersion',
];

const money = fc.constantFrom('', '0', '12', '2,500,000', '£1,250.50', '400000.5');
const alternative = (i: number) =>
  fc.oneof(
    fc.constant({}),
    fc.record({
      [`alt-${i}-description`]: text,
      [`alt-${i}-assessment`]: optionalText,
      [`alt-${i}-criteria`]: optionalText,
      [`alt-${i}-cost`]: money,
      [`alt-${i}-saving`]: money,
    }),
  );
const dates = fc.constantFrom(
  { engagementStart: '', decisionDue: '', implementationDate: '', disposalDate: '' },
  {
    engagementStart: '2026-12-01',
    decisionDue: '2027-03-01',
    implementationDate: '2027-06-01',
    disposalDate: '2027-05-01',
  },
  { engagementStart: '', decisionDue: '', implementationDate: '', disposalDate: '2028-01-31' },
);

const validProposal = (statuses: readonly string[]): fc.Arbitrary<Fields> =>
  fc
    .tuple(
      fc.record({
        changeType: fc.constantFrom(...changeTypes),
        title: text,
        summary: text,
        reasons: text,
        replacementProvision: optionalText,
        status: fc.constantFrom(...statuses),
        note: optionalText,
        expectedVersion: fc.constant(''),
      }),
      dates,
      ...shownBlocks.map(alternative),
    )
    .map((parts) => Object.assign({}, ...parts) as Fields);

// ---------------------------------------------------------------------------------------------
// Requests

/** The form's CSRF token, read from a page as a browser would. */
async function csrfOf(agent: Agent): Promise<string> {
  const page = await agent.get('/account/tokens');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on /account/tokens (${page.statusCode})`);
  return token;
}

/**
 * Posts the fields as a browser form would (a field sent twice is repeated, a missing one left out)
 * or as a JSON object.
 */
async function post(
  agent: Agent,
  url: string,
  fields: Fields,
  as: Encoding = 'form',
): Promise<LightMyRequestResponse> {
  const csrf = await csrfOf(agent);
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
    remoteAddress: '10.77.0.1',
    headers: {
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    payload,
  });
}

async function rowCounts() {
  const n = async (table: typeof sites | typeof siteVersions | typeof proposals | typeof proposalVersions) =>
    Number((await t.deps.db.select({ n: count() }).from(table))[0]?.n);
  const amp = async (table: typeof amps | typeof ampVersions) =>
    Number((await t.deps.db.select({ n: count() }).from(table))[0]?.n);
  return {
    sites: await n(sites),
    siteVersions: await n(siteVersions),
    proposals: await n(proposals),
    proposalVersions: await n(proposalVersions),
    amps: await amp(amps),
    ampVersions: await amp(ampVersions),
  };
}
type Counts = Awaited<ReturnType<typeof rowCounts>>;

/** A refused or redirected answer that is no server error, and a page that echoes no markup raw. */
function expectSafeAnswer(res: LightMyRequestResponse, allowed: readonly number[]) {
  if (!allowed.includes(res.statusCode)) {
    throw new Error(
      `answered ${res.statusCode}, expected one of ${allowed.join(', ')}: ${res.body.slice(0, 500)}`,
    );
  }
  for (const m of markup) expect(res.body).not.toContain(m);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what no row may hold
const oddCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Every text in a row (and in the snapshot it holds) is well-formed and free of control characters. */
function expectClean(value: unknown, path = 'row'): void {
  if (typeof value === 'string') {
    if (oddCharacters.test(value) || !value.isWellFormed()) {
      const shown = [...value].map((c) =>
        c < ' ' || c === '\u007f' || !c.isWellFormed() ? `\\u{${c.codePointAt(0)?.toString(16)}}` : c,
      );
      throw new Error(`${path} holds ${shown.join('')}`);
    }
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) expectClean(v, `${path}.${i}`);
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) expectClean(v, `${path}.${k}`);
  }
}

const pathOf = (location: unknown) => String(location).split('?')[0] as string;

/** After a redirect, the record it points at opens. */
async function expectOpens(location: unknown) {
  const page = await t.agent.get(pathOf(location));
  expect(page.statusCode).toBe(200);
  for (const m of markup) expect(page.body).not.toContain(m);
}

/** The record's row and its newest version hold clean text. */
async function expectCleanRows(location: unknown) {
  const url = pathOf(location);
  const { db } = t.deps;
  if (url.startsWith('/sites/')) {
    const id = idFrom(url, 'sites');
    expectClean(await db.select().from(sites).where(eq(sites.id, id)));
    expectClean(
      await db
        .select()
        .from(siteVersions)
        .where(eq(siteVersions.siteId, id))
        .orderBy(desc(siteVersions.version))
        .limit(1),
    );
  } else {
    const id = idFrom(url, 'proposals');
    expectClean(await db.select().from(proposals).where(eq(proposals.id, id)));
    expectClean(
      await db
        .select()
        .from(proposalVersions)
        .where(eq(proposalVersions.proposalId, id))
        .orderBy(desc(proposalVersions.version))
        .limit(1),
    );
  }
}

const idFrom = (location: unknown, kind: string): string => {
  const match = new RegExp(`^/${kind}/([0-9a-f-]{36})`).exec(String(location));
  if (!match?.[1]) throw new Error(`no ${kind} id in ${String(location)}`);
  return match[1];
};

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  const ctx = contextFor(t.deps, operator('test'));
  await importWards(ctx, {
    text: `WD22CD,WD22NM,LAD22CD\nE05900001,Windmill Hill,${lambeth}\nE05900008,Heath Ponds,${camden}`,
  });
  const administrator = await createUser(ctx, aUser({ role: 'administrator' }));
  admin = await signedInAgent(t.deps, t.app, administrator.id);

  const site = {
    type: 'police-station',
    address: '1 Acre Lane',
    postcode: 'SW2 5SD',
    areaCode: lambeth,
    status: 'operational',
  };
  editSiteId = idFrom(
    (await post(t.agent, '/sites/new', { ...site, name: 'Acre Lane Police Station' })).headers.location,
    'sites',
  );
  proposalSiteId = idFrom(
    (await post(t.agent, '/sites/new', { ...site, name: 'Brixton Front Counter' })).headers.location,
    'sites',
  );
  const proposal = {
    changeType: 'dispose',
    title: 'Sell the front counter',
    summary: 'Move the counter to the library.',
    reasons: 'Half empty.',
    status: 'draft',
  };
  proposalId = idFrom(
    (await post(t.agent, `/sites/${proposalSiteId}/proposals/new`, proposal)).headers.location,
    'proposals',
  );
  for (const summary of ['Move the counter to the town hall.', 'Keep a counter in the library.']) {
    const res = await post(t.agent, `/proposals/${proposalId}/edit`, { ...proposal, summary });
    expect(res.statusCode).toBe(303);
  }
});
afterAll(() => closeApp(t));

describe('the estate forms under random and hostile input', () => {
  /**
   * Posts a form; a refusal writes nothing, and one for what was typed shows the error summary; a
   * redirect writes exactly what `written` allows, and the record it leads to opens clean.
   */
  async function check(
    agent: Agent,
    url: string,
    [fields, as]: [Fields, Encoding],
    written: (before: Counts, after: Counts) => void,
    allowed: readonly number[] = [303, 400, 403, 404, 409],
  ) {
    const before = await rowCounts();
    const res = await post(agent, url, fields, as);
    expectSafeAnswer(res, allowed);
    if (res.statusCode === 400) expect(res.body).toContain('There is a problem');
    const after = await rowCounts();
    if (res.statusCode === 303) {
      written(before, after);
      await expectOpens(res.headers.location);
      // Only what this request wrote: a stale row would blame the wrong input while shrinking.
      if (after.siteVersions > before.siteVersions || after.proposalVersions > before.proposalVersions) {
        await expectCleanRows(res.headers.location);
      }
    } else expect(after).toEqual(before);
  }

  const siteText = ['name', 'address', 'publicAccess', 'iconicReason', 'note'];
  const proposalText = [
    'title',
    'summary',
    'reasons',
    'alt-0-description',
    'alt-0-assessment',
    'alt-0-criteria',
    'replacementProvision',
    'note',
  ];
  const oneMoreVersion = (key: 'siteVersions' | 'proposalVersions') => (before: Counts, after: Counts) => {
    expect(after[key] - before[key]).toBeGreaterThanOrEqual(0);
    expect(after[key] - before[key]).toBeLessThanOrEqual(1);
    expect({ ...after, [key]: 0 }).toEqual({ ...before, [key]: 0 });
  };

  it('adding a site: a new site at version 1, or a refusal that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(formOf(validSite, siteKeys, siteText), encoding), async (form) => {
        await check(t.agent, '/sites/new', form, (before, after) => {
          expect(after).toEqual({
            ...before,
            sites: before.sites + 1,
            siteVersions: before.siteVersions + 1,
          });
        });
      }),
      { numRuns: 30 },
    );
  });

  it('changing a site: at most one new version, or a refusal that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(formOf(validSite, siteKeys, siteText), encoding), async (form) => {
        await check(t.agent, `/sites/${editSiteId}/edit`, form, oneMoreVersion('siteVersions'));
      }),
      { numRuns: 30 },
    );
  });

  it('adding a proposal: a new proposal at version 1, or a refusal that writes nothing', async () => {
    const form = formOf(validProposal(['', 'draft', 'published']), proposalKeys, proposalText);
    await fc.assert(
      fc.asyncProperty(fc.tuple(form, encoding), async (form) => {
        await check(t.agent, `/sites/${proposalSiteId}/proposals/new`, form, (before, after) => {
          expect(after).toEqual({
            ...before,
            proposals: before.proposals + 1,
            proposalVersions: before.proposalVersions + 1,
          });
        });
      }),
      { numRuns: 35 },
    );
  });

  it('changing a proposal: at most one new version, or a refusal that writes nothing', async () => {
    // A proposal of its own, so the statuses it passes through leave the compared one alone.
    const created = await post(t.agent, `/sites/${proposalSiteId}/proposals/new`, {
      changeType: 'refurbish',
      title: 'Refurbish the counter',
      summary: 'New windows.',
      reasons: 'Draughts.',
    });
    const id = idFrom(created.headers.location, 'proposals');
    const form = formOf(
      validProposal(['', '', '', 'draft', 'published', 'modified', 'proceed']),
      proposalKeys,
      proposalText,
    );
    await fc.assert(
      fc.asyncProperty(fc.tuple(form, encoding), async (form) => {
        await check(t.agent, `/proposals/${id}/edit`, form, oneMoreVersion('proposalVersions'));
      }),
      { numRuns: 35 },
    );
  });

  it('agreeing the AMP is refused to a borough lead whatever is posted, and writes nothing', async () => {
    const validAgree = fc.record({
      agreedOn: fc.constantFrom('2026-11-20', '2026-11-22', ''),
      note: optionalText,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(formOf(validAgree, ['agreedOn', 'note'], ['note']), encoding),
        async (form) => {
          await check(t.agent, `/boroughs/${lambeth}/amp/agree`, form, () => {}, [403]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the planning settings change whole or not at all', async () => {
    const validPlanning = fc.record({
      imminentMonths: fc.integer({ min: 1, max: 60 }).map(String),
      wardVintage: fc.constantFrom('', '2022'),
      constituencyVintage: fc.constant(''),
    });
    const keys = ['imminentMonths', 'wardVintage', 'constituencyVintage'];
    await fc.assert(
      fc.asyncProperty(fc.tuple(formOf(validPlanning, keys, keys), encoding), async ([fields, as]) => {
        const before = await readSettings(t.deps.db);
        const counts = await rowCounts();
        const res = await post(admin, '/settings/planning', fields, as);
        expectSafeAnswer(res, [303, 400]);
        expect(await rowCounts()).toEqual(counts);
        if (res.statusCode === 400) {
          expect(res.body).toContain('There is a problem');
          expect(await readSettings(t.deps.db)).toEqual(before);
        } else expect((await admin.get('/settings')).statusCode).toBe(200);
      }),
      { numRuns: 30 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Query strings

/** Values for a query parameter: right ones, hostile text (encoded), and broken percent-encoding. */
const queryValue = (right: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...right).map((v) => encodeURIComponent(v)),
    hostile.map((v) => new URLSearchParams({ v }).toString().slice(2)),
    fc.constantFrom(
      '',
      '%',
      '%zz',
      '%E0%A4%A',
      '%00',
      '%C0%AF',
      '%ED%A0%80',
      '%FF%FE',
      '+',
      '%2',
      '%%',
      '1;2',
    ),
  );

/** A query string of the given parameters, each absent, given once or given more than once. */
function queryOf(params: Record<string, readonly string[]>): fc.Arbitrary<string> {
  const pairs = Object.entries(params).map(([key, right]) =>
    fc.array(queryValue(right), { maxLength: 3 }).map((values) => values.map((v) => `${key}=${v}`)),
  );
  const junk = fc.array(
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'type[]', 'from[0]', '', '%'), queryValue(['1'])),
    { maxLength: 2 },
  );
  return fc
    .tuple(fc.tuple(...pairs), junk)
    .map(([known, extra]) => [...known.flat(), ...extra.map(([k, v]) => `${k}=${v}`)].join('&'));
}

const versions = ['1', '2', '3', '4', '0', '-1', '01', '1.0', '99999999999'];

describe('estate pages and the API under random query strings', () => {
  const api = (url: string) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.token}` } });

  function expectApiAnswer(res: LightMyRequestResponse, allowed: readonly number[]) {
    if (!allowed.includes(res.statusCode)) {
      throw new Error(
        `answered ${res.statusCode}, expected one of ${allowed.join(', ')}: ${res.body.slice(0, 500)}`,
      );
    }
    if (res.statusCode === 200) expect(res.headers['content-type']).toContain('application/json');
    else {
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: res.statusCode });
    }
  }

  it('the borough’s site list filters or ignores what it is given', async () => {
    await fc.assert(
      fc.asyncProperty(
        queryOf({ type: siteTypes, status: siteStatuses, iconic: ['yes', 'no'] }),
        async (query) => {
          const res = await t.agent.get(`/boroughs/${lambeth}/sites?${query}`);
          expectSafeAnswer(res, [200, 400]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('comparing versions on a page shows them or says which versions exist', async () => {
    await fc.assert(
      fc.asyncProperty(queryOf({ from: versions, to: versions }), async (query) => {
        const res = await t.agent.get(`/proposals/${proposalId}/compare?${query}`);
        expectSafeAnswer(res, [200, 400, 404]);
      }),
      { numRuns: 40 },
    );
  });

  it('the API’s site list answers a list or a problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        queryOf({ type: siteTypes, status: siteStatuses, iconic: ['true', 'false'] }),
        async (query) => {
          expectApiAnswer(await api(`/api/v1/boroughs/${lambeth}/sites?${query}`), [200, 400]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the API’s proposal list answers a list or a problem', async () => {
    await fc.assert(
      fc.asyncProperty(queryOf({ imminent: ['true', 'false'] }), async (query) => {
        expectApiAnswer(await api(`/api/v1/boroughs/${lambeth}/proposals?${query}`), [200, 400]);
      }),
      { numRuns: 30 },
    );
  });

  it('the API’s comparison answers the versions or a problem', async () => {
    await fc.assert(
      fc.asyncProperty(queryOf({ from: versions, to: versions }), async (query) => {
        expectApiAnswer(
          await api(`/api/v1/proposals/${proposalId}/versions/compare?${query}`),
          [200, 400, 404],
        );
      }),
      { numRuns: 40 },
    );
  });
});
