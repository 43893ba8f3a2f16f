import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../test/agent.ts';
import { givenUser, signedInAgent, type TestDeps, testApp, testDeps } from '../../../../test/harness.ts';
import { auditEvents, duplicateFlags, people, personRedirects } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import type { Actor } from '../../../domain/access/actor.ts';
import { actorOf } from '../../../domain/access/users.repo.ts';
import { createPerson } from '../../../domain/stakeholders/create-person.ts';
import { recordConsent } from '../../../domain/stakeholders/record-consent.ts';

/** The personal-data pages through HTTP: what each shows, what each form does, and who may use them. */

const lambeth = 'E09000022';
const camden = 'E09000007';
const inLambeth = [{ kind: 'borough' as const, code: lambeth }];

let deps: TestDeps;
let app: FastifyInstance;
let admin: Agent;
let programmeLead: Agent;
let lead: Agent;
let contributor: Agent;
let leadActor: Actor;

beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
  const user = async (role: Parameters<typeof givenUser>[1]) => givenUser(deps, role);
  admin = await signedInAgent(
    deps,
    app,
    (await user({ role: 'administrator', displayName: 'Ada Admin' })).id,
  );
  const pl = await user({ role: 'programme_lead', displayName: 'Priya Programme' });
  programmeLead = await signedInAgent(deps, app, pl.id);
  const bl = await user({ role: 'borough_lead', boroughs: [lambeth] });
  leadActor = actorOf(bl);
  lead = await signedInAgent(deps, app, bl.id);
  contributor = await signedInAgent(
    deps,
    app,
    (await user({ role: 'borough_contributor', boroughs: [lambeth] })).id,
  );
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

const create = (input: Parameters<typeof createPerson>[1]) =>
  createPerson(contextFor(deps, leadActor), input);

describe('the subject access export', () => {
  it('is a printable page with a section for each category, and a JSON download', async () => {
    const person = await create({
      fullName: 'Grace O’Neill',
      emails: ['grace@example.org'],
      roleIds: ['faith-leader'],
      places: inLambeth,
    });
    await recordConsent(contextFor(deps, leadActor), {
      personId: person.id,
      event: 'given',
      occurredOn: '2026-11-20',
      method: 'paper',
      wordingVersion: 'paper-2026',
      evidence: 'Signed form in the Brixton file',
    });
    const page = await programmeLead.get(`/stakeholders/${person.id}/subject-access`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Everything Nonsuch holds about Grace O’Neill');
    expect(page.body).toContain('Produced on 22 November 2026 by Priya Programme.');
    for (const heading of [
      '1. The record',
      '2. E-mail addresses and telephone numbers',
      '5. Consent to the e-newsletter',
      '9. The audit trail',
    ]) {
      expect(page.body).toContain(heading);
    }
    expect(page.body).toContain('grace@example.org');
    expect(page.body).toContain('Signed form in the Brixton file');
    expect(page.body).toContain('Nonsuch holds nothing about them in these categories:');
    expect(page.body).toContain('<li>Top 100 lists</li>');
    expect(page.body).toContain('govuk-!-display-none-print');

    const file = await admin.get(`/stakeholders/${person.id}/subject-access.json`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(
      'attachment; filename="subject-access-grace-o-neill-2026-11-22.json"',
    );
    const json = JSON.parse(file.body) as { name: string; producedBy: string; sections: { key: string }[] };
    expect(json.name).toBe('Grace O’Neill');
    expect(json.producedBy).toBe('Ada Admin');
    expect(json.sections.map((s) => s.key)).toContain('consent');

    const produced = await deps.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityType, 'subject-access-export'));
    expect(produced.map((a) => a.summary).sort()).toEqual([
      'Subject access export produced (JSON file)',
      'Subject access export produced (printable page)',
    ]);
    expect((await lead.get(`/stakeholders/${person.id}/subject-access`)).statusCode).toBe(403);
    expect((await programmeLead.get('/stakeholders/not-an-id/subject-access.json')).statusCode).toBe(404);
  });
});

