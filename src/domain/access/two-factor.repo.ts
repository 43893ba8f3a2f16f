import { and, count, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { recoveryCodes, users } from '../../db/schema/index.ts';

/** Replaces every recovery code of the user with these digests. */
export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  digests: readonly string[],
  now: Date,
): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (digests.length > 0) {
    await db.insert(recoveryCodes).values(digests.map((codeHash) => ({ codeHash, userId, createdAt: now })));
  }
}

export async function deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Marks the code used if it is the user's and unused; false otherwise. Used once, and only once. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.codeHash, codeHash),
        eq(recoveryCodes.userId, userId),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ codeHash: recoveryCodes.codeHash });
  return used.length > 0;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/**
 * Records that a code of this step was accepted, unless one of this step or a later one already
 * was: false then, so two requests racing with the same code cannot both succeed.
 */
export async function advanceTotpStep(db: Db, userId: string, step: number, now: Date): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ totpLastStep: step, updatedAt: now })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return updated.length > 0;
}
