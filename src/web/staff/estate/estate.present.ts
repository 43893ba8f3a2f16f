import type { SiteRecord } from '../../../domain/estate/estate.repo.ts';
import type { AmpDetail } from '../../../domain/estate/get-amp.ts';
import type { ProposalSummary } from '../../../domain/estate/get-site.ts';
import { changeTypeNames, proposalStatusNames } from '../../../domain/estate/proposal.ts';
import { siteStatusNames, siteTypeNames } from '../../../domain/estate/site.ts';

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
