import type { ProposalComparison } from '../../../domain/estate/compare-proposal-versions.ts';
import type { ProposalRecord, SiteRecord } from '../../../domain/estate/estate.repo.ts';
import type { AmpDetail } from '../../../domain/estate/get-amp.ts';
import type { ProposalDetail } from '../../../domain/estate/get-proposal.ts';
import type { ProposalSummary, SiteDetail } from '../../../domain/estate/get-site.ts';
import {
  type Alternative,
  type ChangeType,
  changeTypeNames,
  changeTypes,
  compareSnapshots,
  milestoneNames,
  milestones,
  nextStatuses,
  type ProposalSnapshot,
  type ProposalStatus,
  proposalStatusNames,
  startingStatuses,
} from '../../../domain/estate/proposal.ts';
import {
  heritageListingNames,
  heritageListings,
  type SiteSnapshot,
  siteFieldNames,
  siteStatuses,
  siteStatusNames,
  siteTypeNames,
  siteTypes,
} from '../../../domain/estate/site.ts';
import { alternativeBlocks, type ProposalForm, type SiteForm } from './estate.forms.ts';

/** Staff presenters for sites, proposals and AMPs: every field a page shows is named here. */

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** A calendar day (YYYY-MM-DD) as "3 March 2027"; empty when there is none. */
export const showDay = (day: string | null | undefined): string =>
  day ? longDate.format(new Date(`${day}T00:00:00Z`)) : '';

/** Pence as pounds: "£1,250,000" or "£1,250.50". */
export const showPounds = (pence: number | null | undefined): string =>
  pence === null || pence === undefined
    ? ''
    : `£${(pence / 100).toLocaleString('en-GB', {
        minimumFractionDigits: pence % 100 === 0 ? 0 : 2,
        maximumFractionDigits: 2,
      })}`;

export function presentSiteRow(s: SiteRecord) {
  return {
    id: s.id,
    href: `/sites/${s.id}`,
    name: s.name,
    type: siteTypeNames[s.type],
    status: siteStatusNames[s.status],
    statusTag:
      s.status === 'operational'
        ? 'govuk-tag--green'
        : s.status === 'closed'
          ? 'govuk-tag--grey'
          : 'govuk-tag--yellow',
    postcode: s.postcode,
    ward: s.wardName ?? '',
    iconic: s.iconic,
    areaName: s.areaName,
    areaHref: `/boroughs/${s.areaCode}`,
  };
}

export function presentProposalRow(p: ProposalSummary) {
  return {
    id: p.id,
    href: `/proposals/${p.id}`,
    title: p.title,
    change: changeTypeNames[p.changeType],
    status: proposalStatusNames[p.status],
    statusTag: proposalStatusTag(p.status),
    siteName: p.siteName,
    siteHref: `/sites/${p.siteId}`,
    areaName: p.areaName,
    imminent: p.imminent,
    iconic: p.siteIconic,
    disposalDate: showDay(p.disposalDate),
    engagementStart: showDay(p.engagementStart),
    decisionDue: showDay(p.decisionDue),
    version: p.version,
  };
}

export function proposalStatusTag(status: ProposalSummary['status']): string {
  switch (status) {
    case 'draft':
      return 'govuk-tag--grey';
    case 'published':
      return 'govuk-tag--blue';
    case 'proceed':
    case 'implemented':
      return 'govuk-tag--green';
    case 'modified':
      return 'govuk-tag--yellow';
    case 'withdrawn':
      return 'govuk-tag--red';
  }
}

export function presentAmpStatus(amp: Pick<AmpDetail, 'status' | 'agreedOn' | 'version'>) {
  return amp.status === 'final'
    ? {
        text: `Final, agreed ${showDay(amp.agreedOn)}`,
        tag: 'govuk-tag--green',
        final: true,
        version: amp.version,
      }
    : { text: 'Draft', tag: 'govuk-tag--grey', final: false, version: amp.version };
}

