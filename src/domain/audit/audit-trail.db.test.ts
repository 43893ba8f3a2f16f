import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps, testNow } from '../../../test/harness.ts';
import { auditEvents } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from '../access/actor.ts';
import { actorOf } from '../access/users.repo.ts';
import { type AuditFilter, selectAuditEvents } from './audit.repo.ts';
import { auditCsvColumns, exportAuditEvents } from './export-audit-events.ts';
import { listAuditEvents } from './list-audit-events.ts';
import { type AuditEntry, recordAudit } from './record-audit.ts';

let deps: TestDeps;
let admin: Actor;
let analyst: Actor;
let lambethLead: Actor;

const lambeth = 'E09000022';
const camden = 'E09000007';
const cli = operator('test');
const as = (actor: Actor) => contextFor(deps, actor);

beforeAll(async () => {
  deps = await testDeps();
  admin = actorOf(await givenUser(deps, { role: 'administrator', displayName: 'Ada Admin' }));
  analyst = actorOf(await givenUser(deps, { displayName: 'Ana Analyst' }));
  lambethLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] }));
});
afterAll(() => deps.close());
beforeEach(() => deps.clock.set(testNow));

/** Records an entry as the actor at the instant, with an entity id of its own unless given one. */
async function record(actor: Actor, at: string, entry: Partial<AuditEntry> = {}) {
  deps.clock.set(new Date(at));
  const entityId = entry.entityId ?? randomUUID();
  await recordAudit(contextFor(deps, actor, { requestId: 'req-test', address: '10.9.8.7' }), {
    action: 'updated',
    entityType: 'test-record',
    summary: 'A test record changed',
    ...entry,
    entityId,
  });
  deps.clock.set(testNow);
  return entityId;
}

const summaries = async (input: Parameters<typeof listAuditEvents>[1]) =>
  (await listAuditEvents(as(admin), input)).events.map((e) => e.summary);

async function csvOf(actor: Actor, input: Parameters<typeof exportAuditEvents>[1]): Promise<string> {
  let text = '';
  for await (const chunk of await exportAuditEvents(as(actor), input)) text += chunk;
  return text;
}

describe('the audit trail is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, and the row is unchanged', async () => {
    const entityId = await record(analyst, '2026-11-01T10:00:00Z', { summary: 'Kept for ever' });
    const before = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId));
    expect(before).toHaveLength(1);

    const attempts = [
      ['UPDATE', sql`update audit_events set summary = 'rewritten' where entity_id = ${entityId}`],
      ['UPDATE', sql`update audit_events set actor_label = 'someone else'`],
      ['DELETE', sql`delete from audit_events where entity_id = ${entityId}`],
      ['DELETE', sql`delete from audit_events`],
      ['TRUNCATE', sql`truncate audit_events`],
    ] as const;
    for (const [operation, attempt] of attempts) {
      const error = await deps.db.execute(attempt).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Drizzle wraps the database's refusal, which comes from the trigger.
      expect(String((error as Error | undefined)?.cause)).toContain(
        `audit_events is append-only: ${operation} refused`,
      );
    }
    const after = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId));
    expect(after).toEqual(before);
  });
});

