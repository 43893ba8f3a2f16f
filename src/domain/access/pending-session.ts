import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { digest, newSecret } from '../shared/tokens.ts';
import type { Context, UserActor } from './actor.ts';
import type { SessionStart } from './begin-session.ts';
import { authorize } from './policy.ts';
import { type SessionPolicy, type SessionStage, sessionExpiry, sessionState } from './session.ts';
import { deleteSession, findSessionRow, insertSession, type SessionRow } from './sessions.repo.ts';
import { actorOf, findUserById, type UserWithBoroughs } from './users.repo.ts';

/**
 * The two-factor steps act on one's own account, either signed in, or half-way through signing in:
 * the password accepted, the session waiting for the second factor (or for the person to set one
 * up). A waiting session signs no one in, so these steps find its owner from its token themselves.
 */

export type PendingStage = Exclude<SessionStage, 'complete'>;

export type OwnAccount = Readonly<{
  actor: UserActor;
  user: UserWithBoroughs;
  /** The waiting session, when the person is not yet signed in. */
  pending?: SessionRow;
  /** The session the request came with (waiting or complete), when known. */
  session?: SessionRow;
}>;

const signInAgain = () => new DomainError('unauthenticated', 'Sign in again to carry on.');

/** The owner of a session waiting at `stage`; refuses one that has expired, moved on or is unknown. */
export async function pendingSessionOwner(
  ctx: Context,
  input: { token: string | undefined; stage: PendingStage; policy: SessionPolicy },
): Promise<{ session: SessionRow; user: UserWithBoroughs }> {
  if (!input.token) throw signInAgain();
  const session = await findSessionRow(ctx.db, digest(input.token));
  if (!session || session.stage !== input.stage) throw signInAgain();
  if (sessionState(input.policy, session, ctx.clock.now()) !== 'active') {
    await deleteSession(ctx.db, session.tokenHash);
    throw signInAgain();
  }
  const user = await findUserById(ctx.db, session.userId);
  if (!user || user.disabledAt !== null) throw signInAgain();
  return { session, user };
}

/**
 * Whose account a two-factor step acts on: the signed-in actor's, or, when no one is signed in, the
 * owner of the waiting session. Either way they must be allowed to manage their own account. The
 * session the request came with is returned too, when it has one.
 */
export async function ownAccount(
  ctx: Context,
  input: { sessionToken?: string | undefined; stage: PendingStage; policy: SessionPolicy },
): Promise<OwnAccount> {
  if (ctx.actor.kind === 'user') {
    authorize(ctx.actor, 'account:manage-own');
    const user = await findUserById(ctx.db, ctx.actor.userId);
    if (!user) throw signInAgain();
    const row = input.sessionToken ? await findSessionRow(ctx.db, digest(input.sessionToken)) : undefined;
    const session = row?.userId === user.id && row.stage === 'complete' ? row : undefined;
    return { actor: ctx.actor, user, ...(session ? { session } : {}) };
  }
  if (ctx.actor.kind === 'anonymous' && input.sessionToken) {
    const { session, user } = await pendingSessionOwner(ctx, {
      token: input.sessionToken,
      stage: input.stage,
      policy: input.policy,
    });
    const actor = actorOf(user);
    authorize(actor, 'account:manage-own');
    return { actor, user, pending: session, session };
  }
  authorize(ctx.actor, 'account:manage-own');
  throw signInAgain();
}

/**
 * Ends the waiting session and starts a complete one with a new token and the full lifetime: the
 * token that was exposed before the second factor never becomes a signed-in one. Run in the
 * caller's transaction; the sign-in is recorded here.
 */
export async function completePendingSession(
  ctx: Context,
  input: { pending: SessionRow; user: UserWithBoroughs; policy: SessionPolicy; how: string },
): Promise<SessionStart> {
  const { pending, user } = input;
  const now = ctx.clock.now();
  const token = newSecret();
  const expiresAt = sessionExpiry(input.policy, now, 'complete');
  // Ended meanwhile (signed out everywhere, password reset, account disabled): nothing to complete.
  if (!(await deleteSession(ctx.db, pending.tokenHash))) throw signInAgain();
  await insertSession(ctx.db, {
    tokenHash: digest(token),
    userId: user.id,
    now,
    expiresAt,
    stage: 'complete',
    method: pending.method,
    userAgent: pending.userAgent,
    address: ctx.address ?? pending.address,
  });
  const first = pending.method === 'password' ? 'password' : 'single sign-on';
  await recordAudit(ctx, {
    actor: actorOf(user),
    action: 'signed-in',
    entityType: 'session',
    entityId: user.id,
    summary: `${user.displayName} signed in (${first} and ${input.how})`,
  });
  return { token, expiresAt, userId: user.id, stage: 'complete' };
}
