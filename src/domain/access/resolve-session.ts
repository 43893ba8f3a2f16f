import type { Database } from '../../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { digest } from '../shared/tokens.ts';
import { type Actor, anonymous } from './actor.ts';
import { needsTouch, type SessionPolicy, type SessionStage, sessionState } from './session.ts';
import { deleteSession, findSession, touchSession } from './sessions.repo.ts';
import { actorOf } from './users.repo.ts';

/** A session that has passed the first factor but must still pass (or enrol in) the second. */
export type PendingSession = Readonly<{
  stage: Exclude<SessionStage, 'complete'>;
  userId: string;
  displayName: string;
  email: string;
}>;

export type ResolvedSession = Readonly<{
  actor: Actor;
  expired: boolean;
  /** The public id of the session, when signed in. */
  sessionId?: string;
  pending?: PendingSession;
}>;

/**
 * Establishes who holds a session token. Unknown tokens give an anonymous actor; idle or expired
 * sessions are removed and reported, so the sign-in page can say why. A session still waiting for
 * its second factor signs no one in: it is reported as pending.
 */
export async function resolveSession(
  deps: { db: Database; clock: Clock },
  input: { token: string | undefined; policy: SessionPolicy },
): Promise<ResolvedSession> {
  if (!input.token) return { actor: anonymous, expired: false };
  const tokenHash = digest(input.token);
  const found = await findSession(deps.db, tokenHash);
  if (!found || found.user.disabledAt !== null) return { actor: anonymous, expired: false };
  const now = deps.clock.now();
  const state = sessionState(input.policy, found.session, now);
  if (state !== 'active') {
    await deleteSession(deps.db, tokenHash);
    return { actor: anonymous, expired: true };
  }
  const { user, session } = found;
  if (session.stage !== 'complete') {
    return {
      actor: anonymous,
      expired: false,
      pending: { stage: session.stage, userId: user.id, displayName: user.displayName, email: user.email },
    };
  }
  if (needsTouch(session, now)) await touchSession(deps.db, tokenHash, now);
  return { actor: actorOf(user), expired: false, sessionId: session.id };
}
