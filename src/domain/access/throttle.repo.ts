import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { signInThrottle } from '../../db/schema/index.ts';
import {
  afterFailure,
  blockSeconds,
  kindOf,
  longestWait,
  type ThrottleState,
  throttleRules,
} from './throttle.ts';

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
 * Claims one attempt for every key at once: the rows are locked (in key order, so two claims cannot
 * deadlock), and unless one is blocked each is counted as a failure before the credential is even
 * checked. Attempts sent together are therefore each counted; a success is forgiven afterwards.
 * Returns the wait in milliseconds when blocked (nothing is counted then), or 0. Call it in a transaction.
 */
export async function claimThrottledAttempt(db: Db, keys: readonly string[], now: Date): Promise<number> {
  const sorted = [...new Set(keys)].sort();
  const states: (ThrottleState | undefined)[] = [];
  for (const key of sorted) {
    await db
      .insert(signInThrottle)
      .values({ key, failures: 0, lastFailureAt: never, blockedUntil: never })
      .onConflictDoNothing({ target: signInThrottle.key });
    const [locked] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key)).for('update');
    states.push(locked?.failures ? locked : undefined);
  }
  const wait = longestWait(states, now);
  if (wait > 0) return wait;
  for (const [i, key] of sorted.entries()) {
    const next = afterFailure(throttleRules[kindOf(key)], states[i], now);
    await db.update(signInThrottle).set(next).where(eq(signInThrottle.key, key));
  }
  return 0;
}

/** Takes back the failure a successful attempt claimed, with the block it would have caused. */
export async function forgiveThrottledAttempt(db: Db, key: string): Promise<void> {
  const [locked] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key)).for('update');
  if (!locked || locked.failures === 0) return;
  const failures = locked.failures - 1;
  const blockedUntil = new Date(
    locked.lastFailureAt.getTime() + blockSeconds(throttleRules[kindOf(key)], failures) * 1000,
  );
  await db.update(signInThrottle).set({ failures, blockedUntil }).where(eq(signInThrottle.key, key));
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
