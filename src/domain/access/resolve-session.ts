import type { Database } from '../../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { digest } from '../shared/tokens.ts';
import type { Actor } from './actor.ts';
import { needsTouch, type SessionPolicy, sessionState } from './session.ts';
import { deleteSession, findSession, touchSession } from './sessions.repo.ts';

export type ResolvedSession = Readonly<{ actor: Actor; expired: boolean }>;

/**
 * Establishes who holds a session token. Unknown tokens give an anonymous actor; idle or expired
 * sessions are removed and reported, so the sign-in page can say why.
 */
export async function resolveSession(
  deps: { db: Database; clock: Clock },
  input: { token: string | undefined; policy: SessionPolicy },
): Promise<ResolvedSession> {
  if (!input.token) return { actor: { kind: 'anonymous' }, expired: false };
  const tokenHash = digest(input.token);
  const found = await findSession(deps.db, tokenHash);
  if (!found || found.user.disabledAt !== null) return { actor: { kind: 'anonymous' }, expired: false };
  const now = deps.clock.now();
  const state = sessionState(input.policy, found.session, now);
  if (state !== 'active') {
    await deleteSession(deps.db, tokenHash);
    return { actor: { kind: 'anonymous' }, expired: true };
  }
  if (needsTouch(found.session, now)) await touchSession(deps.db, tokenHash, now);
  const { user } = found;
  return {
    actor: {
      kind: 'user',
      userId: user.id,
      role: user.role,
      displayName: user.displayName,
      email: user.email,
    },
    expired: false,
  };
}