describe('erasure', () => {
  it('asks for the name to be typed: a wrong one refuses and changes nothing; the right one erases', async () => {
    const person = await create({
      fullName: 'Harold Pemberton-Smythe',
      emails: ['h.pemberton@example.org'],
      roleIds: ['snb-chair'],
      places: inLambeth,
    });
    const form = await admin.get(`/stakeholders/${person.id}/erase`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('To confirm, type the person’s name: Harold Pemberton-Smythe');
    expect(form.body).toContain('1 e-mail address is removed and put on the suppression list');
    expect(form.body).toContain('The record stays as “a Safer Neighbourhood Board chair”');
    const [before] = await deps.db.select().from(people).where(eq(people.id, person.id));

    const wrong = await admin.post(`/stakeholders/${person.id}/erase`, {
      confirmName: 'Harold Pemberton',
      version: String(before?.version),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('The name typed does not match: type the person’s name exactly as shown');
    expect(wrong.body).toContain('value="Harold Pemberton"');
    const empty = await admin.post(`/stakeholders/${person.id}/erase`, { confirmName: '' });
    expect(empty.body).toContain('Type the person’s name to confirm the erasure');
    const forged = await admin.post(
      `/stakeholders/${person.id}/erase`,
      { confirmName: 'Harold Pemberton-Smythe' },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    expect(
      (await lead.post(`/stakeholders/${person.id}/erase`, { confirmName: 'Harold Pemberton-Smythe' }))
        .statusCode,
    ).toBe(403);
    const [unchanged] = await deps.db.select().from(people).where(eq(people.id, person.id));
    expect(unchanged).toEqual(before);

    await admin.get(`/stakeholders/${person.id}/erase`);
    const done = await admin.post(`/stakeholders/${person.id}/erase`, {
      confirmName: 'harold pemberton-smythe',
      version: String(before?.version),
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/stakeholders/${person.id}?done=erased`);
    const [after] = await deps.db.select().from(people).where(eq(people.id, person.id));
    expect(after?.fullName).toBe('a Safer Neighbourhood Board chair');
    expect(after?.erasedAt).not.toBeNull();
    expect((await admin.get(`/stakeholders/${person.id}/erase`)).statusCode).toBe(409);
  });

  it('asks again when the record changed after the confirmation page was shown', async () => {
    const person = await create({ fullName: 'Ivy Changed', places: inLambeth });
    await admin.get(`/stakeholders/${person.id}/erase`);
    const res = await admin.post(`/stakeholders/${person.id}/erase`, {
      confirmName: 'Ivy Changed',
      version: '0',
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Someone changed this record while you were looking at it.');
    const [row] = await deps.db.select().from(people).where(eq(people.id, person.id));
    expect(row?.erasedAt).toBeNull();
  });
});

describe('the records past review', () => {
  it('lists them for administrators, oldest first, linking to each record', async () => {
    const person = await create({ fullName: 'Reggie Review', reviewOn: '2026-01-31', places: inLambeth });
    const page = await admin.get('/stakeholders/review');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<a class="govuk-link" href="/stakeholders/${person.id}">Reggie Review</a>`);
    expect(page.body).toContain('31 January 2026');
    expect(page.body).toContain('Its review date has passed');
    expect((await programmeLead.get('/stakeholders/review')).statusCode).toBe(403);
  });
});

describe('possible duplicates and merging', () => {
  it('lists a pair, dismisses one, and merges another through the side-by-side form', async () => {
    const a = await create({ fullName: 'Kwame Asante', emails: ['kwame@example.org'], places: inLambeth });
    const b = await create({
      fullName: 'Kwame Asante-Boateng',
      emails: ['kab@example.org'],
      postalAddress: '3 Acre Lane',
      places: inLambeth,
    });
    const c = await create({ fullName: 'Kwami Asante', places: inLambeth });
    const [ab, ac] = await deps.db
      .insert(duplicateFlags)
      .values([
        {
          personId: a.id,
          otherPersonId: b.id,
          score: 0.86,
          reason: 'Similar name',
          createdAt: deps.clock.now(),
        },
        {
          personId: a.id,
          otherPersonId: c.id,
          score: 0.74,
          reason: 'Similar name',
          createdAt: deps.clock.now(),
        },
      ])
      .returning();

    const list = await lead.get('/stakeholders/duplicates');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/stakeholders/${a.id}/merge?with=${b.id}"`);
    expect(list.body).toContain('86%');
    expect((await contributor.get('/stakeholders/duplicates')).statusCode).toBe(403);

    const dismissed = await lead.post(`/stakeholders/duplicates/${ac?.id}/dismiss`);
    expect(dismissed.statusCode).toBe(303);
    expect(dismissed.headers.location).toBe('/stakeholders/duplicates?done=dismissed');
    const after = await lead.get('/stakeholders/duplicates?done=dismissed');
    expect(after.body).toContain('Marked as not the same person.');
    expect(after.body).not.toContain(`with=${c.id}`);
    expect((await lead.post(`/stakeholders/duplicates/${ac?.id}/dismiss`)).headers.location).toBe(
      '/stakeholders/duplicates?done=settled',
    );

    const search = await lead.get(`/stakeholders/${a.id}/merge?q=asante`);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`href="/stakeholders/${a.id}/merge?with=${b.id}"`);
    expect(search.body).not.toContain(`with=${a.id}"`);

    const compare = await lead.get(`/stakeholders/${a.id}/merge?with=${b.id}`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Merge two records of one person');
    expect(compare.body).toContain('name="fullName" type="radio" value="kept" checked');
    expect(compare.body).toContain('name="postalAddress" type="radio" value="other" checked');
    expect(compare.body).toContain(`href="/stakeholders/${b.id}/merge?with=${a.id}"`);

    const refused = await lead.post(`/stakeholders/${a.id}/merge`, {
      with: b.id,
      fullName: 'both',
      keptVersion: '1',
      otherVersion: '1',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose which name to keep');
    expect(refused.body).toContain('href="#fullName"');

    const stale = await lead.post(`/stakeholders/${a.id}/merge`, {
      with: b.id,
      keptVersion: '9',
      otherVersion: '1',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('One of the records changed while you were comparing them.');

    await lead.get(`/stakeholders/${a.id}/merge?with=${b.id}`);
    const merged = await lead.post(`/stakeholders/${a.id}/merge`, {
      with: b.id,
      fullName: 'other',
      emails: 'both',
      keptVersion: '1',
      otherVersion: '1',
    });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe(`/stakeholders/${a.id}?done=merged`);
    const [kept] = await deps.db.select().from(people).where(eq(people.id, a.id));
    expect(kept).toMatchObject({ fullName: 'Kwame Asante-Boateng', postalAddress: '3 Acre Lane' });
    expect(await deps.db.select().from(people).where(eq(people.id, b.id))).toEqual([]);
    expect(await deps.db.select().from(personRedirects).where(eq(personRedirects.fromId, b.id))).toHaveLength(
      1,
    );
    expect(
      await deps.db
        .select()
        .from(duplicateFlags)
        .where(eq(duplicateFlags.id, ab?.id as string)),
    ).toEqual([]);

    // The old address of the merged record leads to the one kept.
    const old = await lead.get(`/stakeholders/${b.id}`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/stakeholders/${a.id}`);
  });

  it('answers for a record outside the lead’s boroughs exactly as for a missing one', async () => {
    const mine = await create({ fullName: 'Mina Lambeth', places: inLambeth });
    const theirs = await createPerson(
      contextFor(deps, actorOf(await givenUser(deps, { role: 'programme_lead' }))),
      {
        fullName: 'Theo Camden',
        places: [{ kind: 'borough', code: camden }],
      },
    );
    const res = await lead.get(`/stakeholders/${mine.id}/merge?with=${theirs.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Theo Camden');
    expect((await lead.get(`/stakeholders/${theirs.id}/merge`)).statusCode).toBe(404);
    expect((await lead.get(`/stakeholders/${mine.id}/merge?with=nonsense`)).statusCode).toBe(400);
  });
});

describe('hostile input', () => {
  it('never answers 500 and never writes, whatever the erase and merge forms are sent', async () => {
    const a = await create({ fullName: 'Hostile Input One', emails: ['h1@example.org'], places: inLambeth });
    const b = await create({ fullName: 'Hostile Input Two', emails: ['h2@example.org'], places: inLambeth });
    const snapshot = async () => deps.db.select().from(people).where(eq(people.id, a.id));
    const before = await snapshot();
    const field = fc.constantFrom(
      'confirmName',
      'version',
      'with',
      'keptVersion',
      'otherVersion',
      'fullName',
      'emails',
      'notes',
      'influence',
      'q',
    );
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('kept', 'other', 'both', b.id, a.id, '-1', '1e9', '%00', '\u0000', 'Hostile Input'),
    );
    await admin.get(`/stakeholders/${a.id}/erase`);
    await lead.get(`/stakeholders/${a.id}/merge?with=${b.id}`);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, value), async (form) => {
        const erase = await admin.post(`/stakeholders/${a.id}/erase`, form);
        expect(erase.statusCode).toBeLessThan(500);
        expect(erase.statusCode).not.toBe(303);
        const merge = await lead.post(`/stakeholders/${a.id}/merge`, {
          ...form,
          with: form.with === b.id ? 'x' : (form.with ?? ''),
        });
        expect(merge.statusCode).toBeLessThan(500);
        const query = new URLSearchParams(form).toString();
        expect((await lead.get(`/stakeholders/${a.id}/merge?${query}`)).statusCode).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    expect(await snapshot()).toEqual(before);
  });
});
