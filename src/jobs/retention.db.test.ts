import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../test/harness.ts';
import { auditEvents, estateImports, stakeholderImports } from '../db/schema/index.ts';
import { contextFor } from '../deps.ts';
import type { Actor } from '../domain/access/actor.ts';
import { actorOf } from '../domain/access/users.repo.ts';
import { uploadEstateImport } from '../domain/estate/upload-estate-import.ts';
import { createPerson } from '../domain/stakeholders/create-person.ts';
import {
  addMonths,
  listPastReview,
  reviewDueOn,
  runRetention,
  uploadRemovedByRetention,
} from '../domain/stakeholders/personal-data/retention.ts';
import { checkRetention, type JobLog, startRetentionJob } from './retention.ts';

/**
 * The retention schedule on the real database, with the fixed clock moved on: uploads not imported
 * within 7 days lose their bytes, the records past review are listed and counted, and the daily job
 * runs once a London day however many times (or instances) check.
 */

const lambeth = 'E09000022';
const day = 24 * 60 * 60 * 1000;

let deps: TestDeps;
let admin: Actor;
let lead: Actor;
let leadUser: Awaited<ReturnType<typeof givenUser>>;
const start = new Date('2026-11-22T09:00:00Z');

beforeAll(async () => {
  deps = await testDeps();
  admin = actorOf(await givenUser(deps, { role: 'administrator' }));
  leadUser = await givenUser(deps, { role: 'programme_lead' });
  lead = actorOf(leadUser);
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);

/** Runs `work` with the clock at `at`, then puts the clock back. */
async function at<T>(when: Date, work: () => Promise<T>): Promise<T> {
  const now = deps.clock.now();
  deps.clock.set(when);
  try {
    return await work();
  } finally {
    deps.clock.set(now);
  }
}

const collected: { info: unknown[]; error: unknown[] } = { info: [], error: [] };
const log: JobLog = {
  info: (details) => collected.info.push(details),
  error: (details) => collected.error.push(details),
};

describe('the records past review', () => {
  it('lists those past their review date and those without one added over two years ago, oldest first', async () => {
    deps.clock.set(start);
    const inLambeth = [{ kind: 'borough' as const, code: lambeth }];
    const overdue = await createPerson(as(lead), {
      fullName: 'Olive Overdue',
      reviewOn: '2026-06-01',
      places: inLambeth,
    });
    const dueToday = await createPerson(as(lead), {
      fullName: 'Tara Today',
      reviewOn: '2026-11-22',
      places: inLambeth,
    });
    await createPerson(as(lead), { fullName: 'Fern Future', reviewOn: '2026-11-23', places: inLambeth });
    const old = await at(new Date('2024-11-01T12:00:00Z'), () =>
      createPerson(as(lead), { fullName: 'Oscar Old', places: inLambeth }),
    );
    await at(new Date('2025-01-10T12:00:00Z'), () =>
      createPerson(as(lead), { fullName: 'Nina Newer', places: inLambeth }),
    );
    const review = await listPastReview(as(admin));
    expect(review.today).toBe('2026-11-22');
    expect(review.rows.map((r) => [r.fullName, r.dueOn, r.hasReviewDate])).toEqual([
      ['Olive Overdue', '2026-06-01', true],
      ['Oscar Old', '2026-11-01', false],
      ['Tara Today', '2026-11-22', true],
    ]);
    expect(review.rows.map((r) => r.id)).toEqual([overdue.id, old.id, dueToday.id]);
    expect(review.rows[0]?.boroughs).toBe('Lambeth');
    expect(review.total).toBe(3);
    expect((await rejection(listPastReview(as(lead)))).code).toBe('forbidden');
  });

  it('counts months as a calendar does', () => {
    expect(addMonths('2026-11-22', -24)).toBe('2024-11-22');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(reviewDueOn({ reviewOn: null, createdAt: new Date('2025-03-30T23:30:00Z') })).toBe('2027-03-31');
  });
});

describe('the retention run', () => {
  it('removes the bytes of uploads not imported within 7 days, and records what it did', async () => {
    deps.clock.set(start);
    const upload = (fileName: string, status: 'previewed' | 'committed' | 'failed', createdAt: Date) =>
      deps.db
        .insert(stakeholderImports)
        .values({
          userId: leadUser.id,
          areaCode: lambeth,
          fileName,
          content: Buffer.from('Name\r\nSomeone\r\n').toString('base64'),
          status,
          createdAt,
        })
        .returning()
        .then((rows) => rows[0]?.id as string);
    const eightDaysAgo = new Date(start.getTime() - 8 * day);
    const stale = await upload('stale.csv', 'previewed', eightDaysAgo);
    const fresh = await upload('fresh.csv', 'previewed', new Date(start.getTime() - 2 * day));
    const imported = await upload('imported.csv', 'committed', eightDaysAgo);
    const estateFile = { kind: 'sites', fileName: 'sites.csv', bytes: new TextEncoder().encode('name\nx\n') };
    const staleEstate = await at(eightDaysAgo, () => uploadEstateImport(as(lead), estateFile));
    const freshEstate = await uploadEstateImport(as(lead), estateFile);

    const run = await runRetention(as(admin));
    expect(run).toMatchObject({ day: '2026-11-22', stakeholderUploadsRemoved: 2, estateUploadsRemoved: 1 });
    const rows = await deps.db.select().from(stakeholderImports);
    expect(rows.find((r) => r.id === stale)).toMatchObject({
      content: null,
      status: 'failed',
      error: uploadRemovedByRetention,
    });
    expect(rows.find((r) => r.id === imported)).toMatchObject({
      content: null,
      status: 'committed',
      error: null,
    });
    expect(rows.find((r) => r.id === fresh)?.content).not.toBeNull();
    const estate = await deps.db.select({ id: estateImports.id }).from(estateImports);
    expect(estate.map((e) => e.id)).toEqual([freshEstate.id]);
    expect(estate.map((e) => e.id)).not.toContain(staleEstate.id);
    const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'retention'));
    expect(audit?.summary).toBe(
      `Retention check: 3 uploaded files not imported within 7 days removed; ${run?.pastReview} records are past review`,
    );
    expect((await rejection(runRetention(as(lead)))).code).toBe('forbidden');
  });
});

