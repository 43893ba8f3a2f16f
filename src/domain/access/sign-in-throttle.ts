import { type AuditEntry, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import type { Context } from './actor.ts';
import { claimThrottledAttempt, deleteQuietThrottles, forgiveThrottledAttempt } from './throttle.repo.ts';
import { throttledMessage, throttleRules } from './throttle.ts';

/**
 * The sign-in throttle as the sign-in steps use it: refuse while any key of the attempt is blocked,
 * and count a failure against every key. Shared by the password and the second factor, so guessing
 * codes costs the same as guessing passwords.
 */

/**
 * Claims the attempt against every key before the credential is checked: throws
 * `too_many_attempts` while any key is blocked (after recording the refusal), and otherwise counts
 * the attempt as a failure at once, so many attempts sent together cannot slip through between the
 * check and the count. A success then calls forgiveAttempt. The message names no account, so it is
 * the same whether or not the account exists.
 */
export async function claimAttempt(
  ctx: Context,
  input: { keys: readonly string[]; field: string; audit: Omit<AuditEntry, 'action' | 'refused'> },
): Promise<void> {
  const now = ctx.clock.now();
  const wait = await ctx.db.transaction(async (tx) => {
    await deleteQuietThrottles(tx, new Date(now.getTime() - longestQuietMinutes * 60_000), now);
    return claimThrottledAttempt(tx, input.keys, now);
  });
  if (wait === 0) return;
  await recordAudit(ctx, { ...input.audit, action: 'sign-in-refused', refused: true });
  const message = throttledMessage(wait);
  throw new DomainError('too_many_attempts', message, { fields: { [input.field]: message } });
}

const longestQuietMinutes = Math.max(...Object.values(throttleRules).map((r) => r.quietMinutes));

/** A claimed attempt succeeded: it no longer counts against any of its keys. Call it in a transaction. */
export async function forgiveAttempt(ctx: Context, keys: readonly string[]): Promise<void> {
  for (const key of keys) await forgiveThrottledAttempt(ctx.db, key);
}
