import { and, asc, eq, isNotNull, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { estateImports, people, settings, stakeholderImports } from '../../../db/schema/index.ts';

/** SQL for the retention schedule: records past review, and uploads kept too long. */

/** Not erased, and either past their review date or, with none, added before `addedBefore`. */
const pastReview = (today: string, addedBefore: Date): SQL =>
  and(
    isNull(people.erasedAt),
    sql`(${people.reviewOn} <= ${today}::date
      or (${people.reviewOn} is null and ${people.createdAt} < ${addedBefore.toISOString()}::timestamptz))`,
  ) as SQL;

export type PastReviewRow = Readonly<{
  id: string;
  fullName: string;
  reviewOn: string | null;
  createdAt: Date;
  boroughs: string | null;
}>;

/** The oldest first: by review date, or for those without one, by when they were added. */
export async function selectPastReview(
  db: Db,
  options: { today: string; addedBefore: Date; limit: number },
): Promise<{ rows: PastReviewRow[]; total: number }> {
  const where = pastReview(options.today, options.addedBefore);
  const rows = await db
    .select({
      id: people.id,
      fullName: people.fullName,
      reviewOn: people.reviewOn,
      createdAt: people.createdAt,
      boroughs: sql<string | null>`(select string_agg(a.name, ', ' order by a.name)
        from person_boroughs pb join areas a on a.gss_code = pb.area_code where pb.person_id = ${people.id})`,
    })
    .from(people)
    .where(where)
    .orderBy(
      asc(
        sql`coalesce(${people.reviewOn}::timestamp, ${people.createdAt}::timestamp + interval '24 months')`,
      ),
      asc(people.id),
    )
    .limit(options.limit);
  return { rows, total: await countPastReview(db, options) };
}

export async function countPastReview(
  db: Db,
  options: { today: string; addedBefore: Date },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(pastReview(options.today, options.addedBefore));
  return Number(row?.n ?? 0);
}

/** Drops the bytes of stakeholder uploads made before `before` and never imported; they stay as failed. */
export async function clearStaleStakeholderUploads(db: Db, before: Date, reason: string): Promise<number> {
  const abandoned = await db
    .update(stakeholderImports)
    .set({ content: null, status: 'failed', error: reason })
    .where(
      and(
        isNotNull(stakeholderImports.content),
        ne(stakeholderImports.status, 'committed'),
        lt(stakeholderImports.createdAt, before),
      ),
    )
    .returning({ id: stakeholderImports.id });
  // An imported file's bytes are not needed either, should any have been left.
  const imported = await db
    .update(stakeholderImports)
    .set({ content: null })
    .where(
      and(
        isNotNull(stakeholderImports.content),
        eq(stakeholderImports.status, 'committed'),
        lt(stakeholderImports.createdAt, before),
      ),
    )
    .returning({ id: stakeholderImports.id });
  return abandoned.length + imported.length;
}

/**
 * Deletes estate uploads made before `before` and never imported (an estate upload is nothing
 * without its bytes, which the table requires).
 */
export async function deleteStaleEstateUploads(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(estateImports)
    .where(and(isNull(estateImports.committedAt), lt(estateImports.createdAt, before)))
    .returning({ id: estateImports.id });
  return rows.length;
}

const lastRunKey = 'retention-last-run';

/**
 * Claims today's run: true for the first caller on a London day, false for every later one, so
 * several instances of the server run the schedule once a day between them.
 */
export async function claimDailyRun(db: Db, today: string, now: Date): Promise<boolean> {
  const rows = await db
    .insert(settings)
    .values({ key: lastRunKey, value: today, updatedAt: now })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: today, updatedAt: now },
      setWhere: sql`${settings.value} is distinct from ${JSON.stringify(today)}::jsonb`,
    })
    .returning({ key: settings.key });
  return rows.length > 0;
}
