import { roleNames } from '../../../domain/access/actor.ts';
import type { OwnSession } from '../../../domain/access/list-own-sessions.ts';
import type { UserSummary } from '../../../domain/access/list-users.ts';
import type { AreaRecord } from '../../../domain/geography/areas.repo.ts';

const browsers: readonly [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\//, 'curl'],
];

const systems: readonly [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Windows" from a user agent string; a person recognises their devices by this. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const system = systems.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser ?? system) return (browser ?? system) as string;
  return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
}

export function presentSessions(sessions: readonly OwnSession[]) {
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      device: describeUserAgent(s.userAgent),
      method: s.method === 'password' ? 'Password' : 'Single sign-on',
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      current: s.current,
    })),
    others: sessions.filter((s) => !s.current).length,
  };
}

export function presentAccount(
  account: UserSummary & { passwordChangedAt: Date | null },
  areas: readonly AreaRecord[],
) {
  const byCode = new Map(areas.map((a) => [a.gssCode, a.name]));
  const boroughs = account.boroughs.map((c) => byCode.get(c) ?? c);
  return {
    displayName: account.displayName,
    email: account.email,
    roleName: roleNames[account.role],
    boroughs: boroughs.length > 0 ? boroughs.join(', ') : 'All of London',
    twoFactor: account.twoFactor ? 'Set up' : 'Not set up',
    hasPassword: account.hasPassword,
    passwordChangedAt: account.passwordChangedAt,
  };
}

export const accountMessages: Readonly<Record<string, string>> = {
  'password-changed': 'Your password has been changed. You have been signed out on every other device.',
  'session-ended': 'That session has been ended.',
  'others-ended': 'You have been signed out everywhere else.',
};