describe('the daily job', () => {
  it('runs once a London day however often it checks, and again the next day', async () => {
    deps.clock.set(new Date('2026-12-01T08:00:00Z'));
    const runs = async () =>
      (await deps.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'retention'))).filter(
        (a) => (a.newValues as { day?: string } | null)?.day !== '2026-11-22',
      );
    const first = await checkRetention(deps, log);
    expect(first?.day).toBe('2026-12-01');
    expect(await checkRetention(deps, log)).toBeUndefined();
    deps.clock.set(new Date('2026-12-01T23:59:00Z'));
    expect(await checkRetention(deps, log)).toBeUndefined();
    deps.clock.set(new Date('2026-12-02T00:01:00Z'));
    expect((await checkRetention(deps, log))?.day).toBe('2026-12-02');
    expect((await runs()).map((a) => (a.newValues as { day: string }).day)).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
    expect((await runs())[0]?.actorLabel).toBe('Command line (daily retention job)');
    expect(collected.info).toHaveLength(2);
    expect(collected.error).toEqual([]);
  });

  it('checks on its timers in the server process, and stops cleanly', async () => {
    deps.clock.set(new Date('2026-12-05T10:00:00Z'));
    const job = startRetentionJob(deps, log, { firstAfterMs: 5, everyMs: 20 });
    const ran = async () =>
      (await deps.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'retention'))).some(
        (a) => (a.newValues as { day?: string } | null)?.day === '2026-12-05',
      );
    for (let i = 0; i < 100 && !(await ran()); i += 1) await new Promise((r) => setTimeout(r, 20));
    await job.stop();
    expect(await ran()).toBe(true);
    expect(collected.error).toEqual([]);
  });
});
