import { execFileSync } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, postgresUrlFor, rejection, type TestDeps, testDeps } from '../../../../test/harness.ts';
import {
  auditEvents,
  consentLedger,
  contactPoints,
  duplicateFlags,
  memberships,
  organisations,
  people,
  segments,
  stakeholderImports,
  topHundred,
} from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import type { Actor } from '../../access/actor.ts';
import { actorOf } from '../../access/users.repo.ts';
import { createPerson } from '../create-person.ts';
import { getPerson } from '../get-person.ts';
import { planStakeholderImport } from '../import/plan-stakeholder-import.ts';
import { createOrganisation, updateOrganisation } from '../organisations.ts';
import { recordConsent } from '../record-consent.ts';
import { suppressedAddresses } from '../suppression.ts';
import { updatePerson } from '../update-person.ts';
import { erasePerson, previewErasure, uploadRemovedByErasure } from './erase-person.ts';
import { exportSubjectAccess } from './subject-access.ts';

/**
 * Erasure end to end on the real database: afterwards the person's name and e-mail address appear
 * nowhere in a full dump (pg_dump on PostgreSQL, every row of every table as text on PGlite), the
 * record is kept anonymised, and the address arrives suppressed when it is added again.
 */

const lambeth = 'E09000022';

let deps: TestDeps;
let admin: Actor;
let lead: Actor;
let uploader: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  deps = await testDeps();
  admin = actorOf(await givenUser(deps, { role: 'administrator' }));
  uploader = await givenUser(deps, { role: 'programme_lead' });
  lead = actorOf(uploader);
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);

/** The rows of a raw query (both drivers answer `{ rows }`). */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Every row of every table, as PostgreSQL writes a row out as text. */
async function everyRowAsText(): Promise<string> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await deps.db.execute(sql`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`),
  );
  const out: string[] = [];
  for (const t of tables) {
    const rows = rowsOf<{ row: string }>(
      await deps.db.execute(
        sql`select t::text as row from ${sql.identifier(t.schema)}.${sql.identifier(t.name)} t`,
      ),
    );
    out.push(...rows.map((r) => r.row));
  }
  return out.join('\n');
}

