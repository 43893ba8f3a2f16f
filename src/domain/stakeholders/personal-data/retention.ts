import type { Context } from '../../access/actor.ts';
import { authorize } from '../../access/policy.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { londonDay, londonDayStart, nextCalendarDay } from '../../shared/london-time.ts';
import {
  claimDailyRun,
  clearStaleStakeholderUploads,
  countPastReview,
  deleteStaleEstateUploads,
  type PastReviewRow,
  selectPastReview,
} from './retention.repo.ts';

/**
 * The retention schedule. Each person has a review date; a record past it (or, with none, added
 * more than `reviewAfterMonths` ago) is listed for an administrator to review. Every day a job
 * removes uploaded files that were not imported within `uploadDays` days (a stakeholder file is
 * full of personal data, which must not linger) and records how many records are past review.
 */

/** A record with no review date is due this many months after it was added. */
export const reviewAfterMonths = 24;

/** Uploaded files not imported within this many days are removed. */
export const uploadDays = 7;

export const uploadRemovedByRetention = `removed after ${uploadDays} days without being imported`;

/** How many records the review list shows at once (the oldest first). */
export const pastReviewShown = 200;

/** The day `months` months after a calendar day (before, when negative), on a shorter month's last day when needed. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const firstOfMonth = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth() + 1, 0),
  ).getUTCDate();
  firstOfMonth.setUTCDate(Math.min(d, lastDay));
  return firstOfMonth.toISOString().slice(0, 10);
}

/** The day a record falls due for review: its review date, or `reviewAfterMonths` after it was added. */
export function reviewDueOn(row: { reviewOn: string | null; createdAt: Date }): string {
  if (row.reviewOn !== null) return row.reviewOn;
  const added = londonDay(row.createdAt);
  return addMonths(added, reviewAfterMonths);
}

/** Today, and the instant before which a record without a review date was added to be due by today. */
const reviewWindow = (now: Date) => {
  const today = londonDay(now);
  return { today, addedBefore: londonDayStart(nextCalendarDay(addMonths(today, -reviewAfterMonths))) };
};

export type PastReview = Readonly<{
  today: string;
  rows: readonly (PastReviewRow & { dueOn: string; hasReviewDate: boolean })[];
  total: number;
}>;

/** The records past their review, oldest first. */
export async function listPastReview(ctx: Context): Promise<PastReview> {
  authorize(ctx.actor, 'stakeholder:retention');
  const { today, addedBefore } = reviewWindow(ctx.clock.now());
  const { rows, total } = await selectPastReview(ctx.db, { today, addedBefore, limit: pastReviewShown });
  return {
    today,
    rows: rows.map((r) => ({ ...r, dueOn: reviewDueOn(r), hasReviewDate: r.reviewOn !== null })),
    total,
  };
}

export type RetentionRun = Readonly<{
  day: string;
  stakeholderUploadsRemoved: number;
  estateUploadsRemoved: number;
  pastReview: number;
}>;

/**
 * One run of the schedule, in one transaction with its audit row. `daily` runs only if no run has
 * been made today (by any instance); the command line runs it whenever asked.
 */
export async function runRetention(
  ctx: Context,
  options: { daily?: boolean } = {},
): Promise<RetentionRun | undefined> {
  authorize(ctx.actor, 'stakeholder:retention');
  const now = ctx.clock.now();
  const { today, addedBefore } = reviewWindow(now);
  const before = new Date(now.getTime() - uploadDays * 24 * 60 * 60 * 1000);
  return ctx.db.transaction(async (tx) => {
    if (options.daily && !(await claimDailyRun(tx, today, now))) return undefined;
    const stakeholderUploadsRemoved = await clearStaleStakeholderUploads(
      tx,
      before,
      uploadRemovedByRetention,
    );
    const estateUploadsRemoved = await deleteStaleEstateUploads(tx, before);
    const pastReview = await countPastReview(tx, { today, addedBefore });
    const removed = stakeholderUploadsRemoved + estateUploadsRemoved;
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'deleted',
        entityType: 'retention',
        summary: `Retention check: ${removed} uploaded ${removed === 1 ? 'file' : 'files'} not imported within ${uploadDays} days removed; ${pastReview} ${pastReview === 1 ? 'record is' : 'records are'} past review`,
        newValues: { day: today, stakeholderUploadsRemoved, estateUploadsRemoved, pastReview },
      },
    );
    return { day: today, stakeholderUploadsRemoved, estateUploadsRemoved, pastReview };
  });
}
