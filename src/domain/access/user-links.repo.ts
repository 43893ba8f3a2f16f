import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { userLinks } from '../../db/schema/index.ts';

export type UserLinkRow = typeof userLinks.$inferSelect;
export type LinkPurpose = UserLinkRow['purpose'];

export async function insertUserLink(
  db: Db,
  values: { tokenHash: string; userId: string; purpose: LinkPurpose; now: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(userLinks).values({
    tokenHash: values.tokenHash,
    userId: values.userId,
    purpose: values.purpose,
    createdAt: values.now,
    expiresAt: values.expiresAt,
  });
}

export async function findUserLink(db: Db, tokenHash: string): Promise<UserLinkRow | undefined> {
  const [row] = await db.select().from(userLinks).where(eq(userLinks.tokenHash, tokenHash));
  return row;
}

/** Marks the link used; false when it had been used already (two tabs submitting at once). */
export async function markUserLinkUsed(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const used = await db
    .update(userLinks)
    .set({ usedAt: now })
    .where(and(eq(userLinks.tokenHash, tokenHash), isNull(userLinks.usedAt)))
    .returning({ tokenHash: userLinks.tokenHash });
  return used.length > 0;
}

/** Removes the user's links not yet used, so only the newest one works. */
export async function deleteUnusedLinksOfUser(db: Db, userId: string): Promise<void> {
  await db.delete(userLinks).where(and(eq(userLinks.userId, userId), isNull(userLinks.usedAt)));
}
