import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import { contextFor } from '../../deps.ts';
import type { Actor } from '../access/actor.ts';
import { actorOf } from '../access/users.repo.ts';
import { createPerson } from './create-person.ts';
import { encodeCursor } from './filter.ts';
import { createOrganisation } from './organisations.ts';
import { recordConsent } from './record-consent.ts';
import { searchStakeholders } from './search-people.ts';

/** Search: substring, whole word and near spelling; filters; scope; keyset pages that neither repeat nor skip. */

const lambeth = 'E09000022';
const camden = 'E09000007';
let deps: TestDeps;
let lead: Actor;
let camdenLead: Actor;

beforeAll(async () => {
  deps = await testDeps();
  const programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead' }));
  lead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] }));
  camdenLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [camden] }));
  const ctx = contextFor(deps, programmeLead);
  const church = await createOrganisation(ctx, {
    name: 'St Matthew’s Church',
    type: 'faith-organisation',
    areaCode: lambeth,
  });
  await createPerson(ctx, {
    fullName: 'Margaret Okonkwo',
    emails: ['m.okonkwo@example.org'],
    roleIds: ['faith-leader'],
    lastVerifiedOn: '2026-10-01',
    places: [{ kind: 'borough', code: lambeth }],
    memberships: [{ organisationId: church.id, position: 'Vicar' }],
  });
  const given = await createPerson(ctx, {
    fullName: 'Samuel Adeyemi',
    emails: ['sam@example.org'],
    places: [{ kind: 'borough', code: lambeth }],
  });
  await recordConsent(ctx, {
    personId: given.id,
    event: 'given',
    occurredOn: '2026-11-01',
    method: 'meeting',
    wordingVersion: 'v1',
    evidence: 'Form',
  });
  for (let i = 0; i < 23; i += 1) {
    await createPerson(ctx, {
      fullName: `Resident ${String(i).padStart(2, '0')}`,
      places: [{ kind: 'borough', code: lambeth }],
    });
  }
  await createPerson(ctx, { fullName: 'Camden Person', places: [{ kind: 'borough', code: camden }] });
});
afterAll(() => deps.close());

const names = async (actor: Actor, input: Parameters<typeof searchStakeholders>[1]) =>
  (await searchStakeholders(contextFor(deps, actor), input)).rows.map((r) => r.fullName);

describe('searching stakeholders', () => {
  it('finds by part of a name, an organisation, an e-mail address and a near spelling', async () => {
    expect(await names(lead, { q: 'okonk' })).toEqual(['Margaret Okonkwo']);
    expect(await names(lead, { q: 'matthew' })).toEqual(['Margaret Okonkwo']);
    expect(await names(lead, { q: 'M.OKONKWO@example' })).toEqual(['Margaret Okonkwo']);
    expect(await names(lead, { q: 'Margret Okonkow' })).toEqual(['Margaret Okonkwo']);
    expect(await names(lead, { q: '100%_\\' })).toEqual([]);
  });

  it('filters by role, organisation type, consent and staleness, inside the actor’s boroughs', async () => {
    expect(await names(lead, { roleId: 'faith-leader' })).toEqual(['Margaret Okonkwo']);
    expect(await names(lead, { organisationType: 'faith-organisation' })).toEqual(['Margaret Okonkwo']);
    expect(await names(lead, { consent: 'given' })).toEqual(['Samuel Adeyemi']);
    expect(await names(lead, { stale: 'no' })).toEqual(['Margaret Okonkwo']);
    expect(await names(camdenLead, {})).toEqual(['Camden Person']);
    expect(await names(camdenLead, { areaCode: lambeth })).toEqual([]);
    const bad = await rejection(
      searchStakeholders(contextFor(deps, lead), { consent: 'maybe', areaCode: 'x' }),
    );
    expect(bad.details.fields).toEqual({
      areaCode: 'Choose a borough from the list',
      consent: 'Choose a consent state from the list',
    });
  });

  it('pages by keyset in both directions without repeating or skipping anyone', async () => {
    for (const sort of ['name', '-name', 'updated', '-updated'] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await searchStakeholders(contextFor(deps, lead), { sort, after, limit: 10 });
        expect(page.total).toBe(25);
        seen.push(...page.rows.map((r) => r.id));
        if (!page.next) break;
        after = encodeCursor(page.next);
      }
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
    }
    const first = await names(lead, { sort: 'name', limit: 2 });
    expect(first).toEqual(['Margaret Okonkwo', 'Resident 00']);
    expect(await names(lead, { after: 'not-a-cursor', limit: 1 })).toEqual(['Margaret Okonkwo']);
  });
});

describe('a cursor edited by hand', () => {
  it('starts from the first page instead of reaching the database', async () => {
    const forged = (value: string, id: string) =>
      Buffer.from(JSON.stringify([value, id])).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [after, sort] of [
      [forged('x', '-----------------------------------'), 'name'],
      [forged('a\u0000b', id), 'name'],
      [forged('not a time', id), 'updated'],
      [forged('2026-13-45T00:00:00.000Z', id), '-updated'],
    ] as const) {
      const page = await searchStakeholders(contextFor(deps, lead), { after, sort, limit: 1 });
      expect(page.rows.map((r) => r.fullName)).toEqual([
        sort === 'name' ? 'Margaret Okonkwo' : expect.any(String),
      ]);
    }
  });
});

describe('a search of nothing but control characters and spaces', () => {
  it('is no search', async () => {
    const all = (await searchStakeholders(contextFor(deps, lead), {})).total;
    for (const q of ['\u0000', ' \u0007 \t', '\u007f\u0000 ']) {
      const page = await searchStakeholders(contextFor(deps, lead), { q });
      expect(page.filter.q).toBeUndefined();
      expect(page.total).toBe(all);
    }
  });
});

describe('each row of a page', () => {
  it('carries the person’s own consent state', async () => {
    const rows = (await searchStakeholders(contextFor(deps, lead), { q: 'adeyemi' })).rows;
    expect(rows.map((r) => [r.fullName, r.consent])).toEqual([['Samuel Adeyemi', 'given']]);
  });
});
