import { describe, expect, it } from 'vitest';
import { needsTouch, type SessionPolicy, sessionExpiry, sessionState } from './session.ts';

const policy: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };
const start = new Date('2026-11-22T09:00:00.000Z');
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const at = (ms: number) => new Date(start.getTime() + ms);

describe('sessionExpiry', () => {
  it.each([
    [{ idleMinutes: 30, absoluteHours: 12 }, '2026-11-22T21:00:00.000Z'],
    [{ idleMinutes: 30, absoluteHours: 1 }, '2026-11-22T10:00:00.000Z'],
    [{ idleMinutes: 5, absoluteHours: 48 }, '2026-11-24T09:00:00.000Z'],
  ])('with %j ends at %s', (p, expected) => {
    expect(sessionExpiry(p, start).toISOString()).toBe(expected);
  });

  it('does not change the date it is given', () => {
    const now = new Date(start);
    sessionExpiry(policy, now);
    expect(now.getTime()).toBe(start.getTime());
  });
});

describe('sessionState', () => {
  // A session started at `start`, last seen at `lastSeen`, ending 12 hours after it started.
  const session = (lastSeen: number) => ({ lastSeenAt: at(lastSeen), expiresAt: at(12 * hour) });

  it.each([
    ['just started', 0, 0, 'active'],
    ['one millisecond before the idle limit', 0, 30 * minute - 1, 'active'],
    ['exactly at the idle limit', 0, 30 * minute, 'idle'],
    ['well past the idle limit', 0, 2 * hour, 'idle'],
    ['seen recently, a millisecond before the end', 12 * hour - minute, 12 * hour - 1, 'active'],
    ['seen recently, exactly at the end', 12 * hour - minute, 12 * hour, 'expired'],
    ['seen recently, after the end', 12 * hour - minute, 13 * hour, 'expired'],
    ['both idle and past the end', 0, 13 * hour, 'expired'],
  ] as const)('is %s → %s', (_label, lastSeen, now, expected) => {
    expect(sessionState(policy, session(lastSeen), at(now))).toBe(expected);
  });

  it('follows the idle minutes of the policy', () => {
    const s = session(0);
    expect(sessionState({ idleMinutes: 5, absoluteHours: 12 }, s, at(5 * minute - 1))).toBe('active');
    expect(sessionState({ idleMinutes: 5, absoluteHours: 12 }, s, at(5 * minute))).toBe('idle');
    expect(sessionState({ idleMinutes: 60, absoluteHours: 12 }, s, at(59 * minute))).toBe('active');
  });

  it('ends at expiresAt regardless of the policy’s absolute hours', () => {
    // The absolute limit was fixed when the session started; a later policy change does not extend it.
    const s = { lastSeenAt: at(0), expiresAt: at(10 * minute) };
    expect(sessionState({ idleMinutes: 30, absoluteHours: 48 }, s, at(10 * minute))).toBe('expired');
  });
});

describe('needsTouch', () => {
  const seen = (ms: number) => ({ lastSeenAt: at(ms), expiresAt: at(12 * hour) });

  it.each([
    [0, 0, false],
    [0, 59 * second, false],
    [0, minute - 1, false],
    [0, minute, true],
    [0, 10 * minute, true],
    [5 * minute, 5 * minute + 30 * second, false],
  ])('last seen at +%i ms, now +%i ms → %s', (lastSeen, now, expected) => {
    expect(needsTouch(seen(lastSeen), at(now))).toBe(expected);
  });
});
