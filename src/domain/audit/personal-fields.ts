import type { Actor } from '../access/actor.ts';
import { type Action, can } from '../access/policy.ts';
import type { AuditValues } from './record-audit.ts';

/**
 * Which values in the audit trail are personal data, per entity type, and the action a viewer needs
 * to see them. Reading the trail (`audit:read`) shows every change; a personal value is shown only
 * to someone who could see it on the record itself. Each concept that records personal data in the
 * trail adds its entity type here.
 */
export type PersonalFields = Readonly<{ keys: readonly string[]; governedBy: Action }>;

export const personalFields: Readonly<Record<string, PersonalFields>> = {
  user: { keys: ['email'], governedBy: 'user:list' },
  session: { keys: ['email'], governedBy: 'user:list' },
  person: {
    keys: [
      'fullName',
      'emails',
      'phones',
      'postalAddress',
      'notes',
      'preferredLanguage',
      'accessibleFormats',
    ],
    governedBy: 'stakeholder:read',
  },
  consent: { keys: ['evidence'], governedBy: 'stakeholder:read' },
};

/** What a value the viewer may not see is shown as, on pages and in exports. */
export const hiddenValue = '(hidden)';

/** Whether the viewer may do an action: the policy, or a stand-in in tests of the rule itself. */
export type Permission = (action: Action) => boolean;

export const permissionOf =
  (actor: Actor): Permission =>
  (action) =>
    can(actor, action);

/** The keys of this entity type's values that the viewer may not see. */
export function hiddenKeys(entityType: string, permitted: Permission): ReadonlySet<string> {
  const fields = personalFields[entityType];
  if (!fields || permitted(fields.governedBy)) return new Set();
  return new Set(fields.keys);
}

/** The values with each personal one the viewer may not see replaced by `(hidden)`. */
export function redactValues(
  entityType: string,
  values: AuditValues | null,
  permitted: Permission,
): AuditValues | null {
  if (values === null) return null;
  const hidden = hiddenKeys(entityType, permitted);
  if (hidden.size === 0) return values;
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, hidden.has(key) ? hiddenValue : value]),
  );
}
