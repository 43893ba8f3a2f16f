import { count, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../../test/harness.ts';
import {
  auditEvents,
  consentLedger,
  contactPoints,
  duplicateFlags,
  memberships,
  organisations,
  people,
  personBoroughs,
  personPlaces,
  personRoles,
  stakeholderImports,
} from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import { type Actor, operator } from '../../access/actor.ts';
import { actorOf } from '../../access/users.repo.ts';
import { importWards } from '../../geography/import-wards.ts';
import { DomainError } from '../../shared/errors.ts';
import { createPerson } from '../create-person.ts';
import { getPerson } from '../get-person.ts';
import { createOrganisation } from '../organisations.ts';
import { suppress } from '../suppression.ts';
import { chooseImportMapping } from './choose-import-mapping.ts';
import {
  commitStakeholderImport,
  outcomeOf,
  StakeholderImportRejected,
  startStakeholderImport,
} from './commit-stakeholder-import.ts';
import { getStakeholderImportStatus } from './get-import-status.ts';
import { planStakeholderImport } from './plan-stakeholder-import.ts';
import { previewStakeholderImport } from './preview-stakeholder-import.ts';
import { describeRowError } from './rows.ts';
import { uploadStakeholderImport } from './upload-stakeholder-import.ts';

/** Importing stakeholders on the real database: the plan of every row, all-or-nothing commits, scope. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
let lambethLead: Actor;
let lambethLeadUser: Awaited<ReturnType<typeof givenUser>>;
let camdenLead: Actor;
const cli = operator('test');

beforeAll(async () => {
  deps = await testDeps();
  lambethLeadUser = await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth, southwark] });
  lambethLead = actorOf(lambethLeadUser);
  camdenLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [camden] }));
  await importWards(contextFor(deps, cli), {
    text: [
      'WD22CD,WD22NM,LAD22CD,LAD22NM',
      'E05014096,Brixton North,E09000022,Lambeth',
      'E05014097,Brixton Windrush,E09000022,Lambeth',
      'E05011095,Borough & Bankside,E09000028,Southwark',
    ].join('\n'),
  });
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);
const bytes = (text: string) => new TextEncoder().encode(text);
const file = (text: string, areaCode = lambeth, fileName = 'people.csv') => ({
  fileName,
  areaCode,
  bytes: typeof text === 'string' ? bytes(text) : text,
});

async function tableCounts() {
  const n = async (table: PgTable) => Number((await deps.db.select({ n: count() }).from(table))[0]?.n ?? 0);
  return {
    people: await n(people),
    contacts: await n(contactPoints),
    roles: await n(personRoles),
    places: await n(personPlaces),
    boroughs: await n(personBoroughs),
    memberships: await n(memberships),
    organisations: await n(organisations),
    consents: await n(consentLedger),
    flags: await n(duplicateFlags),
    audit: await n(auditEvents),
  };
}

const messy = [
  '\uFEFFFull name,E-mail address,Organisation,Job title,Role,Ward,Phone,Consent,Consent date,Consent wording,Last verified',
  'Cllr Ada Brixton,Ada.Brixton@Lambeth.GOV.uk,Lambeth Council,Cabinet member,Ward councillor,Brixton North,020 7926 1000,yes,01/03/2026,newsletter-2026-01,2026-03-31',
  '"Bola Adeyemi","bola@example.org","Brixton ""Faith"" Forum","Chair","Faith leader; Community leader","E05014097","","no","","",""',
  '"Chris Lee","CHRIS@example.org","","","","","","","","","45900"',
  'Chris Lee,chris@example.org,Lambeth Youth Club,Volunteer,,,07700 900123,,,,',
  '"Dana\nNewline",dana@example.org,,,,,,,,,',
  ',,,,,,,,,,',
  '',
  '',
].join('\r\n');

describe('planning a messy file', () => {
  it('reads a byte-order mark, Windows line endings, quoted newlines and blank rows, and folds repeated addresses', async () => {
    const { plan } = await planStakeholderImport(as(lambethLead), file(messy));
    expect(plan.problems).toEqual([]);
    expect(plan.rows.map((r) => [r.row, r.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'create'],
      [5, 'merge'],
      [6, 'create'],
    ]);
    expect(plan.rows.find((r) => r.row === 5)?.into).toBe(4);
    expect(plan.rows.find((r) => r.row === 6)?.name).toBe('Dana Newline');
    expect(plan.newOrganisations).toEqual(['Lambeth Council', 'Brixton "Faith" Forum', 'Lambeth Youth Club']);
    expect(outcomeOf(plan)).toEqual({
      created: 4,
      updated: 0,
      merged: 1,
      flagged: 0,
      rejected: 0,
      errors: [],
    });
  });

  it('names the row and the column of each problem in plain words', async () => {
    const { plan } = await planStakeholderImport(
      as(lambethLead),
      file(
        [
          'Name,E-mail,Influence,Ward,Role,Consent,Last verified',
          'Bob,bob@,3,,,,',
          ',,,,,,',
          'Carol,carol@example.org,9,Nowhere,Mayor,maybe,31/02/2026',
          'Dee,dee@example.org,,,,yes,',
        ].join('\n'),
      ),
    );
    expect(plan.rejected).toBe(true);
    expect(plan.errors.map(describeRowError)).toEqual([
      'Row 2, E-mail: “bob@” is not an e-mail address',
      'Row 4, Influence: “9” is not a score: write a whole number from 1 to 5, or low, medium or high',
      'Row 4, Ward: “Nowhere” is not a ward of Lambeth',
      'Row 4, Role: “Mayor” is not a role on the list',
      'Row 4, Consent: “maybe” is not yes or no: write yes or no',
      'Row 4, Last verified: “31/02/2026” is not a date: write it like 2026-03-31 or 31/03/2026',
      'Row 5, Consent: Enter the date consent was given',
      'Row 5, Consent: Enter the version of the wording the person agreed to',
    ]);
    expect(outcomeOf(plan).rejected).toBe(3);
  });

  it('refuses a borough outside the person’s reach, naming the field', async () => {
    const error = await rejection(planStakeholderImport(as(lambethLead), file(messy, camden)));
    expect(error.details.fields).toEqual({
      borough: 'You do not look after Camden: choose a borough you look after',
    });
  });
});

describe('committing', () => {
  it('writes every row through one transaction, with consent evidence, places and boroughs, then re-imports as unchanged', async () => {
    const before = await tableCounts();
    const done = await commitStakeholderImport(as(lambethLead), { file: file(messy) });
    expect(done).toMatchObject({ created: 4, merged: 1, flagged: 0, rejected: 0, updated: 0 });
    const after = await tableCounts();
    expect(after.people - before.people).toBe(4);
    expect(after.organisations - before.organisations).toBe(3);

    const [ada] = await deps.db
      .select({ id: contactPoints.personId })
      .from(contactPoints)
      .where(eq(contactPoints.normalised, 'ada.brixton@lambeth.gov.uk'));
    const view = await getPerson(as(lambethLead), ada?.id ?? '');
    expect(view.person.fullName).toBe('Cllr Ada Brixton');
    expect(view.person.places).toEqual([
      { kind: 'ward', code: 'E05014096', vintage: 2022, name: 'Brixton North' },
    ]);
    expect(view.person.boroughs.map((b) => b.code)).toEqual([lambeth]);
    expect(view.person.roles.map((r) => r.id)).toEqual(['ward-councillor']);
    expect(view.person.memberships.map((m) => [m.organisationName, m.position])).toEqual([
      ['Lambeth Council', 'Cabinet member'],
    ]);
    expect(view.person.lastVerifiedOn).toBe('2026-03-31');
    expect(view.person.consent).toBe('given');
    const consents = await deps.db
      .select()
      .from(consentLedger)
      .where(eq(consentLedger.personId, view.person.id));
    expect(consents.map((c) => [c.event, c.method, c.wordingVersion, c.evidence])).toEqual([
      ['given', 'import', 'newsletter-2026-01', 'Imported from people.csv, row 2'],
    ]);
    expect(view.person.searchText).toContain('ada.brixton@lambeth.gov.uk');
    expect(view.person.searchText).toContain('lambeth council');

    // The folded row added its phone and organisation to the first; an Excel serial read as a day.
    const [chris] = await deps.db
      .select({ id: contactPoints.personId })
      .from(contactPoints)
      .where(eq(contactPoints.normalised, 'chris@example.org'));
    const chrisView = await getPerson(as(lambethLead), chris?.id ?? '');
    expect(chrisView.person.phones.map((p) => p.normalised)).toEqual(['07700900123']);
    expect(chrisView.person.lastVerifiedOn).toBe('2025-08-31');
    expect(chrisView.person.memberships.map((m) => m.organisationName)).toEqual(['Lambeth Youth Club']);

    const audit = await deps.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityType, 'stakeholder-import'));
    expect(audit.at(-1)?.summary).toBe(
      'Stakeholders imported into Lambeth from “people.csv”: 4 added, 0 added and flagged as possible duplicates, 0 changed, 1 merged, 0 unchanged',
    );
    const personAudit = await deps.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, view.person.id));
    expect(personAudit.map((a) => a.summary)).toEqual([
      'Person “Cllr Ada Brixton” added by the import of “people.csv”, row 2',
    ]);

    const again = await commitStakeholderImport(as(lambethLead), { file: file(messy) });
    expect(again).toMatchObject({ created: 0, updated: 0, flagged: 0, merged: 1, rejected: 0, unchanged: 4 });
    const afterAgain = await tableCounts();
    expect({ ...afterAgain, audit: 0 }).toEqual({ ...after, audit: 0 });
  });

  it('updates only what changed, adds lists, and never erases with a blank cell', async () => {
    const done = await commitStakeholderImport(as(lambethLead), {
      file: file(
        [
          'Name,Email,Phone,Role,Influence,Notes',
          'Ada Brixton,ADA.BRIXTON@lambeth.gov.uk,020 7926 2000,Community leader,4,',
        ].join('\n'),
      ),
    });
    expect(done).toMatchObject({ updated: 1, created: 0 });
    const [ada] = await deps.db
      .select({ id: contactPoints.personId })
      .from(contactPoints)
      .where(eq(contactPoints.normalised, 'ada.brixton@lambeth.gov.uk'));
    const view = await getPerson(as(lambethLead), ada?.id ?? '');
    expect(view.person.fullName).toBe('Ada Brixton');
    expect(view.person.phones.map((p) => p.normalised)).toEqual(['02079261000', '02079262000']);
    expect(view.person.roles.map((r) => r.id).sort()).toEqual(['community-leader', 'ward-councillor']);
    expect(view.person.influence).toBe(4);
    expect(view.person.lastVerifiedOn).toBe('2026-03-31');
    expect(view.person.version).toBe(2);
    const [audit] = await deps.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.entityId} = ${view.person.id} and ${auditEvents.action} = 'updated'`);
    expect(audit?.oldValues).toEqual({ fullName: 'Cllr Ada Brixton', influence: null });
    expect(audit?.newValues).toMatchObject({
      fullName: 'Ada Brixton',
      influence: 4,
      phonesAdded: ['020 7926 2000'],
    });
  });

  it('changes nothing when one row is bad, and says which', async () => {
    const before = await tableCounts();
    const error = await rejection(
      commitStakeholderImport(as(lambethLead), {
        file: file(['Name,Email', 'Eve,eve@example.org', 'Fay,fay@', 'Gus,gus@example.org'].join('\n')),
      }),
    );
    expect(error).toBeInstanceOf(StakeholderImportRejected);
    expect(error.message).toBe('Row 3 cannot be imported; nothing was imported. Put it right and try again.');
    expect((error as StakeholderImportRejected).lines()).toEqual([
      'Row 3, Email: “fay@” is not an e-mail address',
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it('rejects an address held outside the person’s reach without saying whose it is', async () => {
    await createPerson(as(camdenLead), {
      fullName: 'Hidden Camden Person',
      emails: ['hidden@example.org'],
      places: [{ kind: 'borough', code: camden }],
    });
    const { plan } = await planStakeholderImport(
      as(lambethLead),
      file(['Name,Email', 'Someone,Hidden@Example.org'].join('\n')),
    );
    expect(plan.rows[0]?.action).toBe('reject');
    expect(plan.errors.map(describeRowError)).toEqual([
      'Row 2, Email: “hidden@example.org” is already the address of a person outside the boroughs you look after: ask a programme lead to add them to this borough',
    ]);
    expect(JSON.stringify(plan)).not.toContain('Hidden Camden');
  });

  it('imports a suppressed address, reported as arriving suppressed', async () => {
    await suppress(deps.db, ['gone@example.org'], 'erased', deps.clock.now());
    const { plan } = await planStakeholderImport(
      as(lambethLead),
      file(['Name,Email', 'Gone Again,GONE@example.org'].join('\n')),
    );
    expect(plan.rows[0]).toMatchObject({ action: 'create', suppressed: true });
    await commitStakeholderImport(as(lambethLead), {
      file: file(['Name,Email', 'Gone Again,GONE@example.org'].join('\n')),
    });
    const [gone] = await deps.db
      .select({ id: contactPoints.personId })
      .from(contactPoints)
      .where(eq(contactPoints.normalised, 'gone@example.org'));
    const view = await getPerson(as(lambethLead), gone?.id ?? '');
    expect(view.person.emails[0]?.suppressed).toBe(true);
    expect(view.emailability).toEqual({ ok: false, reason: 'suppressed' });
  });

  it('flags a similar name and organisation for review, creating the person and naming no one in the reason', async () => {
    const org = await createOrganisation(as(lambethLead), {
      name: 'Stockwell Residents',
      type: 'residents-association',
      areaCode: lambeth,
    });
    const existing = await createPerson(as(lambethLead), {
      fullName: 'Jonathan Okoro',
      places: [{ kind: 'borough', code: lambeth }],
      memberships: [{ organisationId: org.id, position: 'Chair' }],
    });
    const { plan } = await planStakeholderImport(
      as(lambethLead),
      file(
        [
          'Name,Organisation',
          'Cllr Jonathon Okoro,Stockwell Residents',
          'Mary Jones,Stockwell Residents',
        ].join('\n'),
      ),
    );
    expect(plan.rows.map((r) => r.action)).toEqual(['flag', 'create']);
    expect(plan.rows[0]?.similar).toMatchObject({ personId: existing.id, name: 'Jonathan Okoro' });
    const done = await commitStakeholderImport(as(lambethLead), {
      file: file(
        [
          'Name,Organisation',
          'Cllr Jonathon Okoro,Stockwell Residents',
          'Mary Jones,Stockwell Residents',
        ].join('\n'),
      ),
    });
    expect(done).toMatchObject({ flagged: 1, created: 1 });
    const flags = await deps.db
      .select()
      .from(duplicateFlags)
      .where(eq(duplicateFlags.otherPersonId, existing.id));
    expect(flags).toHaveLength(1);
    expect(flags[0]?.reason).toMatch(/^similar name and organisation \(0\.\d\d\)$/);
    expect(flags[0]?.score).toBe(plan.rows[0]?.similar?.score);
  });
});

describe('an upload on the web', () => {
  it('keeps the file with a guessed mapping, takes a new mapping, commits once, and then forgets the bytes', async () => {
    const text = ['Who,Mail,Org', 'Ivy Stone,ivy@example.org,Southwark Arts'].join('\n');
    const { id } = await uploadStakeholderImport(as(lambethLead), {
      areaCode: southwark,
      fileName: 'ivy.csv',
      bytes: bytes(text),
    });
    const first = await previewStakeholderImport(as(lambethLead), id);
    expect(first.plan?.mapping).toEqual([null, 'email', 'organisation']);
    expect(first.plan?.problems).toEqual([
      'Choose the column that holds the person’s name (“Full name”, or “First name” and “Last name”)',
    ]);
    const twice = await rejection(
      chooseImportMapping(as(lambethLead), { id, fields: ['email', 'email', ''] }),
    );
    expect(twice.details.fields).toMatchObject({
      'column-1': 'Only one column can be “E-mail”: column 1 already is',
    });
    await chooseImportMapping(as(lambethLead), { id, fields: ['fullName', 'email', 'organisation'] });
    const second = await previewStakeholderImport(as(lambethLead), id);
    expect(second.plan?.rows.map((r) => r.action)).toEqual(['create']);

    // Someone else's upload does not exist for them.
    expect((await rejection(previewStakeholderImport(as(camdenLead), id))).code).toBe('not_found');

    await startStakeholderImport(as(lambethLead), id);
    expect((await rejection(startStakeholderImport(as(lambethLead), id))).code).toBe('conflict');
    let started = false;
    const done = await commitStakeholderImport(as(lambethLead), {
      id,
      onStarted: () => {
        started = true;
      },
    });
    expect(started).toBe(true);
    expect(done).toMatchObject({ id, created: 1 });
    const [row] = await deps.db.select().from(stakeholderImports).where(eq(stakeholderImports.id, id));
    expect(row).toMatchObject({ status: 'committed', content: null, totalRows: 1 });
    expect(row?.outcome).toMatchObject({ created: 1, updated: 0 });
    const status = await getStakeholderImportStatus(as(lambethLead), { id, running: false });
    expect(status.status).toBe('committed');
  });

  it('marks a commit whose process stopped as failed, so it can be started again', async () => {
    const { id } = await uploadStakeholderImport(as(lambethLead), {
      areaCode: lambeth,
      fileName: 'stopped.csv',
      bytes: bytes('Name\nJo Stopped\n'),
    });
    await startStakeholderImport(as(lambethLead), id);
    const status = await getStakeholderImportStatus(as(lambethLead), { id, running: false });
    expect(status.status).toBe('failed');
    expect(status.error).toContain('stopped before it finished');
    await startStakeholderImport(as(lambethLead), id);
    await commitStakeholderImport(as(lambethLead), { id });
    expect((await getStakeholderImportStatus(as(lambethLead), { id, running: false })).status).toBe(
      'committed',
    );
  });

  it('reads Excel dates, stored as dates or as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['Name', 'Email', 'Last verified', 'Consent', 'Consent date', 'Consent wording']);
    sheet.addRow(['Kit Excel', 'kit@example.org', new Date(Date.UTC(2026, 0, 15)), 'Yes', 46000, 'v1']);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { plan } = await planStakeholderImport(as(lambethLead), {
      fileName: 'kit.xlsx',
      areaCode: lambeth,
      bytes: xlsx,
    });
    expect(plan.format).toBe('xlsx');
    expect(plan.errors).toEqual([]);
    await commitStakeholderImport(as(lambethLead), {
      file: { fileName: 'kit.xlsx', areaCode: lambeth, bytes: xlsx },
    });
    const [kit] = await deps.db
      .select({ id: contactPoints.personId })
      .from(contactPoints)
      .where(eq(contactPoints.normalised, 'kit@example.org'));
    const view = await getPerson(as(lambethLead), kit?.id ?? '');
    expect(view.person.lastVerifiedOn).toBe('2026-01-15');
    const [consent] = await deps.db
      .select()
      .from(consentLedger)
      .where(eq(consentLedger.personId, kit?.id ?? ''));
    expect(consent?.occurredAt.toISOString()).toBe('2025-12-09T00:00:00.000Z');
  });
});

describe('a messy file of 1,000 rows', () => {
  /** Row n of the sheet (the heading is row 1): a person, with a known problem on some rows. */
  function messyRows(bad: boolean) {
    const lines: string[] = [
      '\uFEFFName,E-mail,Organisation,Role,Ward,Influence,Last verified,Consent,Consent date,Consent wording',
    ];
    const expected: string[] = [];
    for (let n = 2; n <= 1001; n += 1) {
      let email = `Person.${n}@Example.ORG`;
      let influence = String(1 + (n % 5));
      let verified =
        n % 2 === 0 ? `${String(1 + (n % 28)).padStart(2, '0')}/0${1 + (n % 9)}/2026` : String(45_000 + n);
      let role = n % 3 === 0 ? 'faith leader' : 'Community leader';
      if (bad && n % 97 === 0) {
        email = `person.${n}@`;
        expected.push(`Row ${n}, E-mail: “person.${n}@” is not an e-mail address`);
      }
      if (bad && n % 113 === 0) {
        verified = '31/02/2026';
        expected.push(
          `Row ${n}, Last verified: “31/02/2026” is not a date: write it like 2026-03-31 or 31/03/2026`,
        );
      }
      if (bad && n === 500) {
        role = 'Mayor';
        expected.push('Row 500, Role: “Mayor” is not a role on the list');
      }
      if (bad && n === 777) {
        influence = 'lots';
        expected.push(
          'Row 777, Influence: “lots” is not a score: write a whole number from 1 to 5, or low, medium or high',
        );
      }
      // Every 50th row repeats the row before it, with the address in another case.
      if (n % 50 === 0) email = `PERSON.${n - 1}@example.org`;
      const name = n % 10 === 0 ? `"Person\n${n}"` : `Person ${n}`;
      const consent = n % 4 === 0 ? 'Yes,01/01/2026,newsletter-2026-01' : ',,';
      lines.push(
        `${name},${email},Org ${n % 40},${role},${n % 7 === 0 ? 'Brixton North' : ''},${influence},${verified},${consent}`,
      );
    }
    lines.push(',,,,,,,,,', '', '');
    // Row errors come in row order, and within a row in the order of its columns.
    const order = (line: string) => Number(/^Row (\d+)/.exec(line)?.[1]);
    return { text: lines.join('\r\n'), expected: expected.sort((a, b) => order(a) - order(b)) };
  }

  it('reports exactly which rows fail and why, and changes nothing when committed', async () => {
    const { text, expected } = messyRows(true);
    const before = await tableCounts();
    const { plan } = await planStakeholderImport(as(lambethLead), file(text, lambeth, 'messy.csv'));
    expect(plan.rows).toHaveLength(1000);
    expect(plan.errors.map(describeRowError)).toEqual(expected);
    // 97's multiples, 113's, row 500 and row 777 (a row with two problems counts once); repeats of a bad row are merged.
    const badRows = new Set(expected.map((e) => Number(/^Row (\d+)/.exec(e)?.[1])));
    expect(plan.counts.reject).toBe(badRows.size);
    const error = await rejection(
      commitStakeholderImport(as(lambethLead), { file: file(text, lambeth, 'messy.csv') }),
    );
    expect(error).toBeInstanceOf(StakeholderImportRejected);
    expect(error.message).toMatch(
      /^Rows 97, 113, 194, 226, 291, 339, 388, 452, 485, 500 and \d+ more cannot be imported; nothing was imported\./,
    );
    expect(await tableCounts()).toEqual(before);
  });

  it('imports once the problems are put right: 980 people, 20 repeats merged', async () => {
    const { text } = messyRows(false);
    const done = await commitStakeholderImport(as(lambethLead), { file: file(text, lambeth, 'messy.csv') });
    expect(done).toMatchObject({ created: 980, merged: 20, rejected: 0, flagged: 0, updated: 0 });
    const [consented] = await deps.db
      .select({ n: count() })
      .from(consentLedger)
      .where(eq(consentLedger.evidence, 'Imported from messy.csv, row 4'));
    expect(consented?.n).toBe(1);
  });
});

