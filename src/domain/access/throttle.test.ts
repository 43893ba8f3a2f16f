import { describe, expect, it } from 'vitest';
import {
  addressKey,
  afterFailure,
  blockSeconds,
  kindOf,
  longestWait,
  type ThrottleState,
  throttledMessage,
  throttleKeys,
  throttleRules,
  waitFor,
} from './throttle.ts';

const account = throttleRules.account;
const address = throttleRules.address;
const t0 = new Date('2026-11-22T09:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const minute = 60_000;

describe('blockSeconds', () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [7, 4],
    [10, 32],
    [14, 512],
    [15, 900],
    [40, 900],
  ])('an account with %i failures is blocked for %i seconds', (failures, seconds) => {
    expect(blockSeconds(account, failures)).toBe(seconds);
  });

  it.each([
    [19, 0],
    [20, 1],
    [21, 2],
    [30, 900],
  ])('an address with %i failures is blocked for %i seconds', (failures, seconds) => {
    expect(blockSeconds(address, failures)).toBe(seconds);
  });
});

describe('afterFailure', () => {
  it('starts counting at one', () => {
    expect(afterFailure(account, undefined, t0)).toEqual({
      failures: 1,
      lastFailureAt: t0,
      blockedUntil: t0,
    });
  });

  it('blocks from the fifth failure, doubling each time', () => {
    let state: ThrottleState | undefined;
    const blocks: number[] = [];
    for (let i = 0; i < 8; i++) {
      const now = later(i * 1000);
      state = afterFailure(account, state, now);
      blocks.push((state.blockedUntil.getTime() - now.getTime()) / 1000);
    }
    expect(blocks).toEqual([0, 0, 0, 0, 1, 2, 4, 8]);
    expect(state?.failures).toBe(8);
  });

  it('keeps counting while failures keep coming, even slowly', () => {
    const state = { failures: 12, lastFailureAt: t0, blockedUntil: later(128_000) };
    expect(afterFailure(account, state, later(59 * minute)).failures).toBe(13);
  });

  it('starts again after an hour without failures', () => {
    const state = { failures: 15, lastFailureAt: t0, blockedUntil: later(15 * minute) };
    expect(afterFailure(account, state, later(60 * minute))).toEqual({
      failures: 1,
      lastFailureAt: later(60 * minute),
      blockedUntil: later(60 * minute),
    });
  });
});

describe('waiting', () => {
  const blocked = { failures: 6, lastFailureAt: t0, blockedUntil: later(2000) };

  it.each([
    ['no record', undefined, t0, 0],
    ['a block in force', blocked, t0, 2000],
    ['a block nearly over', blocked, later(1999), 1],
    ['a block just over', blocked, later(2000), 0],
  ])('%s', (_name, state, now, wait) => {
    expect(waitFor(state, now)).toBe(wait);
  });

  it('waits for the longest block among the keys', () => {
    const long = { failures: 15, lastFailureAt: t0, blockedUntil: later(15 * minute) };
    expect(longestWait([undefined, blocked, long], t0)).toBe(15 * minute);
    expect(longestWait([], t0)).toBe(0);
  });
});

describe('throttledMessage', () => {
  it.each([
    [1, 'Too many attempts. Wait 1 minute, then try again.'],
    [60_000, 'Too many attempts. Wait 1 minute, then try again.'],
    [60_001, 'Too many attempts. Wait 2 minutes, then try again.'],
    [15 * minute, 'Too many attempts. Wait 15 minutes, then try again.'],
  ])('after %i ms says %s', (ms, message) => {
    expect(throttledMessage(ms)).toBe(message);
  });
});

describe('keys', () => {
  it('counts an attempt against the account and the address', () => {
    expect(throttleKeys('ada@example.org', '10.0.0.1')).toEqual([
      'account:ada@example.org',
      'address:10.0.0.1',
    ]);
    expect(throttleKeys('ada@example.org', undefined)).toEqual(['account:ada@example.org']);
  });

  it.each([
    ['account:ada@example.org', 'account'],
    ['address:10.0.0.1', 'address'],
    ['address:::1', 'address'],
  ])('%s is an %s key', (key, kind) => {
    expect(kindOf(key)).toBe(kind);
  });
});

describe('addressKey', () => {
  it.each<[string, string]>([
    ['192.0.2.10', 'address:192.0.2.10'],
    ['::ffff:192.0.2.10', 'address:192.0.2.10'],
    ['2001:db8:1:2:3:4:5:6', 'address:2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', 'address:2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002:ffff::1', 'address:2001:db8:1:2::/64'],
    ['2001:db8::1', 'address:2001:db8:0:0::/64'],
    ['::1', 'address:0:0:0:0::/64'],
  ])('throttles %s as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
