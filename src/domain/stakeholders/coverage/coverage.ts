import { isStale, requiredRoles } from '../person.ts';

/**
 * The coverage check: does a borough's stakeholder database hold the people the strategy says must
 * be engaged? Computed from the records each time it is read, never ticked. Pure: the facts come
 * in (the borough's constituencies and imminent disposals, and the people who might meet each
 * requirement), the requirements met and the gaps come out.
 *
 * Required: the Leader of the Council or the lead member for community safety; the MP of every
 * constituency covering part of the borough; the authority's link member; the Borough Commander;
 * the Safer Neighbourhood Board chair; the ward panel chair of each ward with an imminent disposal;
 * at least one local media editor. Contacts not verified for 12 months are listed as stale.
 */

export type CoveragePerson = Readonly<{
  id: string;
  fullName: string;
  lastVerifiedOn: string | null;
  roleIds: readonly string[];
  /** Whether the borough is among the person's boroughs (derived from their places). */
  inBorough: boolean;
  /** The codes of the wards and constituencies among the person's places. */
  placeCodes: readonly string[];
}>;

export type ImminentDisposal = Readonly<{
  siteId: string;
  siteName: string;
  /** The site's ward, or null when it is not known. */
  wardCode: string | null;
  wardName: string | null;
  disposalDate: string;
}>;

export type CoverageFacts = Readonly<{
  areaName: string;
  /** Today, a London day: contacts last verified 12 months or more before it are stale. */
  today: string;
  /** Whether any constituency boundaries are loaded (without them the MPs cannot be checked). */
  constituenciesLoaded: boolean;
  /** The constituencies covering part of the borough, in the boundaries in use. */
  constituencies: readonly Readonly<{ code: string; name: string }>[];
  imminentDisposals: readonly ImminentDisposal[];
  /** The borough's people, and the MPs and ward panel chairs of its places; none erased. */
  people: readonly CoveragePerson[];
}>;

export type RequirementKind =
  | 'leader'
  | 'mp'
  | 'constituencies-unknown'
  | 'link-member'
  | 'borough-commander'
  | 'snb-chair'
  | 'ward-panel-chair'
  | 'site-ward-unknown'
  | 'media-editor';

/** What closes a gap: add a person with a role (for a place), choose a site's ward, or load boundaries. */
export type GapAction =
  | Readonly<{ kind: 'add-person'; roleId: string; placeCode: string | null }>
  | Readonly<{ kind: 'choose-site-ward'; siteId: string }>
  | Readonly<{ kind: 'load-constituencies' }>;

export type Holder = Readonly<{ id: string; fullName: string; stale: boolean }>;

export type Requirement = Readonly<{
  /** Stable within a borough: "leader", "mp:E14001234", "ward-panel-chair:E05014096". */
  key: string;
  kind: RequirementKind;
  /** What is required, in words: "MP for Vauxhall and Camberwell Green". */
  label: string;
  /** Why it cannot be checked or met as it stands, when that needs saying. */
  reason: string | null;
  /** For a ward panel chair: the imminent disposals in the ward, soonest first. */
  disposals: readonly Readonly<{ siteId: string; siteName: string; disposalDate: string }>[];
  met: boolean;
  /** Who meets it, by name. */
  holders: readonly Holder[];
  /** For a gap: what to do, in words ("Add the MP for Vauxhall and Camberwell Green"), and how. */
  gap: Readonly<{ text: string; action: GapAction }> | null;
}>;

export type Coverage = Readonly<{
  requirements: readonly Requirement[];
  met: number;
  total: number;
  /** The borough's contacts not verified for 12 months (or never), by name. */
  stale: readonly Readonly<{ id: string; fullName: string; lastVerifiedOn: string | null }>[];
}>;

const byName = <T extends { fullName: string }>(a: T, b: T) =>
  a.fullName.localeCompare(b.fullName, 'en-GB') || 0;

/** A requirement met by whoever the test picks out, or a gap saying what to add. */
function requirement(
  facts: CoverageFacts,
  spec: {
    key: string;
    kind: RequirementKind;
    label: string;
    reason?: string | null;
    disposals?: readonly ImminentDisposal[];
    holds: (p: CoveragePerson) => boolean;
    gap: string;
    action: GapAction;
  },
): Requirement {
  const holders = facts.people
    .filter(spec.holds)
    .map((p) => ({ id: p.id, fullName: p.fullName, stale: isStale(p.lastVerifiedOn, facts.today) }))
    .sort(byName);
  const met = holders.length > 0;
  return {
    key: spec.key,
    kind: spec.kind,
    label: spec.label,
    reason: spec.reason ?? null,
    disposals: (spec.disposals ?? []).map(disposalOf),
    met,
    holders,
    gap: met ? null : { text: spec.gap, action: spec.action },
  };
}

const disposalOf = (d: ImminentDisposal) => ({
  siteId: d.siteId,
  siteName: d.siteName,
  disposalDate: d.disposalDate,
});

const has = (p: CoveragePerson, ...roles: readonly string[]) => roles.some((r) => p.roleIds.includes(r));