describe('listAuditEvents', () => {
  it('filters by who acted, by record and by borough', async () => {
    const mine = await record(analyst, '2026-11-02T10:00:00Z', {
      summary: 'Analyst changed it',
      areaCode: lambeth,
    });
    await record(lambethLead, '2026-11-02T11:00:00Z', { summary: 'Lead changed it', areaCode: lambeth });
    await record(analyst, '2026-11-02T12:00:00Z', {
      summary: 'Analyst in Camden',
      areaCode: camden,
      entityType: 'other-record',
    });

    const byAnalyst = await summaries({ user: analyst.kind === 'user' ? analyst.userId : '' });
    expect(byAnalyst).toContain('Analyst changed it');
    expect(byAnalyst).toContain('Analyst in Camden');
    expect(byAnalyst).not.toContain('Lead changed it');

    expect(await summaries({ entityType: 'test-record', entityId: mine })).toEqual(['Analyst changed it']);
    expect(await summaries({ entityType: 'other-record' })).toEqual(['Analyst in Camden']);
    // Codes are read in either case.
    expect(await summaries({ borough: lambeth.toLowerCase() })).toEqual([
      'Lead changed it',
      'Analyst changed it',
    ]);
    expect(await summaries({ borough: camden })).toEqual(['Analyst in Camden']);

    const page = await listAuditEvents(as(admin), { borough: lambeth });
    expect(page.events[0]).toMatchObject({
      actorLabel: lambethLead.kind === 'user' ? lambethLead.displayName : '',
      areaName: 'Lambeth',
      requestId: 'req-test',
      address: '10.9.8.7',
    });
  });

  it('takes dates as whole London days, across the end of British Summer Time', async () => {
    const type = 'bst-record';
    // BST ends at 01:00 UTC on Sunday 25 October 2026.
    await record(cli, '2026-10-24T22:59:59Z', { entityType: type, summary: '23:59 BST on the 24th' });
    await record(cli, '2026-10-24T23:00:00Z', { entityType: type, summary: '00:00 BST on the 25th' });
    await record(cli, '2026-10-25T23:59:59Z', { entityType: type, summary: '23:59 GMT on the 25th' });
    await record(cli, '2026-10-26T00:00:00Z', { entityType: type, summary: '00:00 GMT on the 26th' });

    expect(await summaries({ entityType: type, from: '2026-10-25', to: '2026-10-25' })).toEqual([
      '23:59 GMT on the 25th',
      '00:00 BST on the 25th',
    ]);
    expect(await summaries({ entityType: type, to: '2026-10-24' })).toEqual(['23:59 BST on the 24th']);
    expect(await summaries({ entityType: type, from: '2026-10-26' })).toEqual(['00:00 GMT on the 26th']);
  });

  it('takes dates as whole London days, across the start of British Summer Time', async () => {
    const type = 'bst-start-record';
    // BST begins at 01:00 UTC on Sunday 29 March 2026.
    await record(cli, '2026-03-28T23:59:59Z', { entityType: type, summary: '23:59 GMT on the 28th' });
    await record(cli, '2026-03-29T00:00:00Z', { entityType: type, summary: '00:00 GMT on the 29th' });
    await record(cli, '2026-03-29T22:59:59Z', { entityType: type, summary: '23:59 BST on the 29th' });
    await record(cli, '2026-03-29T23:00:00Z', { entityType: type, summary: '00:00 BST on the 30th' });

    expect(await summaries({ entityType: type, from: '2026-03-29', to: '2026-03-29' })).toEqual([
      '23:59 BST on the 29th',
      '00:00 GMT on the 29th',
    ]);
  });

  it('pages 50 at a time, newest first', async () => {
    const type = 'paged-record';
    for (let i = 0; i < 53; i += 1) {
      await record(cli, new Date(Date.UTC(2026, 5, 1, 0, i)).toISOString(), {
        entityType: type,
        summary: `n${i}`,
      });
    }
    const first = await listAuditEvents(as(admin), { entityType: type });
    expect(first).toMatchObject({ total: 53, page: 1, pageCount: 2, pageSize: 50 });
    expect(first.events).toHaveLength(50);
    expect(first.events[0]?.summary).toBe('n52');
    const second = await listAuditEvents(as(admin), { entityType: type, page: '2' });
    expect(second.events.map((e) => e.summary)).toEqual(['n2', 'n1', 'n0']);
    // A page number that is not one shows the first page.
    expect((await listAuditEvents(as(admin), { entityType: type, page: 'x' })).page).toBe(1);
  });

  it('is refused to everyone but administrators and the operator', async () => {
    for (const actor of [analyst, lambethLead]) {
      expect((await rejection(listAuditEvents(as(actor), {}))).code).toBe('forbidden');
      expect((await rejection(exportAuditEvents(as(actor), {}))).code).toBe('forbidden');
    }
    expect((await rejection(listAuditEvents(as(anonymous), {}))).code).toBe('unauthenticated');
    await expect(listAuditEvents(as(cli), {})).resolves.toBeDefined();
  });

  it('refuses a filter it cannot read, naming each field', async () => {
    const error = await rejection(
      listAuditEvents(as(admin), { user: 'not-an-id', from: '2026-02-30', to: '1 April', borough: 'Camden' }),
    );
    expect(error.code).toBe('invalid');
    expect(error.details.fields).toEqual({
      user: 'Choose a user from the list',
      borough: 'Choose a borough from the list',
      from: 'Enter a real start date, like 2026-03-29',
      to: 'Enter a real end date, like 2026-03-29',
    });
    const backwards = await rejection(listAuditEvents(as(admin), { from: '2026-04-02', to: '2026-04-01' }));
    expect(backwards.details.fields).toEqual({
      to: 'The end date must be the same as or after the start date',
    });
  });

  it('shows the values of user records to administrators, e-mail included', async () => {
    const created = await givenUser(deps, { email: 'visible.person@nonsuch.example' });
    const page = await listAuditEvents(as(admin), { entityType: 'user', entityId: created.id });
    expect(page.events[0]?.newValues).toMatchObject({ email: 'visible.person@nonsuch.example' });
  });
});

