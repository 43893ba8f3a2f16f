import { eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { sessions, users } from '../../db/schema/index.ts';

/** What a request needs to know about its session: its times, and who it belongs to. */
export type SessionWithUser = Readonly<{
  session: Readonly<{ lastSeenAt: Date; expiresAt: Date }>;
  user: Readonly<{
    id: string;
    email: string;
    displayName: string;
    role: (typeof users.$inferSelect)['role'];
    disabledAt: Date | null;
  }>;
}>;

export async function insertSession(
  db: Db,
  values: { tokenHash: string; userId: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: values.tokenHash,
    userId: values.userId,
    createdAt: values.now,
    lastSeenAt: values.now,
    expiresAt: values.expiresAt,
  });
}

/** Runs on every signed-in request, so it is prepared once. */
const sessionByToken = preparedQuery((db) =>
  db
    .select({
      session: { lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt },
      user: {
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        role: users.role,
        disabledAt: users.disabledAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('session_by_token'),
);

export async function findSession(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  const [row] = await sessionByToken(db).execute({ tokenHash });
  return row;
}

export async function touchSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes sessions past their absolute or idle limit. */
export async function deleteExpiredSessions(db: Db, now: Date, idleCutoff: Date): Promise<number> {
  const removed = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
    .returning({ tokenHash: sessions.tokenHash });
  return removed.length;
}
