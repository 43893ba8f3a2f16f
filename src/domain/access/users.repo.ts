import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { userBoroughs, users } from '../../db/schema/index.ts';
import type { Role, UserActor } from './actor.ts';

export type UserRow = typeof users.$inferSelect;
/** A user with the GSS codes of their boroughs, sorted. */
export type UserWithBoroughs = UserRow & { boroughs: string[] };

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The user's boroughs as a sorted array, in the same query as the user. */
export const boroughsOfUser = sql<
  string[]
>`coalesce(array(select ${userBoroughs.areaCode} from ${userBoroughs} where ${userBoroughs.userId} = ${users.id} order by 1), '{}')`;

export const actorOf = (
  u: Pick<UserRow, 'id' | 'role' | 'displayName' | 'email'> & { boroughs: readonly string[] },
): UserActor => ({
  kind: 'user',
  userId: u.id,
  role: u.role,
  displayName: u.displayName,
  email: u.email,
  boroughs: u.boroughs,
});

export async function findUserByEmail(db: Db, email: string): Promise<UserWithBoroughs | undefined> {
  const [row] = await db
    .select({ user: users, boroughs: boroughsOfUser })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return row && { ...row.user, boroughs: row.boroughs };
}

export async function findUserById(db: Db, id: string): Promise<UserWithBoroughs | undefined> {
  const [row] = await db
    .select({ user: users, boroughs: boroughsOfUser })
    .from(users)
    .where(eq(users.id, id));
  return row && { ...row.user, boroughs: row.boroughs };
}

export async function listUsers(db: Db): Promise<UserWithBoroughs[]> {
  const rows = await db
    .select({ user: users, boroughs: boroughsOfUser })
    .from(users)
    .orderBy(asc(users.displayName), asc(users.email));
  return rows.map((r) => ({ ...r.user, boroughs: r.boroughs }));
}

export async function insertUser(
  db: Db,
  values: { email: string; displayName: string; role: Role; passwordHash: string | null; now: Date },
): Promise<UserRow | undefined> {
  const [row] = await db
    .insert(users)
    .values({
      email: normaliseEmail(values.email),
      displayName: values.displayName,
      role: values.role,
      passwordHash: values.passwordHash,
      passwordChangedAt: values.passwordHash ? values.now : null,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return row;
}

/** Replaces the user's boroughs with exactly these. */
export async function setUserBoroughs(db: Db, userId: string, areaCodes: readonly string[]): Promise<void> {
  await db.delete(userBoroughs).where(eq(userBoroughs.userId, userId));
  if (areaCodes.length > 0) {
    await db.insert(userBoroughs).values(areaCodes.map((areaCode) => ({ userId, areaCode })));
  }
}

export async function updateUser(
  db: Db,
  id: string,
  values: Partial<Pick<UserRow, 'displayName' | 'role' | 'disabledAt'>> & { now: Date },
): Promise<void> {
  const { now, ...set } = values;
  await db
    .update(users)
    .set({ ...set, updatedAt: now })
    .where(eq(users.id, id));
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
    .where(eq(users.id, id));
}

/** The old password stops working (an administrator's reset): only a reset link can set a new one. */
export async function clearPassword(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: null, passwordChangedAt: now, updatedAt: now })
    .where(eq(users.id, id));
}

export async function setTotp(
  db: Db,
  id: string,
  values: Pick<UserRow, 'totpSecret' | 'totpEnabledAt' | 'totpLastStep'>,
  now: Date,
): Promise<void> {
  await db
    .update(users)
    .set({ ...values, updatedAt: now })
    .where(eq(users.id, id));
}

export async function markUserDisabled(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({
      disabledAt: sql`coalesce(${users.disabledAt}, ${now.toISOString()}::timestamptz)`,
      updatedAt: now,
    })
    .where(eq(users.id, id));
}

/** Serialises changes that could leave Nonsuch without an administrator, until the transaction ends. */
export async function lockAdministratorChanges(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('nonsuch:administrators'))`);
}

/** Whether anyone has an account at all (a brand-new installation has none). */
export async function anyUser(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}