describe('the borough scope of the query', () => {
  it('keeps rows of the given boroughs and rows that belong to none', async () => {
    const type = 'scoped-record';
    await record(cli, '2026-07-01T09:00:00Z', { entityType: type, summary: 'Lambeth', areaCode: lambeth });
    await record(cli, '2026-07-01T10:00:00Z', { entityType: type, summary: 'Camden', areaCode: camden });
    await record(cli, '2026-07-01T11:00:00Z', { entityType: type, summary: 'London-wide' });
    const scoped = (areaScope: AuditFilter['areaScope']) =>
      selectAuditEvents(deps.db, { entityType: type, areaScope }, { limit: 10, offset: 0 }).then((rows) =>
        rows.map((r) => r.summary),
      );
    expect(await scoped([lambeth])).toEqual(['London-wide', 'Lambeth']);
    expect(await scoped([])).toEqual(['London-wide']);
    expect(await scoped('all')).toEqual(['London-wide', 'Camden', 'Lambeth']);
  });
});

describe('exportAuditEvents', () => {
  it('writes every matching entry as CSV, newest first, guarding against formulas', async () => {
    const type = 'exported-record';
    const first = await record(analyst, '2026-08-01T09:00:00Z', {
      entityType: type,
      summary: 'Plain, with a comma',
      areaCode: lambeth,
      oldValues: { name: 'Old' },
      newValues: { name: 'New "quoted"' },
    });
    const second = await record(analyst, '2026-12-01T09:00:00Z', {
      entityType: type,
      action: 'denied',
      summary: '=HYPERLINK("http://evil.example")',
      refused: true,
    });
    const text = await csvOf(admin, { entityType: type });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1).split('\n')).toEqual([
      auditCsvColumns.join(','),
      `2026-12-01T09:00:00.000Z,2026-12-01 09:00:00 GMT,Ana Analyst,denied,${type},${second},,"'=HYPERLINK(""http://evil.example"")",,,req-test,10.9.8.7,yes`,
      `2026-08-01T09:00:00.000Z,2026-08-01 10:00:00 BST,Ana Analyst,updated,${type},${first},Lambeth,"Plain, with a comma","{""name"":""Old""}","{""name"":""New \\""quoted\\""""}",req-test,10.9.8.7,no`,
      '',
    ]);
  });

  it('reads a long trail in batches and writes each entry once', async () => {
    const type = 'bulk-record';
    const start = Date.UTC(2025, 0, 1);
    await deps.db.insert(auditEvents).values(
      Array.from({ length: 2003 }, (_, i) => ({
        // Pairs of entries share an instant, so the batches must also follow the ids.
        at: new Date(start + Math.floor(i / 2) * 1000),
        actorKind: 'operator' as const,
        actorLabel: 'Command line (test)',
        action: 'created',
        entityType: type,
        entityId: `bulk-${i}`,
        summary: `Bulk ${i}`,
      })),
    );
    const lines = (await csvOf(cli, { entityType: type })).trim().split('\n').slice(1);
    expect(lines).toHaveLength(2003);
    const ids = lines.map((l) => l.split(',')[5]);
    expect(new Set(ids).size).toBe(2003);
    expect(lines[0]).toContain('2025-01-01T00:16:41.000Z');
    expect(lines[2002]).toContain('2025-01-01T00:00:00.000Z');
  });

  it('checks the filter before writing anything', async () => {
    expect((await rejection(exportAuditEvents(as(admin), { to: 'tomorrow' }))).details.fields).toEqual({
      to: 'Enter a real end date, like 2026-03-29',
    });
  });
});