/** The estate section of a borough's page. */
export function presentBoroughEstate(
  sites: readonly SiteRecord[],
  amp: AmpDetail,
  options: { canEdit: boolean },
) {
  const code = amp.area.gssCode;
  return {
    sites: sites.map(presentSiteRow),
    proposals: amp.proposals.map(presentProposalRow),
    imminent: amp.proposals.filter((p) => p.imminent).length,
    amp: presentAmpStatus(amp),
    links: {
      sites: `/boroughs/${code}/sites`,
      amp: `/boroughs/${code}/amp`,
      timetable: `/boroughs/${code}/timetable`,
      newSite: `/sites/new?borough=${code}`,
    },
    canEdit: options.canEdit,
  };
}

// --- Sites ------------------------------------------------------------------------------------

const option = (value: string, text: string, selected: string | undefined) => ({
  value,
  text,
  selected: value === selected,
});

/** The choices of the site form: types, statuses, listings, boroughs and the borough's wards. */
export function presentSiteFormChoices(
  values: Partial<SiteForm>,
  choices: {
    areas: readonly { gssCode: string; name: string }[];
    wards: readonly { code: string; name: string }[];
    wardVintage: number | undefined;
  },
) {
  return {
    values,
    typeItems: siteTypes.map((t) => ({ value: t, text: siteTypeNames[t], checked: values.type === t })),
    statusItems: siteStatuses.map((s) => ({
      value: s,
      text: siteStatusNames[s],
      checked: (values.status || 'operational') === s,
    })),
    heritageItems: heritageListings.map((h) =>
      option(h, heritageListingNames[h], values.heritageListing || 'none'),
    ),
    areaItems: [
      { value: '', text: 'Choose a borough', selected: !values.areaCode },
      ...choices.areas.map((a) => option(a.gssCode, a.name, values.areaCode)),
    ],
    wardItems: [
      {
        value: '',
        text: choices.wards.length ? 'Not chosen' : 'No wards loaded for this borough',
        selected: !values.wardCode,
      },
      ...choices.wards.map((w) => option(w.code, w.name, values.wardCode)),
    ],
    wardVintage: choices.wardVintage,
    iconicChecked: values.iconic === 'yes',
  };
}

/** A site's current values as the form shows them. */
export function siteFormValues(s: SiteRecord): SiteForm {
  return {
    name: s.name,
    type: s.type,
    address: s.address,
    postcode: s.postcode,
    areaCode: s.areaCode,
    wardCode: s.wardSource === 'chosen' ? (s.wardCode ?? '') : '',
    latitude: s.latitude === null ? '' : String(s.latitude),
    longitude: s.longitude === null ? '' : String(s.longitude),
    publicAccess: s.publicAccess ?? '',
    status: s.status,
    iconic: s.iconic ? 'yes' : '',
    iconicReason: s.iconicReason ?? '',
    heritageListing: s.heritageListing,
    note: '',
    expectedVersion: String(s.version),
  };
}

const showSiteValue = (field: keyof SiteSnapshot, value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  switch (field) {
    case 'type':
      return siteTypeNames[value as SiteSnapshot['type']];
    case 'status':
      return siteStatusNames[value as SiteSnapshot['status']];
    case 'heritageListing':
      return heritageListingNames[value as SiteSnapshot['heritageListing']];
    case 'iconic':
      return value ? 'Yes' : 'No';
    case 'wardSource':
      return value === 'coordinates' ? 'Found from the coordinates' : 'Chosen';
    default:
      return String(value);
  }
};

