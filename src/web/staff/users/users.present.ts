import { type Role, roleNames, roles } from '../../../domain/access/actor.ts';
import type { UserSummary } from '../../../domain/access/list-users.ts';
import type { Delivery, IssuedLink } from '../../../domain/access/user-links.ts';
import type { AreaRecord } from '../../../domain/geography/areas.repo.ts';

/** What each role may do, in a sentence, for the role radios. */
export const roleHints: Readonly<Record<Role, string>> = {
  administrator: 'Manages users, roles and settings, and reads the audit trail. Sees no engagement content.',
  programme_lead: 'Everything in every borough, including approvals and decisions.',
  borough_lead: 'Everything in their boroughs, except approvals and decisions.',
  borough_contributor: 'Engagements, records of views and follow-up actions in their boroughs.',
  analyst: 'Reads every borough; records the media log, surveys and evaluation data.',
};

export type UserStatus = Readonly<{ text: string; colour: string }>;

/** Disabled, invited (no password chosen yet) or active. */
export function userStatus(u: Pick<UserSummary, 'disabled' | 'hasPassword'>): UserStatus {
  if (u.disabled) return { text: 'Disabled', colour: 'grey' };
  if (!u.hasPassword) return { text: 'Invited', colour: 'blue' };
  return { text: 'Active', colour: 'green' };
}

const namesOf = (codes: readonly string[], areas: readonly AreaRecord[]): string[] => {
  const byCode = new Map(areas.map((a) => [a.gssCode, a.name]));
  return codes.map((c) => byCode.get(c) ?? c).sort((a, b) => a.localeCompare(b, 'en-GB'));
};

/** One user as the pages show them. */
export function presentUser(u: UserSummary, areas: readonly AreaRecord[]) {
  const boroughNames = namesOf(u.boroughs, areas);
  return {
    id: u.id,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    roleName: roleNames[u.role],
    boroughs: boroughNames.length > 0 ? boroughNames.join(', ') : 'All of London',
    twoFactor: u.twoFactor ? 'Set up' : 'Not set up',
    status: userStatus(u),
    disabled: u.disabled,
    createdAt: u.createdAt,
  };
}

export type UserForm = Readonly<{
  displayName?: string;
  email?: string;
  role?: string;
  boroughs?: readonly string[];
  how?: string;
}>;

/** The role radios and the borough checkboxes of the new-user and edit forms. */
export function presentUserForm(values: UserForm, areas: readonly AreaRecord[]) {
  const chosen = new Set(values.boroughs ?? []);
  return {
    values,
    roleItems: roles.map((r) => ({
      value: r,
      text: roleNames[r],
      hint: { text: roleHints[r] },
      checked: values.role === r,
    })),
    boroughItems: areas.map((a) => ({ value: a.gssCode, text: a.name, checked: chosen.has(a.gssCode) })),
  };
}

const deliveryText: Readonly<Record<Delivery, string>> = {
  sent: 'We have emailed the link to them as well.',
  failed: 'The email could not be sent, so give them the link yourself.',
  'not-configured': 'Email is not set up for Nonsuch, so give them the link yourself.',
};

/** The one-time link, shown once to the administrator after an invitation or a password reset. */
export function presentLink(user: UserSummary, link: IssuedLink, delivery: Delivery) {
  return {
    user: { id: user.id, displayName: user.displayName, email: user.email },
    url: link.url,
    expiresAt: link.expiresAt,
    invitation: link.purpose === 'invitation',
    delivery: deliveryText[delivery],
    emailed: delivery === 'sent',
  };
}

/** Confirmation banners after a redirect. */
export const doneMessages: Readonly<Record<string, string>> = {
  created: 'User created. They can sign in with the password you set.',
  updated: 'Changes saved.',
  'updated-signed-out':
    'Changes saved. Their role or boroughs changed, so they have been signed out everywhere.',
  disabled: 'User disabled. They have been signed out everywhere and cannot sign in.',
  enabled: 'User enabled. They can sign in again.',
  'two-factor-reset': 'Two-factor authentication reset. They will set it up again when they next sign in.',
};
