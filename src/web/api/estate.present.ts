import { z } from 'zod';
import { wardSources } from '../../db/schema/estate.ts';
import type { ProposalComparison } from '../../domain/estate/compare-proposal-versions.ts';
import type { AmpSnapshot, SiteRecord, VersionRow } from '../../domain/estate/estate.repo.ts';
import type { AmpDetail } from '../../domain/estate/get-amp.ts';
import type { ProposalDetail } from '../../domain/estate/get-proposal.ts';
import type { ProposalSummary, SiteDetail } from '../../domain/estate/get-site.ts';
import {
  type Alternative,
  changeTypes,
  type ProposalSnapshot,
  proposalStatuses,
} from '../../domain/estate/proposal.ts';
import { heritageListings, type SiteSnapshot, siteStatuses, siteTypes } from '../../domain/estate/site.ts';

/**
 * The API's view of the estate: sites, proposals (with their versions) and each borough's Asset
 * Management Plan. Every field is named here, so nothing reaches the API by accident. Money is in
 * integer pence; calendar days are YYYY-MM-DD; instants are ISO 8601 in UTC.
 */

const calendarDay = (description: string) =>
  z
    .string()
    .nullable()
    .meta({ description: `${description} (YYYY-MM-DD); null when not planned`, example: '2027-03-31' });

const instant = (description: string) =>
  z.string().meta({ description: `${description} (ISO 8601, UTC)`, example: '2026-11-22T09:00:00.000Z' });

const pence = (description: string) =>
  z
    .number()
    .int()
    .nullable()
    .meta({
      description: `${description}, in integer pence (£1 = 100; £250,000 is 25000000); null when not given`,
      example: 25_000_000,
    });

const boroughRef = z
  .object({
    gssCode: z.string().meta({ description: 'ONS GSS code', example: 'E09000022' }),
    name: z.string().meta({ example: 'Lambeth' }),
  })
  .meta({ description: 'The borough the record belongs to' });

const iso = (d: Date) => d.toISOString();

// --- Sites ------------------------------------------------------------------------------------

export const siteSchema = z
  .object({
    id: z.string().meta({ description: 'The site’s id (a UUID)' }),
    name: z.string().meta({ example: 'Kennington Road Police Station' }),
    type: z.enum(siteTypes),
    address: z.string(),
    postcode: z.string().meta({ description: 'Normalised UK postcode', example: 'SE11 4QY' }),
    borough: boroughRef,
    ward: z
      .object({
        code: z.string().meta({ description: 'ONS ward code', example: 'E05014094' }),
        name: z.string().nullable().meta({ description: 'null when the ward is not in the loaded lists' }),
        vintage: z.number().int().nullable().meta({ description: 'The year of the ward boundaries' }),
        source: z.enum(wardSources).nullable().meta({
          description: 'Chosen by a person, or found from the coordinates and the loaded boundaries',
        }),
      })
      .nullable()
      .meta({ description: 'The ward the site is in; null when not known' }),
    coordinates: z
      .object({ latitude: z.number(), longitude: z.number() })
      .nullable()
      .meta({ description: 'WGS 84 latitude and longitude; null when not recorded' }),
    publicAccess: z
      .string()
      .nullable()
      .meta({ description: 'Front counter hours or other public access; null when the public cannot visit' }),
    status: z.enum(siteStatuses),
    iconic: z.boolean().meta({ description: 'Whether the public is strongly attached to the site' }),
    iconicReason: z.string().nullable().meta({ description: 'Why the site is iconic; null when it is not' }),
    heritageListing: z.enum(heritageListings),
    version: z.number().int().meta({ description: 'The current version; every edit adds one' }),
    updatedAt: instant('When the site last changed'),
    links: z.object({ self: z.string(), page: z.string(), borough: z.string() }),
  })
  .meta({ id: 'Site' });

export type SiteJson = z.infer<typeof siteSchema>;

export function presentSite(s: SiteRecord): SiteJson {
  return {
    id: s.id,
    name: s.name,
    type: s.type,
    address: s.address,
    postcode: s.postcode,
    borough: { gssCode: s.areaCode, name: s.areaName },
    ward: s.wardCode
      ? { code: s.wardCode, name: s.wardName, vintage: s.wardVintage, source: s.wardSource }
      : null,
    coordinates:
      s.latitude !== null && s.longitude !== null ? { latitude: s.latitude, longitude: s.longitude } : null,
    publicAccess: s.publicAccess,
    status: s.status,
    iconic: s.iconic,
    iconicReason: s.iconicReason,
    heritageListing: s.heritageListing,
    version: s.version,
    updatedAt: iso(s.updatedAt),
    links: {
      self: `/api/v1/sites/${s.id}`,
      page: `/sites/${s.id}`,
      borough: `/api/v1/boroughs/${s.areaCode}`,
    },
  };
}