/** A site's page: its details, its proposals and its history, each version with what it changed. */
export function presentSite(detail: SiteDetail) {
  const s = detail.site;
  const oldestFirst = [...detail.versions].reverse();
  const history = oldestFirst
    .map((v, i) => {
      const previous = oldestFirst[i - 1];
      const changes = previous
        ? compareSnapshots(siteFieldNames, previous.snapshot, v.snapshot)
            .filter((c) => c.changed)
            .map((c) => ({
              label: c.label,
              before: showSiteValue(c.field, c.before),
              after: showSiteValue(c.field, c.after),
            }))
        : [];
      return {
        version: v.version,
        changedAt: v.changedAt,
        changedBy: v.changedBy,
        note: v.note,
        created: !previous,
        changes,
      };
    })
    .reverse();
  return {
    site: {
      ...presentSiteRow(s),
      address: s.address,
      ward: s.wardName
        ? `${s.wardName}${s.wardSource === 'coordinates' ? ' (found from the coordinates)' : ''}`
        : 'Not known',
      coordinates: s.latitude === null ? 'Not recorded' : `${s.latitude}, ${s.longitude}`,
      publicAccess: s.publicAccess ?? 'No public access recorded',
      iconicReason: s.iconicReason,
      heritage: heritageListingNames[s.heritageListing],
      version: s.version,
      editHref: `/sites/${s.id}/edit`,
      newProposalHref: `/sites/${s.id}/proposals/new`,
    },
    proposals: detail.proposals.map(presentProposalRow),
    history,
    canEdit: detail.mayEditSite,
    canAddProposal: detail.mayChangeProposals,
    ampLocked: detail.ampFinal && detail.mayEditSite && !detail.mayChangeProposals,
    ampHref: `/boroughs/${s.areaCode}/amp`,
  };
}

// --- Proposals --------------------------------------------------------------------------------

const poundsText = (pence: number | null) =>
  pence === null ? '' : (pence / 100).toFixed(pence % 100 === 0 ? 0 : 2);

/** A proposal's current values as the form shows them. */
export function proposalFormValues(p: ProposalRecord): ProposalForm {
  return {
    changeType: p.changeType,
    title: p.title,
    summary: p.summary,
    reasons: p.reasons,
    replacementProvision: p.replacementProvision ?? '',
    engagementStart: p.engagementStart ?? '',
    decisionDue: p.decisionDue ?? '',
    implementationDate: p.implementationDate ?? '',
    disposalDate: p.disposalDate ?? '',
    status: p.status,
    note: '',
    expectedVersion: String(p.version),
    alternatives: p.alternatives.map((a) => ({
      description: a.description,
      assessment: a.assessment ?? '',
      criteria: a.criteria ?? '',
      cost: poundsText(a.costPence),
      saving: poundsText(a.savingPence),
    })),
  };
}

/** The choices of the proposal form; the status offers only where the proposal may go next. */
export function presentProposalFormChoices(
  values: Partial<ProposalForm>,
  currentStatus: ProposalStatus | undefined,
) {
  const statuses = currentStatus ? [currentStatus, ...nextStatuses[currentStatus]] : startingStatuses;
  return {
    values,
    changeTypeItems: changeTypes.map((c) => ({
      value: c,
      text: changeTypeNames[c],
      checked: values.changeType === c,
    })),
    statusItems: statuses.map((s) =>
      option(s, proposalStatusNames[s], values.status || currentStatus || 'draft'),
    ),
    alternatives: alternativeBlocks({ alternatives: values.alternatives ?? [] }),
  };
}

const showProposalValue = (field: keyof ProposalSnapshot, value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  switch (field) {
    case 'changeType':
      return changeTypeNames[value as ChangeType];
    case 'status':
      return proposalStatusNames[value as ProposalStatus];
    case 'engagementStart':
    case 'decisionDue':
    case 'implementationDate':
    case 'disposalDate':
      return showDay(value as string);
    case 'alternatives':
      return (value as Alternative[]).length === 0
        ? 'None recorded'
        : (value as Alternative[])
            .map(
              (a, i) =>
                `${i + 1}. ${a.description}${a.assessment ? ` — assessed: ${a.assessment}` : ''}${a.criteria ? ` — criteria: ${a.criteria}` : ''}${a.costPence !== null ? ` — cost ${showPounds(a.costPence)}` : ''}${a.savingPence !== null ? ` — saving ${showPounds(a.savingPence)} a year` : ''}`,
            )
            .join('\n');
    default:
      return String(value);
  }
};

