/**
 * Pure rules for sign-in throttling: an exponential back-off per account and per network address.
 * A key is `account:<normalised email>` or `address:<ip>`. The first failures cost nothing; after
 * that each failure blocks the key for twice as long as the one before, up to a cap. A key that has
 * had no failure for a quiet period starts again from nothing.
 */

export type ThrottleKind = 'account' | 'address';

export type ThrottleRule = Readonly<{
  /** Failures allowed before the first block. */
  freeFailures: number;
  /** The longest block, in seconds. */
  maxBlockSeconds: number;
  /** After this long without a failure, the count starts again. */
  quietMinutes: number;
}>;

/**
 * An account gets five tries; an address more, because an office shares one address between many
 * people. Both are capped at 15 minutes, which still leaves an attacker only a handful of guesses an
 * hour once the cap is reached.
 */
export const throttleRules: Readonly<Record<ThrottleKind, ThrottleRule>> = {
  account: { freeFailures: 5, maxBlockSeconds: 15 * 60, quietMinutes: 60 },
  address: { freeFailures: 20, maxBlockSeconds: 15 * 60, quietMinutes: 60 },
};

export type ThrottleState = Readonly<{ failures: number; lastFailureAt: Date; blockedUntil: Date }>;

export const accountKey = (normalisedEmail: string): string => `account:${normalisedEmail}`;
/**
 * The throttled unit of an address: an IPv4 address itself (also when written IPv4-mapped, as
 * ::ffff:192.0.2.1), and for IPv6 its /64 network, since one household or server is given a whole
 * /64 and could otherwise take a fresh address for every guess.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `address:${mapped[1]}`;
  if (!address.includes(':')) return `address:${address}`;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `address:${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

export const kindOf = (key: string): ThrottleKind => (key.startsWith('address:') ? 'address' : 'account');

/** The keys one sign-in attempt counts against: the account, and the address when known. */
export function throttleKeys(normalisedEmail: string, address: string | undefined): string[] {
  return address ? [accountKey(normalisedEmail), addressKey(address)] : [accountKey(normalisedEmail)];
}

/** How long a block lasts once a key has this many failures: 2^(failures − free) seconds, capped. */
export function blockSeconds(rule: ThrottleRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(2 ** (failures - rule.freeFailures), rule.maxBlockSeconds);
}

/** The state after one more failure. A key quiet for the rule's period starts again from one. */
export function afterFailure(rule: ThrottleRule, state: ThrottleState | undefined, now: Date): ThrottleState {
  const quiet =
    state === undefined || now.getTime() - state.lastFailureAt.getTime() >= rule.quietMinutes * 60_000;
  const failures = quiet ? 1 : state.failures + 1;
  return {
    failures,
    lastFailureAt: now,
    blockedUntil: new Date(now.getTime() + blockSeconds(rule, failures) * 1000),
  };
}

/** Milliseconds until the key may try again; 0 when it is not blocked. */
export function waitFor(state: ThrottleState | undefined, now: Date): number {
  if (!state) return 0;
  return Math.max(0, state.blockedUntil.getTime() - now.getTime());
}

/** The longest wait among the keys of one attempt. */
export function longestWait(states: readonly (ThrottleState | undefined)[], now: Date): number {
  return Math.max(0, ...states.map((s) => waitFor(s, now)));
}

/**
 * What the person is told. It names no account, so it reads the same whether or not the account
 * exists; the wait is rounded up to whole minutes.
 */
export function throttledMessage(waitMs: number): string {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return `Too many attempts. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then try again.`;
}
