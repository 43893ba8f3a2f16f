import { consentNames } from '../../../domain/stakeholders/export-stakeholders.ts';
import {
  encodeCursor,
  filterQuery,
  type SortOrder,
  type StakeholderFilter,
} from '../../../domain/stakeholders/filter.ts';
import { exclusionReasonNames, isStale } from '../../../domain/stakeholders/person.ts';
import type { StakeholderRow } from '../../../domain/stakeholders/search.repo.ts';
import type { SearchResult } from '../../../domain/stakeholders/search-people.ts';
import type { SegmentView } from '../../../domain/stakeholders/segments/get-segment.ts';
import type { SegmentSummary } from '../../../domain/stakeholders/segments/list-segments.ts';
import { exclusionReasons } from '../../../domain/stakeholders/segments/segment.ts';
import { formQuery } from './filter-form.ts';

/** Staff presenters for the stakeholder list and segments: every field a page shows is named here. */

const shortDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

const showDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

/** An e-mail address in pieces that a narrow column may break between: after each @, dot, hyphen or underscore. */
export const addressPieces = (address: string | null): string[] =>
  address ? address.split(/(?<=[@._-])/) : [];

/** "1 person", "1,234 people". */
export const peopleCount = (n: number): string =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;

/** A person as a row of the list's table. */
export function presentPersonRow(row: StakeholderRow, today: string) {
  const stale = isStale(row.lastVerifiedOn, today);
  return {
    name: row.fullName,
    href: `/stakeholders/${row.id}`,
    organisations: row.organisations,
    roles: row.roles,
    boroughs: row.boroughs,
    email: addressPieces(row.email),
    consent: consentNames[row.consent],
    topHundredRank: row.topHundredRank,
    stale,
    staleText: stale
      ? row.lastVerifiedOn
        ? `Last verified ${showDay(row.lastVerifiedOn)}`
        : 'Never verified'
      : '',
    updated: shortDate.format(row.updatedAt),
  };
}

type Heading = { text: string; href: string; ariaSort: 'ascending' | 'descending' | 'none'; action: string };

/** A column heading the server sorts by: a link that keeps the filter and flips the direction. */
function sortHeading(
  text: string,
  column: 'name' | 'updated',
  sort: SortOrder,
  filter: StakeholderFilter,
): Heading {
  const ascending = column;
  const descending = `-${column}` as SortOrder;
  const current = sort === ascending ? 'ascending' : sort === descending ? 'descending' : 'none';
  // Names read A to Z first; the last updated, newest first.
  const next =
    current === 'ascending'
      ? descending
      : current === 'descending'
        ? ascending
        : column === 'name'
          ? ascending
          : descending;
  const action =
    column === 'name'
      ? next === ascending
        ? 'sort A to Z'
        : 'sort Z to A'
      : next === descending
        ? 'sort newest first'
        : 'sort oldest first';
  return {
    text,
    href: `/stakeholders${formQuery({ ...filterQuery(filter), sort: next })}`,
    ariaSort: current,
    action,
  };
}

/** The list page: the count, the table's rows and headings, and the links to the next and first pages. */
export function presentSearch(result: SearchResult, options: { today: string; after: string }) {
  const { filter, sort } = result;
  const query = filterQuery(filter);
  const sortQuery = sort === 'name' ? {} : { sort };
  return {
    total: peopleCount(result.total),
    rows: result.rows.map((r) => presentPersonRow(r, options.today)),
    headings: {
      name: sortHeading('Name', 'name', sort, filter),
      updated: sortHeading('Last updated', 'updated', sort, filter),
    },
    sortedBy: `sorted by ${sort.endsWith('name') ? 'name' : 'last updated'}, ${
      sort === 'name'
        ? 'A to Z'
        : sort === '-name'
          ? 'Z to A'
          : sort === '-updated'
            ? 'newest first'
            : 'oldest first'
    }`,
    nextHref: result.next
      ? `/stakeholders${formQuery({ ...query, ...sortQuery, after: encodeCursor(result.next) })}`
      : undefined,
    firstHref: options.after !== '' ? `/stakeholders${formQuery({ ...query, ...sortQuery })}` : undefined,
    filtered: Object.keys(query).length > 0,
    clearHref: '/stakeholders',
    segmentHref: `/segments/new${formQuery(query)}`,
    csvHref: `/stakeholders.csv${formQuery({ ...query, ...sortQuery })}`,
    xlsxHref: `/stakeholders.xlsx${formQuery({ ...query, ...sortQuery })}`,
  };
}

// --- Segments ---------------------------------------------------------------------------------

export function presentSegmentRow(s: SegmentSummary, description: readonly string[]) {
  return {
    name: s.name,
    href: `/segments/${s.id}`,
    borough: s.areaName ?? 'All of London',
    description: description.length > 0 ? description.join('; ') : 'Everyone',
    members: peopleCount(s.members),
  };
}

export function presentSegment(view: SegmentView, description: readonly string[]) {
  const { segment, reachability } = view;
  const query = filterQuery(segment.filter);
  return {
    name: segment.name,
    borough: segment.areaName ?? 'All of London',
    description: description.length > 0 ? description : ['Everyone in the stakeholder database'],
    members: peopleCount(reachability.members),
    emailable: peopleCount(reachability.emailable),
    exclusions: exclusionReasons.map((reason) => ({
      reason: exclusionReasonNames[reason],
      count: peopleCount(reachability.excluded[reason]),
    })),
    excludedTotal: peopleCount(reachability.members - reachability.emailable),
    preview: view.preview.map((m) => ({
      name: m.fullName,
      href: `/stakeholders/${m.id}`,
      email: addressPieces(m.email),
      consent: consentNames[m.consent],
      emailable: m.status.ok,
      reason: m.status.ok ? '' : exclusionReasonNames[m.status.reason],
    })),
    previewIsAll: view.preview.length === reachability.members,
    listHref: `/stakeholders${formQuery(query)}`,
    editHref: `/segments/${segment.id}/edit`,
    deleteHref: `/segments/${segment.id}/delete`,
    csvHref: `/segments/${segment.id}/members.csv`,
    xlsxHref: `/segments/${segment.id}/members.xlsx`,
    mayChange: view.mayChange,
  };
}
