import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { signInThrottle } from '../../db/schema/index.ts';
import { afterFailure, kindOf, type ThrottleState, throttleRules } from './throttle.ts';

/** The throttle state of each key that has one. */
export async function readThrottles(db: Db, keys: readonly string[]): Promise<Map<string, ThrottleState>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, [...keys]));
  return new Map(rows.map(({ key, ...state }) => [key, state]));
}

const never = new Date(0);

/**
 * Counts one failure against the key and returns its new state. The row is created if need be and
 * locked before it is read, so failures arriving together are all counted. Call it in a transaction.
 */
export async function recordThrottleFailure(db: Db, key: string, now: Date): Promise<ThrottleState> {
  await db
    .insert(signInThrottle)
    .values({ key, failures: 0, lastFailureAt: never, blockedUntil: never })
    .onConflictDoNothing({ target: signInThrottle.key });
  const [locked] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key)).for('update');
  const next = afterFailure(throttleRules[kindOf(key)], locked?.failures ? locked : undefined, now);
  await db
    .insert(signInThrottle)
    .values({ key, ...next })
    .onConflictDoUpdate({ target: signInThrottle.key, set: next });
  return next;
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/** Forgets keys whose last failure is older than `before` and that are no longer blocked. */
export async function deleteQuietThrottles(db: Db, before: Date, now: Date): Promise<number> {
  const removed = await db
    .delete(signInThrottle)
    .where(and(lt(signInThrottle.lastFailureAt, before), lt(signInThrottle.blockedUntil, now)))
    .returning({ key: signInThrottle.key });
  return removed.length;
}
