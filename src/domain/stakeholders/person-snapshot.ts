import type { PersonDetails } from './people.repo.ts';

/** A person's details as the audit trail records them (personal values are hidden from viewers who may not see them). */
export const personSnapshot = (d: PersonDetails) => ({
  fullName: d.fullName,
  emails: d.emails.map((e) => e.value),
  phones: d.phones.map((p) => p.value),
  postalAddress: d.postalAddress,
  preferredLanguage: d.preferredLanguage,
  accessibleFormats: d.accessibleFormats,
  notes: d.notes,
  lastVerifiedOn: d.lastVerifiedOn,
  influence: d.influence,
  interest: d.interest,
  lawfulBasis: d.lawfulBasis,
  reviewOn: d.reviewOn,
  roleIds: d.roleIds,
  places: d.places.map((p) => `${p.kind}:${p.code}${p.vintage ? `/${p.vintage}` : ''}`),
  ...(d.memberships === undefined
    ? {}
    : {
        memberships: d.memberships.map((m) =>
          [m.organisationId, m.position ?? '', m.startedOn ?? '', m.endedOn ?? ''].join(' '),
        ),
      }),
});
