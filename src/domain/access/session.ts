/** Pure rules for browser sessions. */
import type { sessionStages } from '../../db/schema/access.ts';
import type { Role } from './actor.ts';

export type SessionPolicy = Readonly<{ idleMinutes: number; absoluteHours: number }>;
export type SessionStage = (typeof sessionStages)[number];

const minute = 60_000;

/** A session that has passed the password but not yet the second factor lasts this long at most. */
export const pendingSessionMinutes = 10;

export function sessionExpiry(policy: SessionPolicy, now: Date, stage: SessionStage = 'complete'): Date {
  const minutes = stage === 'complete' ? policy.absoluteHours * 60 : pendingSessionMinutes;
  return new Date(now.getTime() + minutes * minute);
}

export type SessionTimes = Readonly<{ lastSeenAt: Date; expiresAt: Date }>;

export function sessionState(
  policy: SessionPolicy,
  s: SessionTimes,
  now: Date,
): 'active' | 'idle' | 'expired' {
  if (now >= s.expiresAt) return 'expired';
  if (now.getTime() - s.lastSeenAt.getTime() >= policy.idleMinutes * minute) return 'idle';
  return 'active';
}

/** last_seen_at is written at most once a minute, so reading pages costs no write. */
export const needsTouch = (s: SessionTimes, now: Date): boolean =>
  now.getTime() - s.lastSeenAt.getTime() >= minute;

/** Administrators and programme leads always need a second factor; a setting extends it to all. */
export const twoFactorRequired = (role: Role, settings: { twoFactorForAll: boolean }): boolean =>
  settings.twoFactorForAll || role === 'administrator' || role === 'programme_lead';

/** Where a session stands once the first factor (password or single sign-on) has been passed. */
export function stageAfterFirstFactor(user: { totpEnabledAt: Date | null }, required: boolean): SessionStage {
  if (user.totpEnabledAt !== null) return 'second-factor';
  return required ? 'enrol-second-factor' : 'complete';
}
