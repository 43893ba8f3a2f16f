import { createHmac, randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { settings, suppressions } from '../../db/schema/index.ts';

/**
 * The suppression list keeps no address, only a salted hash of it: HMAC-SHA-256 of the normalised
 * address keyed with this installation's salt. The salt is made once, at random, and kept in the
 * settings table, so the same address always gives the same hash here and a different one anywhere
 * else; a dump of the list alone cannot be matched against a list of known addresses.
 */

const saltKey = 'suppression-salt';

async function installationSalt(db: Db): Promise<string> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, saltKey));
  if (row && typeof row.value === 'string') return row.value;
  await db
    .insert(settings)
    .values({ key: saltKey, value: randomBytes(32).toString('hex'), updatedAt: new Date() })
    .onConflictDoNothing();
  const [made] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, saltKey));
  if (!made || typeof made.value !== 'string') throw new Error('the suppression salt could not be stored');
  return made.value;
}

export const hashWithSalt = (salt: string, normalisedEmail: string): string =>
  createHmac('sha256', salt).update(normalisedEmail).digest('hex');

/** Each normalised address with its hash. */
export async function suppressionHashes(db: Db, normalised: readonly string[]): Promise<Map<string, string>> {
  const salt = await installationSalt(db);
  return new Map(normalised.map((n) => [n, hashWithSalt(salt, n)]));
}

/** Which of these normalised addresses are suppressed. */
export async function suppressedAddresses(db: Db, normalised: readonly string[]): Promise<Set<string>> {
  if (normalised.length === 0) return new Set();
  const hashes = await suppressionHashes(db, normalised);
  const rows = await db
    .select({ hash: suppressions.emailHash })
    .from(suppressions)
    .where(inArray(suppressions.emailHash, [...new Set(hashes.values())]));
  const found = new Set(rows.map((r) => r.hash));
  return new Set(normalised.filter((n) => found.has(hashes.get(n) ?? '')));
}

/** Adds addresses to the suppression list (an address already there keeps its first reason). */
export async function suppress(
  db: Db,
  normalised: readonly string[],
  reason: (typeof suppressions.$inferInsert)['reason'],
  now: Date,
): Promise<void> {
  if (normalised.length === 0) return;
  const hashes = await suppressionHashes(db, normalised);
  await db
    .insert(suppressions)
    .values([...new Set(hashes.values())].map((emailHash) => ({ emailHash, reason, createdAt: now })))
    .onConflictDoNothing();
}
