import { DomainError } from '../shared/errors.ts';
import type { Actor, Role, UserActor } from './actor.ts';

/**
 * Every action Nonsuch performs, and who may perform it: the one place the rules live.
 * `docs/permissions.md` is generated from this table (`nonsuch permissions`), and a test fails
 * when the two differ.
 *
 * Each role either may not act (absent), may act in every borough (`all`), or only in the
 * boroughs assigned to them (`assigned`). `own` actions concern the actor's own account.
 */
export type Reach = 'all' | 'assigned';

export type Rule = Readonly<{
  description: string;
  roles: Readonly<Partial<Record<Role, Reach>>>;
  /** Whether the command line (the server's operator) may do it. */
  operator: boolean;
  /** Whether the action concerns a borough's records, so that reach (all or assigned) matters. */
  perBorough?: true;
}>;

const everyone: Readonly<Record<Role, Reach>> = {
  administrator: 'all',
  programme_lead: 'all',
  borough_lead: 'all',
  borough_contributor: 'all',
  analyst: 'all',
};

const administratorOnly = { administrator: 'all' } as const;

export const policy = {
  'area:read': {
    description: 'See a borough: its page, the London overview, the API',
    perBorough: true,
    roles: {
      administrator: 'all',
      programme_lead: 'all',
      borough_lead: 'assigned',
      borough_contributor: 'assigned',
      analyst: 'all',
    },
    operator: true,
  },
  'reference:import': {
    description: 'Load reference geography: wards, constituencies and the lookups between them',
    roles: administratorOnly,
    operator: true,
  },
  'estate:read': {
    description: 'See a borough’s estate: sites, proposals and their versions, the AMP, the timetable',
    perBorough: true,
    roles: {
      administrator: 'all',
      programme_lead: 'all',
      borough_lead: 'assigned',
      borough_contributor: 'assigned',
      analyst: 'all',
    },
    operator: true,
  },
  'estate:edit': {
    description: 'Add and edit sites and proposals (every edit is kept as a dated version)',
    perBorough: true,
    roles: { programme_lead: 'all', borough_lead: 'assigned' },
    operator: true,
  },
  'estate:import': {
    description: 'Import sites and proposals from CSV or Excel, after a preview',
    perBorough: true,
    roles: { programme_lead: 'all', borough_lead: 'assigned' },
    operator: true,
  },
  'amp:agree': {
    description:
      'Agree a borough’s Asset Management Plan as final, and change the proposals of a borough whose AMP is final',
    perBorough: true,
    roles: { programme_lead: 'all' },
    operator: true,
  },
  'stakeholder:read': {
    description:
      'See a borough’s stakeholders and organisations, its top 100, its coverage check and its segments',
    perBorough: true,
    roles: {
      administrator: 'all',
      programme_lead: 'all',
      borough_lead: 'assigned',
      borough_contributor: 'assigned',
    },
    operator: true,
  },
  'stakeholder:edit': {
    description:
      'Add and edit people and organisations, their roles, places and memberships, the top 100, and record consent',
    perBorough: true,
    roles: { programme_lead: 'all', borough_lead: 'assigned' },
    operator: true,
  },
  'stakeholder:import': {
    description: 'Import stakeholders from CSV or Excel after a dry run; review and merge duplicates',
    perBorough: true,
    roles: { programme_lead: 'all', borough_lead: 'assigned' },
    operator: true,
  },
  'stakeholder:export': {
    description: 'Download a list or segment of stakeholders as CSV or Excel; save segments',
    perBorough: true,
    roles: { programme_lead: 'all', borough_lead: 'assigned' },
    operator: true,
  },
  'stakeholder:subject-access': {
    description: 'Produce a subject access export: everything held about one person',
    roles: { administrator: 'all', programme_lead: 'all' },
    operator: true,
  },
  'stakeholder:erase': {
    description:
      'Erase a person: remove their personal data everywhere and suppress their addresses (irreversible)',
    roles: administratorOnly,
    operator: true,
  },
  'stakeholder:retention': {
    description: 'See the records past their retention review date, and manage the list of stakeholder roles',
    roles: administratorOnly,
    operator: true,
  },
  'calendar:manage-own': {
    description: 'Make and revoke one’s own calendar subscription address',
    roles: everyone,
    operator: false,
  },
  'user:list': { description: 'List user accounts', roles: administratorOnly, operator: true },
  'user:create': {
    description: 'Create or invite a user and choose their role and boroughs',
    roles: administratorOnly,
    operator: true,
  },
  'user:update': {
    description: "Change a user's name, role or boroughs",
    roles: administratorOnly,
    operator: true,
  },
  'user:disable': {
    description: 'Disable or re-enable a user (ends their sessions)',
    roles: administratorOnly,
    operator: true,
  },
  'user:reset-credentials': {
    description: "Reset a user's password or two-factor authentication",
    roles: administratorOnly,
    operator: true,
  },
  'account:manage-own': {
    description: 'Change one’s own password, two-factor authentication and sessions',
    roles: everyone,
    operator: false,
  },
  'token:manage-own': {
    description: 'Create and revoke one’s own API tokens (they carry the owner’s role and boroughs)',
    roles: everyone,
    operator: false,
  },
  'token:manage-any': {
    description: 'List and revoke anyone’s API tokens',
    roles: administratorOnly,
    operator: true,
  },
  'audit:read': {
    description: 'Read and export the audit trail',
    roles: administratorOnly,
    operator: true,
  },
  'setting:update': {
    description: 'Change settings (for example, two-factor authentication for everyone)',
    roles: administratorOnly,
    operator: true,
  },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof policy;
export const actions = Object.keys(policy) as Action[];

const reachOf = (actor: UserActor, action: Action): Reach | undefined =>
  (policy[action].roles as Partial<Record<Role, Reach>>)[actor.role];

/** Whether the actor may act in this borough (or at all, when no borough is named). */
export function can(actor: Actor, action: Action, subject: { areaCode?: string | null } = {}): boolean {
  switch (actor.kind) {
    case 'operator':
      return policy[action].operator;
    case 'anonymous':
      return false;
    case 'user': {
      const reach = reachOf(actor, action);
      if (reach === undefined) return false;
      if (reach === 'all' || subject.areaCode == null) return true;
      return actor.boroughs.includes(subject.areaCode);
    }
  }
}

/**
 * The boroughs an actor may act in, for queries that list: `all`, or the assigned GSS codes.
 * Every list, search and export puts this into its WHERE clause.
 */
export function boroughScope(actor: Actor, action: Action): 'all' | readonly string[] {
  if (actor.kind === 'operator') return policy[action].operator ? 'all' : [];
  if (actor.kind === 'anonymous') return [];
  const reach = reachOf(actor, action);
  if (reach === undefined) return [];
  return reach === 'all' ? 'all' : actor.boroughs;
}

/** Raised when a record exists but lies outside the actor's boroughs: it answers as if missing. */
export class OutOfScope extends DomainError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'OutOfScope';
  }
}

/** What a refusal says when no rule has anything more particular to say. */
export const notPermitted = 'You do not have permission to do that.';

/** Throws unless the actor may act; refusals are `forbidden` (signed in) or `unauthenticated`. */
export function authorize(actor: Actor, action: Action): void {
  if (actor.kind === 'anonymous') throw new DomainError('unauthenticated', 'Sign in to continue.');
  if (!can(actor, action)) throw new DomainError('forbidden', notPermitted);
}

/**
 * For one borough's record addressed by id: a role that may act but not in this borough is told the
 * record does not exist, exactly as for a missing one, so ids cannot be probed.
 */
export function authorizeInBorough(
  actor: Actor,
  action: Action,
  areaCode: string,
  notFoundMessage: string,
): void {
  authorize(actor, action);
  if (!can(actor, action, { areaCode })) throw new OutOfScope(notFoundMessage);
}