export function presentAlternative(a: Alternative, i: number) {
  return {
    heading: `Alternative ${i + 1}`,
    description: a.description,
    assessment: a.assessment ?? 'Not recorded',
    criteria: a.criteria ?? 'Not recorded',
    cost: a.costPence === null ? 'Not recorded' : showPounds(a.costPence),
    saving: a.savingPence === null ? 'Not recorded' : `${showPounds(a.savingPence)} a year`,
  };
}

/** A proposal's page: every field, whether it is imminent, and its versions with a comparison form. */
export function presentProposal(detail: ProposalDetail, options: { mayEditEstate: boolean }) {
  const p = detail.proposal;
  const versions = detail.versions.map((v) => ({
    version: v.version,
    changedAt: v.changedAt,
    changedBy: v.changedBy,
    note: v.note,
    status: proposalStatusNames[v.snapshot.status],
  }));
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  return {
    proposal: {
      ...presentProposalRow(p),
      summary: p.summary,
      reasons: p.reasons,
      replacementProvision: p.replacementProvision ?? 'None recorded',
      alternatives: p.alternatives.map(presentAlternative),
      dateRows: milestones.map((m) => ({
        key: { text: milestoneNames[m] },
        value: { text: showDay(p[m]) || 'Not set' },
      })),
      areaHref: `/boroughs/${p.areaCode}`,
      ampHref: `/boroughs/${p.areaCode}/amp`,
      editHref: `/proposals/${p.id}/edit`,
      compareHref: `/proposals/${p.id}/compare`,
      imminentText: `Disposal within ${detail.imminentMonths} months`,
    },
    versions,
    compare: {
      fromItems: numbers.map((n) => option(String(n), `Version ${n}`, String(numbers[0]))),
      toItems: numbers.map((n) => option(String(n), `Version ${n}`, String(numbers.at(-1)))),
      possible: numbers.length > 1,
    },
    canEdit: detail.mayChange,
    ampLocked: detail.ampFinal && options.mayEditEstate && !detail.mayChange,
  };
}

/** Two versions side by side; changed rows are marked in words as well as by style. */
export function presentComparison(c: ProposalComparison) {
  const numbers = [...c.versions];
  return {
    title: c.title,
    proposalHref: `/proposals/${c.proposalId}`,
    from: {
      version: c.from.version,
      changedAt: c.from.changedAt,
      changedBy: c.from.changedBy,
      note: c.from.note,
    },
    to: { version: c.to.version, changedAt: c.to.changedAt, changedBy: c.to.changedBy, note: c.to.note },
    rows: c.fields
      .filter((f) => f.field !== 'siteId')
      .map((f) => ({
        label: f.label,
        before: showProposalValue(f.field, f.before),
        after: showProposalValue(f.field, f.after),
        changed: f.changed,
      })),
    changedCount: c.fields.filter((f) => f.changed).length,
    fromItems: numbers.map((n) => option(String(n), `Version ${n}`, String(c.from.version))),
    toItems: numbers.map((n) => option(String(n), `Version ${n}`, String(c.to.version))),
  };
}

// --- AMP ----------------------------------------------------------------------------------------

export function presentAmp(amp: AmpDetail, options: { canAgree: boolean; today: string }) {
  return {
    area: { name: amp.area.name, href: `/boroughs/${amp.area.gssCode}`, gssCode: amp.area.gssCode },
    status: presentAmpStatus(amp),
    proposals: amp.proposals.map(presentProposalRow),
    versions: amp.versions.map((v) => ({
      version: v.version,
      changedAt: v.changedAt,
      changedBy: v.changedBy,
      note: v.note,
      status: v.snapshot.status === 'final' ? `Final, agreed ${showDay(v.snapshot.agreedOn)}` : 'Draft',
      proposals: v.snapshot.proposals.map((p) => `${p.title} (version ${p.version})`),
    })),
    canAgree: options.canAgree,
    today: options.today,
    agreeAction: `/boroughs/${amp.area.gssCode}/amp/agree`,
  };
}
