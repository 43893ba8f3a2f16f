import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.ts';
import type { Action } from '../access/policy.ts';
import { hiddenValue, permissionOf, redactValues } from './personal-fields.ts';

const administrator: Actor = {
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000001',
  role: 'administrator',
  displayName: 'Ada Admin',
  email: 'ada@nonsuch.example',
  boroughs: [],
};

/** A reader of the trail who may not list users (no role is such today; the rule must hold when one is). */
const auditorOnly = (action: Action) => action === 'audit:read';

const userValues = { email: 'sam@nonsuch.example', displayName: 'Sam', role: 'analyst' };

describe('personal values in the audit trail', () => {
  it('are hidden from a reader who may not see them on the record itself', () => {
    expect(redactValues('user', userValues, auditorOnly)).toEqual({
      email: hiddenValue,
      displayName: 'Sam',
      role: 'analyst',
    });
    expect(redactValues('session', { email: 'typed@example.org' }, auditorOnly)).toEqual({
      email: '(hidden)',
    });
  });

  it('are shown to a reader who may list users', () => {
    expect(redactValues('user', userValues, permissionOf(administrator))).toEqual(userValues);
    expect(redactValues('user', userValues, permissionOf({ kind: 'operator', name: 'cli' }))).toEqual(
      userValues,
    );
  });

  it('leave other entity types and missing values alone', () => {
    const values = { revokedAt: '2026-11-22T09:00:00.000Z', email: 'not personal here' };
    expect(redactValues('api-token', values, auditorOnly)).toEqual(values);
    expect(redactValues('user', null, auditorOnly)).toBeNull();
  });
});
