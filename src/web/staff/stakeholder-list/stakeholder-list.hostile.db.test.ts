import { count } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, type RouteTestApp, routeTestApp } from '../../../../test/harness.ts';
import { segments } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { actorOf } from '../../../domain/access/users.repo.ts';
import { createPerson } from '../../../domain/stakeholders/create-person.ts';
import { encodeCursor } from '../../../domain/stakeholders/filter.ts';

/**
 * Random and hostile query strings at the stakeholder list, its downloads and the segment form,
 * and hostile segment forms: a page or a clear refusal every time, never a 500, and a refused
 * segment writes nothing.
 */

const lambeth = 'E09000022';
let t: RouteTestApp;

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  const ctx = contextFor(t.deps, actorOf(t.user));
  for (const fullName of ['Ama Mensah', 'Bob O’Neill', 'Zoë Ångström', '=SUM(A1:A2)']) {
    await createPerson(ctx, {
      fullName,
      roleIds: ['community-leader'],
      places: [{ kind: 'borough', code: lambeth }],
    });
  }
});
afterAll(() => closeApp(t));

const markup = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

/** Text no form expects: control characters, halves of UTF-16 pairs, long, markup, SQL, LIKE wildcards. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 190, maxLength: 600 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.constantFrom(
    ...markup,
    "' or 1=1 --",
    '%_\\',
    '\u0000',
    '\ud800',
    'E09000022\u0000',
    'E09000007',
    'E05000001',
    'yes',
    'no',
    'true',
    'given',
    '-updated',
    encodeCursor({ value: "'; drop table people; --", id: '00000000-0000-4000-8000-000000000000' }),
    encodeCursor({ value: 'not a time', id: '00000000-0000-4000-8000-000000000000' }),
    Buffer.from('["a"]').toString('base64url'),
    // Cursors edited by hand: a NUL in the name, an id of dashes, a day that does not exist.
    Buffer.from(JSON.stringify(['a\u0000', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    Buffer.from(JSON.stringify(['a', '-'.repeat(36)])).toString('base64url'),
    encodeCursor({ value: '2026-02-30T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
  ),
);

/** A query value: a right one, hostile text (encoded), or broken percent-encoding. */
const queryValue = (right: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...right).map((v) => encodeURIComponent(v)),
    hostile.map((v) => new URLSearchParams({ v }).toString().slice(2)),
    fc.constantFrom('', '%', '%zz', '%00', '%C0%AF', '%ED%A0%80', '%FF%FE', '+', '%%'),
  );

const parameters: Record<string, readonly string[]> = {
  q: ['ama', 'Angstrom', 'o’neill', '=SUM'],
  areaCode: [lambeth, 'E09000007'],
  wardCode: ['E05014096'],
  roleId: ['community-leader', 'mp'],
  organisationType: ['faith-organisation', 'school'],
  topHundred: ['yes', 'no'],
  consent: ['given', 'withdrawn', 'none'],
  stale: ['yes', 'no'],
  sort: ['name', '-name', 'updated', '-updated'],
  after: [encodeCursor({ value: 'bob', id: '00000000-0000-4000-8000-000000000000' })],
  limit: ['1', '10000'],
};

/** A query string of the parameters, each absent, given once or more than once, with junk keys. */
const queryString: fc.Arbitrary<string> = fc
  .tuple(
    fc.tuple(
      ...Object.entries(parameters).map(([key, right]) =>
        fc.array(queryValue(right), { maxLength: 2 }).map((values) => values.map((v) => `${key}=${v}`)),
      ),
    ),
    fc.array(
      fc.tuple(fc.constantFrom('__proto__', 'constructor', 'q[]', 'areaCode[0]', '', '%'), queryValue(['1'])),
      {
        maxLength: 2,
      },
    ),
  )
  .map(([known, junk]) => [...known.flat(), ...junk.map(([k, v]) => `${k}=${v}`)].join('&'));

function expectSafeAnswer(res: LightMyRequestResponse, allowed: readonly number[]) {
  if (!allowed.includes(res.statusCode)) {
    throw new Error(
      `answered ${res.statusCode}, expected one of ${allowed.join(', ')}: ${res.body.slice(0, 500)}`,
    );
  }
  for (const m of markup) expect(res.body).not.toContain(m);
}

describe('the stakeholder list under random query strings', () => {
  it('answers a page of people or names what is wrong, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        const res = await t.agent.get(`/stakeholders?${query}`);
        expectSafeAnswer(res, [200, 400]);
        if (res.statusCode === 400) expect(res.body).toContain('There is a problem');
        else expect(res.body).toMatch(/\d+ (person|people)/);
      }),
      { numRuns: 120 },
    );
  });

  it('downloads what it can or refuses, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, fc.constantFrom('csv', 'xlsx'), async (query, format) => {
        expectSafeAnswer(await t.agent.get(`/stakeholders.${format}?${query}`), [200, 400]);
      }),
      { numRuns: 30 },
    );
  });

  it('prefills the segment form with anything, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        expectSafeAnswer(await t.agent.get(`/segments/new?${query}`), [200]);
      }),
      { numRuns: 30 },
    );
  });
});

describe('the segment form under hostile input', () => {
  it('saves a clean segment or refuses and writes nothing', async () => {
    const field = (right: readonly string[]) => fc.oneof(fc.constantFrom('', ...right), hostile);
    const form = fc.record({
      name: fc.oneof(fc.constantFrom('Community leaders', ''), hostile),
      areaCode: field([lambeth, 'E09000007']),
      wardCode: field(['E05014096']),
      roleId: field(['community-leader', 'no-such-role']),
      organisationType: field(['school']),
      topHundred: field(['yes', 'no']),
      consent: field(['given', 'none']),
      stale: field(['yes', 'no']),
      q: field(['ama']),
    });
    await t.agent.get('/segments/new');
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const before = Number((await t.deps.db.select({ n: count() }).from(segments))[0]?.n);
        const res = await t.agent.post('/segments/new', fields);
        expectSafeAnswer(res, [303, 400]);
        const after = Number((await t.deps.db.select({ n: count() }).from(segments))[0]?.n);
        if (res.statusCode === 400) {
          expect(res.body).toContain('There is a problem');
          expect(after).toBe(before);
        } else {
          expect(after).toBe(before + 1);
          const page = await t.agent.get(String(res.headers.location));
          expectSafeAnswer(page, [200]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
