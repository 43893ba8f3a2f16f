import { recordAudit } from '../audit/record-audit.ts';
import { digest, newSecret } from '../shared/tokens.ts';
import type { Context } from './actor.ts';
import {
  type SessionPolicy,
  type SessionStage,
  sessionExpiry,
  stageAfterFirstFactor,
  twoFactorRequired,
} from './session.ts';
import { deleteExpiredSessions, deleteSession, insertSession, type SessionRow } from './sessions.repo.ts';
import { readSettings } from './settings.repo.ts';
import { actorOf, type UserWithBoroughs } from './users.repo.ts';

export type SessionStart = Readonly<{ token: string; expiresAt: Date; userId: string; stage: SessionStage }>;

export type BeginSessionInput = Readonly<{
  user: UserWithBoroughs;
  method: SessionRow['method'];
  policy: SessionPolicy;
  /** The token of a session the browser already holds; it is ended so the new one replaces it. */
  previousToken?: string | undefined;
  userAgent?: string | undefined;
}>;

/**
 * Starts a session for someone who has passed the first factor (a password or single sign-on).
 * The token is always new (rotation at sign-in). The session is complete at once, or waits for the
 * second factor, or for the person to enrol in one when their role requires it. Runs inside the
 * caller's transaction.
 */
export async function beginSession(ctx: Context, input: BeginSessionInput): Promise<SessionStart> {
  const { user, policy } = input;
  const now = ctx.clock.now();
  const stage = stageAfterFirstFactor(user, twoFactorRequired(user.role, await readSettings(ctx.db)));
  const token = newSecret();
  const expiresAt = sessionExpiry(policy, now, stage);
  if (input.previousToken) await deleteSession(ctx.db, digest(input.previousToken));
  // Sessions nobody came back to are tidied here, so the table holds only live ones.
  await deleteExpiredSessions(ctx.db, now, new Date(now.getTime() - policy.idleMinutes * 60_000));
  await insertSession(ctx.db, {
    tokenHash: digest(token),
    userId: user.id,
    now,
    expiresAt,
    stage,
    method: input.method,
    userAgent: input.userAgent?.slice(0, 300),
    address: ctx.address,
  });
  if (stage === 'complete') {
    await recordAudit(ctx, {
      actor: actorOf(user),
      action: 'signed-in',
      entityType: 'session',
      entityId: user.id,
      summary: `${user.displayName} signed in (${input.method === 'password' ? 'password' : 'single sign-on'})`,
    });
  }
  return { token, expiresAt, userId: user.id, stage };
}
