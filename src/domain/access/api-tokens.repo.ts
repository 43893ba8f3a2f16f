import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { apiTokens, users } from '../../db/schema/index.ts';
import { boroughsOfUser } from './users.repo.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(
  db: Db,
  values: { userId: string; name: string; tokenHash: string; hint: string; now: Date },
): Promise<ApiTokenRow> {
  const [row] = await db
    .insert(apiTokens)
    .values({ ...values, createdAt: values.now })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export function listApiTokensOf(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function findActiveTokenWithUser(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users, boroughs: boroughsOfUser })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
  return row;
}

export async function markTokenUsed(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function markTokenRevoked(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

export type ApiTokenWithOwner = Readonly<{
  token: ApiTokenRow;
  owner: { id: string; displayName: string; email: string };
}>;

/** Every token with its owner, for administrators: live ones first, newest first. */
export function listAllApiTokens(db: Db): Promise<ApiTokenWithOwner[]> {
  return db
    .select({ token: apiTokens, owner: { id: users.id, displayName: users.displayName, email: users.email } })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt));
}

/** Revokes every live token of a user; returns how many there were. */
export async function revokeTokensOfUser(db: Db, userId: string, now: Date): Promise<number> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}
