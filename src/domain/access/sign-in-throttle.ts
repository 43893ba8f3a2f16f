import { type AuditEntry, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { deleteQuietThrottles, readThrottles, recordThrottleFailure } from './throttle.repo.ts';
import { longestWait, throttledMessage, throttleRules } from './throttle.ts';

/**
 * The sign-in throttle as the sign-in steps use it: refuse while any key of the attempt is blocked,
 * and count a failure against every key. Shared by the password and the second factor, so guessing
 * codes costs the same as guessing passwords.
 */

/**
 * Throws `too_many_attempts` while any of the keys is blocked, after recording the refusal. The
 * message names no account, so it is the same whether or not the account exists.
 */
export async function refuseWhileThrottled(
  ctx: Context,
  input: { keys: readonly string[]; field: string; audit: Omit<AuditEntry, 'action' | 'refused'> },
): Promise<void> {
  const states = await readThrottles(ctx.db, input.keys);
  const wait = longestWait(
    input.keys.map((k) => states.get(k)),
    ctx.clock.now(),
  );
  if (wait === 0) return;
  await recordAudit(ctx, { ...input.audit, action: 'sign-in-refused', refused: true });
  const message = throttledMessage(wait);
  throw new DomainError('too_many_attempts', message, { fields: { [input.field]: message } });
}

const longestQuietMinutes = Math.max(...Object.values(throttleRules).map((r) => r.quietMinutes));

/** Counts a failure against every key, and forgets keys long quiet. Call it in a transaction. */
export async function recordFailures(ctx: Context, keys: readonly string[]): Promise<void> {
  const now = ctx.clock.now();
  for (const key of keys) await recordThrottleFailure(ctx.db, key, now);
  await deleteQuietThrottles(ctx.db, new Date(now.getTime() - longestQuietMinutes * 60_000), now);
}
