import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { calendarFeeds, users } from '../../db/schema/index.ts';
import { boroughsOfUser } from './users.repo.ts';

/** All SQL for calendar subscription addresses. The secret is never stored, only its digest. */

export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;

export async function insertCalendarFeed(
  db: Db,
  values: { userId: string; tokenHash: string; now: Date },
): Promise<CalendarFeedRow> {
  const [row] = await db
    .insert(calendarFeeds)
    .values({ userId: values.userId, tokenHash: values.tokenHash, createdAt: values.now })
    .returning();
  if (!row) throw new Error('insert into calendar_feeds returned nothing');
  return row;
}

/** The person's address in use, if any (newest first, should there ever be two). */
export async function selectLiveFeedOfUser(db: Db, userId: string): Promise<CalendarFeedRow | undefined> {
  const [row] = await db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .orderBy(desc(calendarFeeds.createdAt))
    .limit(1);
  return row;
}

/** Stops every address of the person still in use; returns the ones it stopped. */
export async function revokeFeedsOfUser(db: Db, userId: string, now: Date): Promise<CalendarFeedRow[]> {
  return db
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .returning();
}

/** The feed with this digest and its owner, only while the feed is live and the owner enabled. */
export async function selectLiveFeedWithOwner(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ feed: calendarFeeds, user: users, boroughs: boroughsOfUser })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(
      and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt), isNull(users.disabledAt)),
    );
  return row;
}
