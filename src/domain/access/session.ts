/** Pure rules for browser sessions. */

export type SessionPolicy = Readonly<{ idleMinutes: number; absoluteHours: number }>;

const minute = 60_000;

export function sessionExpiry(policy: SessionPolicy, now: Date): Date {
  return new Date(now.getTime() + policy.absoluteHours * 60 * minute);
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
