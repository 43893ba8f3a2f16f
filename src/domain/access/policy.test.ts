import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Actor, operator, type Role, roles } from './actor.ts';
import { permissionsDocument } from './permissions-document.ts';
import { type Action, actions, authorizeInBorough, boroughScope, can } from './policy.ts';

/**
 * Every action × every role, stated independently of policy.ts (as CiviCRM's permission test does):
 * a new action without an expectation here fails the suite.
 * `all` = in every borough, `assigned` = only the user's boroughs, `none` = refused.
 */
type Expected = Readonly<Record<Role | 'operator', 'all' | 'assigned' | 'none'>>;
const adminOnly: Expected = {
  administrator: 'all',
  programme_lead: 'none',
  borough_lead: 'none',
  borough_contributor: 'none',
  analyst: 'none',
  operator: 'all',
};
const ownAccount: Expected = {
  administrator: 'all',
  programme_lead: 'all',
  borough_lead: 'all',
  borough_contributor: 'all',
  analyst: 'all',
  operator: 'none',
};
/** Programme leads anywhere, borough leads in their boroughs: the people who run the estate changes. */
const estateEditors: Expected = {
  administrator: 'none',
  programme_lead: 'all',
  borough_lead: 'assigned',
  borough_contributor: 'none',
  analyst: 'none',
  operator: 'all',
};
const expected: Readonly<Record<string, Expected>> = {
  'area:read': {
    administrator: 'all',
    programme_lead: 'all',
    borough_lead: 'assigned',
    borough_contributor: 'assigned',
    analyst: 'all',
    operator: 'all',
  },
  'reference:import': adminOnly,
  'estate:read': {
    administrator: 'all',
    programme_lead: 'all',
    borough_lead: 'assigned',
    borough_contributor: 'assigned',
    analyst: 'all',
    operator: 'all',
  },
  'estate:edit': estateEditors,
  'stakeholder:read': {
    administrator: 'all',
    programme_lead: 'all',
    borough_lead: 'assigned',
    borough_contributor: 'assigned',
    analyst: 'none',
    operator: 'all',
  },
  'stakeholder:edit': estateEditors,
  'stakeholder:import': estateEditors,
  'stakeholder:export': estateEditors,
  'stakeholder:subject-access': {
    administrator: 'all',
    programme_lead: 'all',
    borough_lead: 'none',
    borough_contributor: 'none',
    analyst: 'none',
    operator: 'all',
  },
  'stakeholder:erase': adminOnly,
  'stakeholder:retention': adminOnly,
  'estate:import': estateEditors,
  'amp:agree': {
    administrator: 'none',
    programme_lead: 'all',
    borough_lead: 'none',
    borough_contributor: 'none',
    analyst: 'none',
    operator: 'all',
  },
  'calendar:manage-own': ownAccount,
  'user:list': adminOnly,
  'user:create': adminOnly,
  'user:update': adminOnly,
  'user:disable': adminOnly,
  'user:reset-credentials': adminOnly,
  'account:manage-own': ownAccount,
  'token:manage-own': ownAccount,
  'token:manage-any': adminOnly,
  'audit:read': adminOnly,
  'setting:update': adminOnly,
};

const lambeth = 'E09000022';
const camden = 'E09000007';
const userActor = (role: Role): Actor => ({
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000001',
  role,
  displayName: 'Someone',
  email: 'someone@nonsuch.example',
  boroughs: role === 'borough_lead' || role === 'borough_contributor' ? [lambeth] : [],
});

describe('the policy', () => {
  it('has an expectation for every action, and none for an action that does not exist', () => {
    expect(actions.filter((a) => !(a in expected))).toEqual([]);
    expect(Object.keys(expected).filter((a) => !actions.includes(a as Action))).toEqual([]);
  });

  describe.each(actions)('%s', (action) => {
    it.each(roles)('as %s', (role) => {
      const want = expected[action]?.[role];
      const actor = userActor(role);
      expect(can(actor, action, { areaCode: lambeth })).toBe(want !== 'none');
      expect(can(actor, action, { areaCode: camden })).toBe(want === 'all');
      expect(boroughScope(actor, action)).toEqual(
        want === 'all' ? 'all' : want === 'assigned' ? [lambeth] : [],
      );
    });

    it('at the command line', () => {
      expect(can(operator('test'), action)).toBe(expected[action]?.operator === 'all');
    });

    it('refuses someone not signed in', () => {
      expect(can({ kind: 'anonymous' }, action)).toBe(false);
    });
  });

  it('tells a borough lead that another borough’s record does not exist, and refuses a role outright', () => {
    expect(() => authorizeInBorough(userActor('borough_lead'), 'area:read', camden, 'No such area.')).toThrow(
      expect.objectContaining({ code: 'not_found', message: 'No such area.' }),
    );
    expect(() => authorizeInBorough(userActor('analyst'), 'audit:read', camden, 'No such thing.')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => authorizeInBorough(userActor('borough_lead'), 'area:read', lambeth, 'x')).not.toThrow();
  });
});

describe('docs/permissions.md', () => {
  it('is the document generated from the policy (regenerate with npm run docs:permissions)', () => {
    const committed = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
    expect(committed).toBe(permissionsDocument());
  });
});