/** A full dump: pg_dump of the test's own database on PostgreSQL, or every row as text on PGlite. */
async function fullDump(): Promise<string> {
  if (deps.connection.kind === 'pglite') return everyRowAsText();
  const [db] = rowsOf<{ name: string }>(await deps.db.execute(sql`select current_database() as name`));
  const url = postgresUrlFor(String(db?.name));
  if (!url) throw new Error('a PostgreSQL test database without DATABASE_URL');
  const dump = execFileSync('pg_dump', ['--data-only', '--dbname', url], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  // Each dump carries a random key for psql's restricted mode; it is not data.
  return dump.replace(/^\\(un)?restrict .*$/gm, '');
}

async function xlsxBase64(rows: string[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('People');
  const second = workbook.addWorksheet('Notes');
  const first = workbook.worksheets[0] as ExcelJS.Worksheet;
  for (const row of rows) first.addRow(row);
  second.addRow(['nothing here']);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

describe('erasing a person', () => {
  it('leaves their name and address nowhere in a full dump, keeps the record anonymised and suppresses the address', async () => {
    const name = 'Philippa Quarrendon';
    const formerName = 'Pippa Quarrendon';
    const address = 'P.Quarrendon@Example.NET';
    const normalised = 'p.quarrendon@example.net';
    const org = await createOrganisation(as(lead), {
      name: 'Stockwell Traders',
      type: 'business',
      areaCode: lambeth,
      email: address,
      notes: `Chaired by ${name} since 2019.`,
    });
    const person = await createPerson(as(lead), {
      fullName: formerName,
      emails: [address, 'pq.home@example.org'],
      phones: ['020 7946 0123'],
      postalAddress: '4 Quarrendon Mews\nLondon SW9 1AA',
      notes: 'Prefers morning meetings.',
      roleIds: ['ward-councillor', 'business-leader'],
      influence: 4,
      reviewOn: '2027-01-01',
      places: [{ kind: 'borough', code: lambeth }],
      memberships: [{ organisationId: org.id, position: 'Chair' }],
    });
    await updatePerson(as(lead), {
      id: person.id,
      fullName: name,
      emails: [address, 'pq.home@example.org'],
      phones: ['020 7946 0123'],
      postalAddress: '4 Quarrendon Mews\nLondon SW9 1AA',
      notes: 'Prefers morning meetings.',
      roleIds: ['ward-councillor', 'business-leader'],
      places: [{ kind: 'borough', code: lambeth }],
    });
    await recordConsent(as(lead), {
      personId: person.id,
      event: 'given',
      occurredOn: '2026-11-01',
      method: 'meeting',
      wordingVersion: 'newsletter-1',
      evidence: `${name} signed the sheet`,
    });
    const colleague = await createPerson(as(lead), {
      fullName: 'Ruth Okonjo',
      notes: `Deputy to ${name}; copy ${normalised} in.`,
      places: [{ kind: 'borough', code: lambeth }],
    });
    const lookalike = await createPerson(as(lead), {
      fullName: 'Philippa Quarrenden',
      places: [{ kind: 'borough', code: lambeth }],
    });
    const now = deps.clock.now();
    await deps.db.insert(duplicateFlags).values({
      personId: lookalike.id,
      otherPersonId: person.id,
      score: 0.8,
      reason: 'Similar names',
      createdAt: now,
    });
    await deps.db.insert(topHundred).values([
      { areaCode: lambeth, personId: colleague.id, rank: 1 },
      { areaCode: lambeth, personId: person.id, rank: 2 },
      { areaCode: lambeth, personId: lookalike.id, rank: 3 },
    ]);
    await deps.db.insert(segments).values({
      name: 'Her contacts',
      areaCode: lambeth,
      filter: { q: name },
      createdAt: now,
      updatedAt: now,
    });
    const csv = Buffer.from(`Name,Email\r\n"${name}",${address}\r\nSomeone Else,else@example.org\r\n`);
    const [pendingCsv, pendingXlsx, unrelated] = await deps.db
      .insert(stakeholderImports)
      .values([
        {
          userId: uploader.id,
          areaCode: lambeth,
          fileName: 'ward-list.csv',
          content: csv.toString('base64'),
          status: 'previewed',
          createdAt: now,
        },
        {
          userId: uploader.id,
          areaCode: lambeth,
          fileName: 'councillors.xlsx',
          content: await xlsxBase64([
            ['Name', 'Email'],
            ['Someone', normalised.toUpperCase()],
          ]),
          status: 'previewed',
          createdAt: now,
        },
        {
          userId: uploader.id,
          areaCode: lambeth,
          fileName: 'others.csv',
          content: Buffer.from('Name\r\nNobody Relevant\r\n').toString('base64'),
          status: 'previewed',
          createdAt: now,
        },
      ])
      .returning();
    await updateOrganisation(as(lead), {
      id: org.id,
      name: 'Stockwell Traders',
      type: 'business',
      areaCode: lambeth,
      email: address,
      notes: `Chaired by ${name} since 2019.`,
      website: 'https://stockwell.example',
    });

    const before = await fullDump();
    expect(before).toContain(name);
    expect(before.toLowerCase()).toContain(normalised);

    // The preview counts what will go.
    const preview = await previewErasure(as(admin), { id: person.id });
    expect(preview.description).toBe('a ward councillor');
    expect(preview.counts).toMatchObject({
      emailAddresses: 2,
      telephoneNumbers: 1,
      consentEvents: 1,
      membershipPositions: 1,
      topHundredPlaces: 1,
      duplicateFlags: 1,
      uploads: 2,
    });
    expect(preview.counts.auditEntries).toBeGreaterThanOrEqual(5);

    // A wrong name, and a lead who may not erase, change nothing.
    const wrong = await rejection(erasePerson(as(admin), { id: person.id, confirmName: 'Philippa' }));
    expect(wrong.details.fields?.confirmName).toBe(
      'The name typed does not match: type the person’s name exactly as shown',
    );
    expect((await rejection(erasePerson(as(lead), { id: person.id, confirmName: name }))).code).toBe(
      'forbidden',
    );
    expect(await fullDump()).toBe(before);

    const erased = await erasePerson(as(admin), { id: person.id, confirmName: ` philippa  quarrendon ` });
    expect(erased.description).toBe('a ward councillor');

    const dump = await fullDump();
    for (const term of [name, formerName, 'Quarrendon', normalised, 'pq.home@example.org', '7946 0123']) {
      expect(dump.toLowerCase(), term).not.toContain(term.toLowerCase());
    }
    // The near-namesake is someone else, and stays.
    expect(dump).toContain('Philippa Quarrenden');

    const [row] = await deps.db.select().from(people).where(eq(people.id, person.id));
    expect(row).toMatchObject({
      fullName: 'a ward councillor',
      postalAddress: null,
      notes: null,
      preferredLanguage: null,
      influence: null,
      reviewOn: null,
      searchText: '',
      erasedAt: now,
    });
    expect(await deps.db.select().from(contactPoints).where(eq(contactPoints.personId, person.id))).toEqual(
      [],
    );
    expect(await deps.db.select().from(consentLedger).where(eq(consentLedger.personId, person.id))).toEqual(
      [],
    );
    expect(await deps.db.select().from(duplicateFlags)).toEqual([]);
    const [membership] = await deps.db.select().from(memberships).where(eq(memberships.personId, person.id));
    expect(membership).toMatchObject({ organisationId: org.id, position: null });
    expect(
      (await deps.db.select().from(topHundred).where(eq(topHundred.areaCode, lambeth)))
        .map((t) => [t.personId, t.rank])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
    ).toEqual([
      [colleague.id, 1],
      [lookalike.id, 2],
    ]);
    const uploads = await deps.db.select().from(stakeholderImports);
    for (const id of [pendingCsv?.id, pendingXlsx?.id]) {
      expect(uploads.find((u) => u.id === id)).toMatchObject({
        content: null,
        status: 'failed',
        error: uploadRemovedByErasure,
      });
    }
    expect(uploads.find((u) => u.id === unrelated?.id)?.content).not.toBeNull();
    const [orgAfter] = await deps.db.select().from(organisations).where(eq(organisations.id, org.id));
    expect(orgAfter).toMatchObject({ email: null, notes: 'Chaired by [erased] since 2019.' });
    expect((await getPerson(as(lead), colleague.id)).person.notes).toBe(
      'Deputy to [erased]; copy [erased] in.',
    );

    // The trail keeps its rows: erased values are marked, and the erasure and redaction are recorded.
    const trail = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, person.id));
    const created = trail.find((a) => a.action === 'created' && a.entityType === 'person');
    expect(created?.summary).toBe('Person “[erased]” added');
    expect(created?.newValues).toMatchObject({
      fullName: '[erased]',
      emails: ['[erased]', '[erased]'],
      postalAddress: '[erased]',
      roleIds: ['ward-councillor', 'business-leader'],
    });
    expect(trail.find((a) => a.entityType === 'consent')?.newValues).toMatchObject({ evidence: '[erased]' });
    expect(trail.find((a) => a.action === 'erased')?.summary).toBe(
      'Person erased: the record is kept as “a ward councillor”',
    );
    const redacted = trail.find((a) => a.action === 'redacted');
    expect(redacted?.newValues).toMatchObject({ entries: erased.counts.auditEntries });

    // The address is suppressed: added again, it cannot be mailed.
    expect(await suppressedAddresses(deps.db, [normalised, 'pq.home@example.org'])).toEqual(
      new Set([normalised, 'pq.home@example.org']),
    );
    const again = await createPerson(as(lead), {
      fullName: 'New Arrival',
      emails: [address],
      places: [{ kind: 'borough', code: lambeth }],
    });
    expect((await getPerson(as(lead), again.id)).emailability).toEqual({ ok: false, reason: 'suppressed' });
    // And so does a spreadsheet import that brings the other address back.
    const imported = ['Name,Email', 'P Quarrendon,PQ.Home@example.org'].join('\r\n');
    const { plan } = await planStakeholderImport(as(lead), {
      fileName: 'again.csv',
      areaCode: lambeth,
      bytes: new TextEncoder().encode(imported),
    });
    expect(plan.rows[0]).toMatchObject({ action: 'create', suppressed: true });

    // What is left can still be asked for, and it holds nothing personal.
    const sar = await exportSubjectAccess(as(admin), { id: person.id, format: 'json' });
    expect(JSON.stringify(sar)).not.toContain('Quarrendon');
    expect(sar.holdingNothing).toContain('E-mail addresses and telephone numbers');

    // Erased once is erased.
    expect(
      (await rejection(erasePerson(as(admin), { id: person.id, confirmName: 'a ward councillor' }))).code,
    ).toBe('conflict');
  });
});
