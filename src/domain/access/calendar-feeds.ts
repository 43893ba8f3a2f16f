import { DomainError } from '../shared/errors.ts';
import { newSecret } from '../shared/tokens.ts';
import type { Actor, UserActor } from './actor.ts';
import { authorize } from './policy.ts';

/**
 * Calendar subscription addresses. A calendar program (Outlook, Google Calendar) cannot sign in,
 * so the address itself carries a secret: `ncal_` and 256 random bits, shown once, stored as a
 * digest. The feed shows what its owner may see, and stops when revoked or the owner is disabled.
 */
export const calendarTokenPrefix = 'ncal_';

const tokenShape = /^ncal_[A-Za-z0-9_-]{43}$/;

export const newCalendarToken = (): string => newSecret(calendarTokenPrefix);

/** Whether the text could be a calendar token at all (anything else is not looked up). */
export const looksLikeCalendarToken = (text: string): boolean => tokenShape.test(text);

export const noSuchCalendar = () => new DomainError('not_found', 'There is no such calendar.');

/** A person acts on their own calendar address only; the command line has none. */
export function authorizeOwnFeed(actor: Actor): UserActor {
  authorize(actor, 'calendar:manage-own');
  if (actor.kind !== 'user') throw new DomainError('forbidden', 'Only a person has a calendar address.');
  return actor;
}