/** Whether the borough's stakeholder database holds each required role, and who is stale. */
export function evaluateCoverage(facts: CoverageFacts): Coverage {
  const { areaName } = facts;
  const addRole = (roleId: string, placeCode: string | null = null): GapAction => ({
    kind: 'add-person',
    roleId,
    placeCode,
  });
  const requirements: Requirement[] = [];

  requirements.push(
    requirement(facts, {
      key: 'leader',
      kind: 'leader',
      label: 'The Leader of the Council or the lead member for community safety',
      holds: (p) => p.inBorough && has(p, requiredRoles.leader, requiredRoles.leadMember),
      gap: `Add the Leader of ${areaName} Council or its lead member for community safety`,
      action: addRole(requiredRoles.leader),
    }),
  );

  if (!facts.constituenciesLoaded) {
    requirements.push({
      key: 'constituencies-unknown',
      kind: 'constituencies-unknown',
      label: 'The MP of every constituency covering part of the borough',
      reason: `No constituency boundaries are loaded, so the MPs for ${areaName} cannot be checked`,
      disposals: [],
      met: false,
      holders: [],
      gap: {
        text: 'Ask an administrator to load the constituencies and the lookup to the boroughs',
        action: { kind: 'load-constituencies' },
      },
    });
  } else if (facts.constituencies.length === 0) {
    requirements.push({
      key: 'constituencies-unknown',
      kind: 'constituencies-unknown',
      label: 'The MP of every constituency covering part of the borough',
      reason: `The constituencies loaded do not say which cover ${areaName}, so its MPs cannot be checked`,
      disposals: [],
      met: false,
      holders: [],
      gap: {
        text: 'Ask an administrator to load the ward-to-constituency lookup or the overlap table',
        action: { kind: 'load-constituencies' },
      },
    });
  }
  for (const c of [...facts.constituencies].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))) {
    requirements.push(
      requirement(facts, {
        key: `mp:${c.code}`,
        kind: 'mp',
        label: `MP for ${c.name}`,
        holds: (p) => has(p, requiredRoles.mp) && p.placeCodes.includes(c.code),
        gap: `Add the MP for ${c.name}`,
        action: addRole(requiredRoles.mp, c.code),
      }),
    );
  }

  requirements.push(
    requirement(facts, {
      key: 'link-member',
      kind: 'link-member',
      label: 'The authority’s link member',
      holds: (p) => p.inBorough && has(p, requiredRoles.linkMember),
      gap: `Add the authority’s link member for ${areaName}`,
      action: addRole(requiredRoles.linkMember),
    }),
    requirement(facts, {
      key: 'borough-commander',
      kind: 'borough-commander',
      label: 'The Borough Commander',
      holds: (p) => p.inBorough && has(p, requiredRoles.boroughCommander),
      gap: `Add the Borough Commander for ${areaName}`,
      action: addRole(requiredRoles.boroughCommander),
    }),
    requirement(facts, {
      key: 'snb-chair',
      kind: 'snb-chair',
      label: 'The chair of the Safer Neighbourhood Board',
      holds: (p) => p.inBorough && has(p, requiredRoles.snbChair),
      gap: `Add the chair of ${areaName}’s Safer Neighbourhood Board`,
      action: addRole(requiredRoles.snbChair),
    }),
  );

  const wards = new Map<string, { name: string; disposals: ImminentDisposal[] }>();
  const unplaced: ImminentDisposal[] = [];
  for (const d of facts.imminentDisposals) {
    if (d.wardCode === null) {
      if (!unplaced.some((u) => u.siteId === d.siteId)) unplaced.push(d);
      continue;
    }
    const ward = wards.get(d.wardCode) ?? { name: d.wardName ?? d.wardCode, disposals: [] };
    ward.disposals.push(d);
    wards.set(d.wardCode, ward);
  }
  const soonestFirst = (ds: readonly ImminentDisposal[]) =>
    [...new Map(ds.map((d) => [d.siteId, d])).values()].sort(
      (a, b) => a.disposalDate.localeCompare(b.disposalDate) || a.siteName.localeCompare(b.siteName),
    );
  for (const [code, ward] of [...wards].sort((a, b) => a[1].name.localeCompare(b[1].name, 'en-GB'))) {
    requirements.push(
      requirement(facts, {
        key: `ward-panel-chair:${code}`,
        kind: 'ward-panel-chair',
        label: `Ward panel chair for ${ward.name}`,
        disposals: soonestFirst(ward.disposals),
        holds: (p) => has(p, requiredRoles.wardPanelChair) && p.placeCodes.includes(code),
        gap: `Add the ward panel chair for ${ward.name}`,
        action: addRole(requiredRoles.wardPanelChair, code),
      }),
    );
  }
  for (const d of [...unplaced].sort((a, b) => a.siteName.localeCompare(b.siteName, 'en-GB'))) {
    requirements.push({
      key: `site-ward-unknown:${d.siteId}`,
      kind: 'site-ward-unknown',
      label: `Ward panel chair for the ward of ${d.siteName}`,
      reason: 'The site’s ward is not recorded',
      disposals: [disposalOf(d)],
      met: false,
      holders: [],
      gap: {
        text: `Choose the ward of ${d.siteName}, so its ward panel chair can be checked`,
        action: { kind: 'choose-site-ward', siteId: d.siteId },
      },
    });
  }

  requirements.push(
    requirement(facts, {
      key: 'media-editor',
      kind: 'media-editor',
      label: 'At least one local media editor',
      holds: (p) => p.inBorough && has(p, requiredRoles.mediaEditor),
      gap: `Add a local media editor covering ${areaName}`,
      action: addRole(requiredRoles.mediaEditor),
    }),
  );

  const stale = facts.people
    .filter((p) => p.inBorough && isStale(p.lastVerifiedOn, facts.today))
    .map((p) => ({ id: p.id, fullName: p.fullName, lastVerifiedOn: p.lastVerifiedOn }))
    .sort(byName);

  return {
    requirements,
    met: requirements.filter((r) => r.met).length,
    total: requirements.length,
    stale,
  };
}