describe('hostile files', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '',
      'yes',
      'no',
      '=1+1',
      '"',
      '""',
      '\r\n',
      '31/02/2026',
      '45900',
      'a@b.co',
      'A@B.CO',
      '\u0000',
      '\uFEFF',
      'Ward councillor',
      'Brixton North',
      '5',
    ),
  );
  const headings = fc.shuffledSubarray(
    [
      'Name',
      'Email',
      'Phone',
      'Organisation',
      'Position',
      'Role',
      'Ward',
      'Influence',
      'Consent',
      'Consent date',
      'Consent wording',
      'Notes',
      'Whatever',
    ],
    { minLength: 1 },
  );
  const csvField = (s: string) => `"${s.replaceAll('"', '""')}"`;

  it('never fail with anything but a clear refusal, and either import every row or write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        headings,
        fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (header, rows, newline, quote) => {
          const write = (cells: readonly string[]) => cells.map((c) => (quote ? csvField(c) : c)).join(',');
          const text = [write(header), ...rows.map(write)].join(newline);
          const before = await tableCounts();
          try {
            const done = await commitStakeholderImport(as(lambethLead), {
              file: file(text, lambeth, 'hostile.csv'),
            });
            const after = await tableCounts();
            expect(after.people - before.people).toBe(done.created + done.flagged);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect(await tableCounts()).toEqual(before);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});
