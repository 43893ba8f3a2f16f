import { and, asc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { sessions, users } from '../../db/schema/index.ts';
import type { SessionStage } from './session.ts';
import { boroughsOfUser } from './users.repo.ts';

export type SessionRow = typeof sessions.$inferSelect;

/** What a request needs to know about its session: its times and stage, and who it belongs to. */
export type SessionWithUser = Readonly<{
  session: Readonly<{ id: string; stage: SessionStage; lastSeenAt: Date; expiresAt: Date }>;
  user: Readonly<{
    id: string;
    email: string;
    displayName: string;
    role: (typeof users.$inferSelect)['role'];
    disabledAt: Date | null;
    boroughs: string[];
  }>;
}>;

export async function insertSession(
  db: Db,
  values: {
    tokenHash: string;
    userId: string;
    now: Date;
    expiresAt: Date;
    stage: SessionStage;
    method: SessionRow['method'];
    userAgent?: string | null | undefined;
    address?: string | null | undefined;
  },
): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: values.tokenHash,
    userId: values.userId,
    stage: values.stage,
    method: values.method,
    userAgent: values.userAgent ?? null,
    address: values.address ?? null,
    createdAt: values.now,
    lastSeenAt: values.now,
    expiresAt: values.expiresAt,
  });
}

/** Runs on every signed-in request, so it is prepared once. */
const sessionByToken = preparedQuery((db) =>
  db
    .select({
      session: {
        id: sessions.id,
        stage: sessions.stage,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
      },
      user: {
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        role: users.role,
        disabledAt: users.disabledAt,
        boroughs: boroughsOfUser,
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

export async function findSessionRow(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
  return row;
}

/** A user's sessions that are signed in, oldest first. */
export function selectSessionsOfUser(db: Db, userId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.stage, 'complete')))
    .orderBy(asc(sessions.createdAt));
}

export async function touchSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends a session; false when there was none. */
export async function deleteSession(db: Db, tokenHash: string): Promise<boolean> {
  const removed = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ id: sessions.id });
  return removed.length > 0;
}

/** Ends one of a user's sessions by its public id; false when the user has no such session. */
export async function deleteSessionOfUser(db: Db, userId: string, id: string): Promise<boolean> {
  const removed = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
    .returning({ id: sessions.id });
  return removed.length > 0;
}

/** Ends every session of the user, or every one but the session with `exceptTokenHash`. */
export async function deleteSessionsOfUser(
  db: Db,
  userId: string,
  exceptTokenHash?: string,
): Promise<number> {
  const removed = await db
    .delete(sessions)
    .where(
      exceptTokenHash
        ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, exceptTokenHash))
        : eq(sessions.userId, userId),
    )
    .returning({ id: sessions.id });
  return removed.length;
}

/** Removes sessions past their absolute or idle limit. */
export async function deleteExpiredSessions(db: Db, now: Date, idleCutoff: Date): Promise<number> {
  const removed = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
    .returning({ tokenHash: sessions.tokenHash });
  return removed.length;
}

/** Offers a two-factor secret to the owner of this session only (see sessions.pending_totp_secret). */
export async function setPendingTotpSecret(db: Db, tokenHash: string, secret: string | null): Promise<void> {
  await db.update(sessions).set({ pendingTotpSecret: secret }).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends the sessions of everyone who has not set up two-factor authentication. */
export async function deleteSessionsWithoutTwoFactor(db: Db): Promise<number> {
  const removed = await db
    .delete(sessions)
    .where(
      inArray(sessions.userId, db.select({ id: users.id }).from(users).where(isNull(users.totpEnabledAt))),
    )
    .returning({ id: sessions.id });
  return removed.length;
}