export const sitesSchema = z.object({ data: z.array(siteSchema) }).meta({ id: 'SiteList' });

const siteSnapshotSchema = z
  .object({
    name: z.string(),
    type: z.enum(siteTypes),
    address: z.string(),
    postcode: z.string(),
    areaCode: z.string().meta({ description: 'The borough’s GSS code' }),
    wardCode: z.string().nullable(),
    wardVintage: z.number().int().nullable(),
    wardSource: z.enum(wardSources).nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    publicAccess: z.string().nullable(),
    status: z.enum(siteStatuses),
    iconic: z.boolean(),
    iconicReason: z.string().nullable(),
    heritageListing: z.enum(heritageListings),
  })
  .meta({ id: 'SiteSnapshot', description: 'The site as it stood after this version’s edit' });

const presentSiteSnapshot = (s: SiteSnapshot): z.infer<typeof siteSnapshotSchema> => ({
  name: s.name,
  type: s.type,
  address: s.address,
  postcode: s.postcode,
  areaCode: s.areaCode,
  wardCode: s.wardCode ?? null,
  wardVintage: s.wardVintage ?? null,
  wardSource: s.wardSource ?? null,
  latitude: s.latitude ?? null,
  longitude: s.longitude ?? null,
  publicAccess: s.publicAccess ?? null,
  status: s.status,
  iconic: s.iconic,
  iconicReason: s.iconicReason ?? null,
  heritageListing: s.heritageListing,
});

const versionFields = {
  version: z.number().int().meta({ description: 'Version number: 1 is the record as first created' }),
  changedAt: instant('When this version was made'),
  changedBy: z.string().meta({ description: 'Who made it, as recorded at the time' }),
  note: z.string().nullable().meta({ description: 'The note given with the change, if any' }),
};

const presentVersionFields = <S>(v: VersionRow<S>) => ({
  version: v.version,
  changedAt: iso(v.changedAt),
  changedBy: v.changedBy,
  note: v.note,
});

const siteVersionSchema = z
  .object({ ...versionFields, snapshot: siteSnapshotSchema })
  .meta({ id: 'SiteVersion' });

// --- Proposals --------------------------------------------------------------------------------

const milestoneFields = {
  engagementStart: calendarDay('When engagement starts'),
  decisionDue: calendarDay('When the decision is due'),
  implementationDate: calendarDay('When the change is implemented'),
  disposalDate: calendarDay('When the site is disposed of'),
};

export const proposalSchema = z
  .object({
    id: z.string().meta({ description: 'The proposal’s id (a UUID)' }),
    title: z.string(),
    changeType: z.enum(changeTypes),
    summary: z.string(),
    status: z.enum(proposalStatuses).meta({
      description:
        'draft → published (for engagement) → proceed, modified or withdrawn (decided) → implemented',
    }),
    site: z.object({
      id: z.string(),
      name: z.string(),
      type: z.enum(siteTypes),
      iconic: z.boolean(),
      wardCode: z.string().nullable(),
    }),
    borough: boroughRef,
    ...milestoneFields,
    imminent: z.boolean().meta({
      description:
        'A disposal planned from today (London time) to the end of the imminence window (12 months unless set otherwise), on a proposal that is neither withdrawn nor implemented',
    }),
    version: z.number().int().meta({ description: 'The current version; every edit adds one' }),
    updatedAt: instant('When the proposal last changed'),
    links: z.object({ self: z.string(), page: z.string(), site: z.string(), versions: z.string() }),
  })
  .meta({ id: 'Proposal' });

export type ProposalJson = z.infer<typeof proposalSchema>;

