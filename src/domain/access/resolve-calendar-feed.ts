import type { Database } from '../../db/connect.ts';
import { digest } from '../shared/tokens.ts';
import type { UserActor } from './actor.ts';
import { selectLiveFeedWithOwner } from './calendar-feeds.repo.ts';
import { looksLikeCalendarToken, noSuchCalendar } from './calendar-feeds.ts';
import { actorOf } from './users.repo.ts';

/**
 * Establishes whose calendar an address is: the owner, with their role and boroughs as they are
 * now. An unknown or revoked address, or a disabled owner, is not found.
 */
export async function resolveCalendarFeed(deps: { db: Database }, token: string): Promise<UserActor> {
  if (!looksLikeCalendarToken(token)) throw noSuchCalendar();
  const found = await selectLiveFeedWithOwner(deps.db, digest(token));
  if (!found) throw noSuchCalendar();
  return actorOf({ ...found.user, boroughs: found.boroughs });
}
