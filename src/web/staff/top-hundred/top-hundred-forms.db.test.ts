import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, type RouteTestApp, routeTestApp } from '../../../../test/harness.ts';
import { topHundred } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { createPerson } from '../../../domain/stakeholders/create-person.ts';
import { addToTopHundred } from '../../../domain/stakeholders/top-hundred/add-to-top-hundred.ts';

/** Random and hostile input at the top 100's forms and the three pages' addresses: never a 500, never a gap. */

const lambeth = 'E09000022';

let t: RouteTestApp;
let listed: string[];

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  const ctx = contextFor(t.deps, operator('test'));
  listed = [];
  for (const name of ['Ama Mensah', 'Ben Carter', 'Chi Obi']) {
    const p = await createPerson(ctx, { fullName: name, places: [{ kind: 'borough', code: lambeth }] });
    await addToTopHundred(ctx, { areaCode: lambeth, personId: p.id });
    listed.push(p.id);
  }
  await t.agent.get(`/boroughs/${lambeth}/top-100`);
});
afterAll(() => closeApp(t));

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    "'; drop table top_hundred; --",
    '<script>alert(1)</script>',
    '\u0000',
    '%00',
    '\ud800',
    '-1',
    '1e3',
    '0x10',
    '99999999999999999999',
    ' 2 ',
    'UP',
    '{{ 7*7 }}',
  ),
  fc.string({ minLength: 300, maxLength: 3000 }),
);

const ranks = async () =>
  (await t.deps.db.select().from(topHundred).where(eq(topHundred.areaCode, lambeth))).sort(
    (a, b) => a.rank - b.rank,
  );

async function expectIntact() {
  const rows = await ranks();
  expect(rows.map((r) => r.rank)).toEqual([1, 2, 3]);
  expect(new Set(rows.map((r) => r.personId))).toEqual(new Set(listed));
}

describe('the top 100 under random and hostile input', () => {
  it('moves: a clear answer each time, the list always 1..n with the same people', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...listed), hostile),
        fc.oneof(hostile, fc.array(hostile, { minLength: 2, maxLength: 3 })),
        async (personId, to) => {
          const res = await t.agent.post(
            `/boroughs/${lambeth}/top-100/${encodeURIComponent(personId.toWellFormed())}/move`,
            Array.isArray(to) ? { to: to[0] ?? '' } : { to },
          );
          statuses.add(res.statusCode);
          expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
          expect(res.body).not.toContain('<script>alert(1)</script>');
          await expectIntact();
        },
      ),
      {
        numRuns: 40,
        examples: [
          [listed[0] as string, ' 2 '],
          [listed[1] as string, 'UP'],
        ],
      },
    );
    // Some moves went through (so the forms were accepted) and some were refused on the page.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([303, 400]));
  });

  it('adds and removes with hostile ids and searches: refused plainly, nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (personId, q) => {
        const add = await t.agent.post(`/boroughs/${lambeth}/top-100/add`, { personId, q });
        expect([400, 409]).toContain(add.statusCode);
        const remove = await t.agent.post(
          `/boroughs/${lambeth}/top-100/${encodeURIComponent(personId.toWellFormed())}/remove`,
        );
        expect([404, 409, 414]).toContain(remove.statusCode);
        await expectIntact();
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('answers any query string or code on the three pages without a server error', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (value, code) => {
        const q = encodeURIComponent(value.toWellFormed());
        for (const url of [
          `/boroughs/${lambeth}/top-100?q=${q}&done=moved&person=${q}&from=${q}`,
          `/boroughs/${lambeth}/stakeholder-grid?cell=${q}`,
          `/boroughs/${encodeURIComponent(code.toWellFormed()) || 'x'}/coverage`,
          `/boroughs/${encodeURIComponent(code.toWellFormed()) || 'x'}/top-100`,
        ]) {
          const res = await t.agent.get(url);
          expect(res.statusCode, url).toBeLessThan(500);
          expect(res.body).not.toContain('<script>alert(1)</script>');
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('takes a JSON body with half a UTF-16 pair as a browser’s form would', async () => {
    const page = await t.agent.get(`/boroughs/${lambeth}/top-100`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url: `/boroughs/${lambeth}/top-100/${listed[0]}/move`,
      headers: {
        cookie: [...t.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/json',
      },
      payload: `{"_csrf":"${csrf}","to":"\\ud800"}`,
    });
    expect(res.statusCode).toBeLessThan(500);
    await expectIntact();
  });
});
