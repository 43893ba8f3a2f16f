import type { Database } from '../../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import type { Actor } from './actor.ts';
import { findActiveTokenWithUser, markTokenUsed } from './api-tokens.repo.ts';
import { tokenDigest, tokenPrefix } from './api-tokens.ts';
import { actorOf } from './users.repo.ts';

const minute = 60_000;

/** Establishes who presents a bearer token; anything unknown, revoked or disabled is anonymous. */
export async function authenticateApiToken(
  deps: { db: Database; clock: Clock },
  token: string,
): Promise<Actor> {
  if (!token.startsWith(tokenPrefix)) return { kind: 'anonymous' };
  const found = await findActiveTokenWithUser(deps.db, tokenDigest(token));
  if (!found) return { kind: 'anonymous' };
  const now = deps.clock.now();
  const last = found.token.lastUsedAt;
  if (!last || now.getTime() - last.getTime() >= minute) await markTokenUsed(deps.db, found.token.id, now);
  return actorOf({ ...found.user, boroughs: found.boroughs });
}