export function presentProposal(p: ProposalSummary): ProposalJson {
  return {
    id: p.id,
    title: p.title,
    changeType: p.changeType,
    summary: p.summary,
    status: p.status,
    site: { id: p.siteId, name: p.siteName, type: p.siteType, iconic: p.siteIconic, wardCode: p.wardCode },
    borough: { gssCode: p.areaCode, name: p.areaName },
    engagementStart: p.engagementStart,
    decisionDue: p.decisionDue,
    implementationDate: p.implementationDate,
    disposalDate: p.disposalDate,
    imminent: p.imminent,
    version: p.version,
    updatedAt: iso(p.updatedAt),
    links: {
      self: `/api/v1/proposals/${p.id}`,
      page: `/proposals/${p.id}`,
      site: `/api/v1/sites/${p.siteId}`,
      versions: `/api/v1/proposals/${p.id}/versions/compare`,
    },
  };
}

export const proposalsSchema = z.object({ data: z.array(proposalSchema) }).meta({ id: 'ProposalList' });

const alternativeSchema = z
  .object({
    description: z.string(),
    assessment: z.string().nullable().meta({ description: 'How the alternative was assessed' }),
    criteria: z.string().nullable().meta({ description: 'The criteria it was judged against' }),
    costPence: pence('One-off cost'),
    savingPence: pence('Yearly saving'),
  })
  .meta({
    id: 'Alternative',
    description:
      'An alternative considered instead of the proposal. Money is in integer pence: divide by 100 for pounds.',
  });

const presentAlternative = (a: Alternative): z.infer<typeof alternativeSchema> => ({
  description: a.description,
  assessment: a.assessment ?? null,
  criteria: a.criteria ?? null,
  costPence: a.costPence ?? null,
  savingPence: a.savingPence ?? null,
});

const proposalSnapshotSchema = z
  .object({
    siteId: z.string(),
    changeType: z.enum(changeTypes),
    title: z.string(),
    summary: z.string(),
    reasons: z.string(),
    alternatives: z.array(alternativeSchema),
    replacementProvision: z.string().nullable(),
    ...milestoneFields,
    status: z.enum(proposalStatuses),
  })
  .meta({ id: 'ProposalSnapshot', description: 'The proposal as it stood after this version’s edit' });

const presentProposalSnapshot = (s: ProposalSnapshot): z.infer<typeof proposalSnapshotSchema> => ({
  siteId: s.siteId,
  changeType: s.changeType,
  title: s.title,
  summary: s.summary,
  reasons: s.reasons,
  alternatives: s.alternatives.map(presentAlternative),
  replacementProvision: s.replacementProvision ?? null,
  engagementStart: s.engagementStart ?? null,
  decisionDue: s.decisionDue ?? null,
  implementationDate: s.implementationDate ?? null,
  disposalDate: s.disposalDate ?? null,
  status: s.status,
});

const proposalVersionSchema = z
  .object({ ...versionFields, snapshot: proposalSnapshotSchema })
  .meta({ id: 'ProposalVersion' });

const presentProposalVersion = (v: VersionRow<ProposalSnapshot>): z.infer<typeof proposalVersionSchema> => ({
  ...presentVersionFields(v),
  snapshot: presentProposalSnapshot(v.snapshot),
});

export const proposalDetailSchema = z
  .object({
    data: proposalSchema.extend({
      reasons: z.string(),
      alternatives: z.array(alternativeSchema).meta({
        description: 'The alternatives considered, each with its assessment, criteria and money in pence',
      }),
      replacementProvision: z
        .string()
        .nullable()
        .meta({ description: 'What replaces the service the change takes away' }),
      createdAt: instant('When the proposal was first recorded'),
      versions: z
        .array(proposalVersionSchema)
        .meta({ description: 'Every version, newest first: the evidence of how the proposal changed' }),
    }),
  })
  .meta({ id: 'ProposalDetail' });

export function presentProposalDetail(d: ProposalDetail): z.infer<typeof proposalDetailSchema> {
  const p = d.proposal;
  return {
    data: {
      ...presentProposal(p),
      reasons: p.reasons,
      alternatives: p.alternatives.map(presentAlternative),
      replacementProvision: p.replacementProvision,
      createdAt: iso(p.createdAt),
      versions: d.versions.map(presentProposalVersion),
    },
  };
}

export const siteDetailSchema = z
  .object({
    data: siteSchema.extend({
      createdAt: instant('When the site was first recorded'),
      versions: z
        .array(siteVersionSchema)
        .meta({ description: 'The site’s history: every version, newest first' }),
      proposals: z.array(proposalSchema).meta({ description: 'The proposals for the site' }),
    }),
  })
  .meta({ id: 'SiteDetail' });

export function presentSiteDetail(d: SiteDetail): z.infer<typeof siteDetailSchema> {
  return {
    data: {
      ...presentSite(d.site),
      createdAt: iso(d.site.createdAt),
      versions: d.versions.map((v) => ({
        ...presentVersionFields(v),
        snapshot: presentSiteSnapshot(v.snapshot),
      })),
      proposals: d.proposals.map(presentProposal),
    },
  };
}

// --- Comparing versions -----------------------------------------------------------------------

const versionRefSchema = z.object(versionFields);

export const comparisonSchema = z
  .object({
    data: z.object({
      proposalId: z.string(),
      title: z.string().meta({ description: 'The proposal’s current title' }),
      from: versionRefSchema,
      to: versionRefSchema,
      fields: z
        .array(
          z.object({
            field: z
              .string()
              .meta({ description: 'The field’s name in the snapshot', example: 'disposalDate' }),
            label: z.string().meta({ example: 'Disposal' }),
            before: z.unknown().meta({ description: 'The value in the `from` version (money in pence)' }),
            after: z.unknown().meta({ description: 'The value in the `to` version (money in pence)' }),
            changed: z.boolean(),
          }),
        )
        .meta({ description: 'Every field of the proposal, in order, with what changed marked' }),
      versions: z
        .array(z.number().int())
        .meta({ description: 'All the proposal’s version numbers, oldest first' }),
    }),
  })
  .meta({ id: 'ProposalComparison' });

export function presentComparison(c: ProposalComparison): z.infer<typeof comparisonSchema> {
  return {
    data: {
      proposalId: c.proposalId,
      title: c.title,
      from: presentVersionFields(c.from),
      to: presentVersionFields(c.to),
      fields: c.fields.map((f) => ({
        field: f.field,
        label: f.label,
        before: f.field === 'alternatives' ? presentAlternatives(f.before) : f.before,
        after: f.field === 'alternatives' ? presentAlternatives(f.after) : f.after,
        changed: f.changed,
      })),
      versions: [...c.versions],
    },
  };
}

const presentAlternatives = (value: unknown) =>
  Array.isArray(value) ? (value as Alternative[]).map(presentAlternative) : value;

// --- Asset Management Plans -------------------------------------------------------------------

const ampSnapshotSchema = z
  .object({
    status: z.enum(['draft', 'final']),
    agreedOn: calendarDay('The day the AMP was agreed'),
    proposals: z
      .array(
        z.object({
          id: z.string(),
          title: z.string(),
          version: z.number().int().meta({ description: 'The version the proposal stood at' }),
          status: z.string(),
        }),
      )
      .meta({ description: 'The proposals the AMP held, each at its version then' }),
  })
  .meta({ id: 'AmpSnapshot' });

const presentAmpSnapshot = (s: AmpSnapshot): z.infer<typeof ampSnapshotSchema> => ({
  status: s.status,
  agreedOn: s.agreedOn,
  proposals: s.proposals.map((p) => ({ id: p.id, title: p.title, version: p.version, status: p.status })),
});

export const ampSchema = z
  .object({
    data: z.object({
      borough: boroughRef,
      status: z.enum(['draft', 'final']).meta({
        description: 'Draft until agreed; once final, changes need a programme lead and add a version',
      }),
      agreedOn: calendarDay('The day the AMP was agreed as final'),
      version: z.number().int().meta({ description: 'The AMP’s version; 0 while it has never been agreed' }),
      proposals: z.array(proposalSchema).meta({ description: 'The borough’s proposals now' }),
      versions: z
        .array(z.object({ ...versionFields, snapshot: ampSnapshotSchema }))
        .meta({ description: 'Every version of the AMP, newest first' }),
      links: z.object({ self: z.string(), page: z.string(), borough: z.string() }),
    }),
  })
  .meta({ id: 'Amp' });

export function presentAmp(a: AmpDetail): z.infer<typeof ampSchema> {
  const code = a.area.gssCode;
  return {
    data: {
      borough: { gssCode: code, name: a.area.name },
      status: a.status,
      agreedOn: a.agreedOn,
      version: a.version,
      proposals: a.proposals.map(presentProposal),
      versions: a.versions.map((v) => ({
        ...presentVersionFields(v),
        snapshot: presentAmpSnapshot(v.snapshot),
      })),
      links: {
        self: `/api/v1/boroughs/${code}/amp`,
        page: `/boroughs/${code}/amp`,
        borough: `/api/v1/boroughs/${code}`,
      },
    },
  };
}
