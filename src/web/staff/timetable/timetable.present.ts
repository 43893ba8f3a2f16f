import type { OwnCalendarFeed } from '../../../domain/access/get-own-calendar-feed.ts';
import type { TimetableView } from '../../../domain/estate/get-timetable.ts';
import { proposalStatusNames } from '../../../domain/estate/proposal.ts';
import type { TimetableRow } from '../../../domain/estate/timetable.ts';
import { ganttChart, ganttLegend, ganttSummary, shortDay } from './gantt.ts';

/** The timetable pages: the chart, its key and the same data as a table, for London or a borough. */

const day = (value: string | null) => (value ? { text: shortDay(value), iso: value } : null);

export function presentTimetableRow(row: TimetableRow) {
  const p = row.proposal;
  return {
    title: p.title,
    href: `/proposals/${p.id}`,
    siteName: p.siteName,
    siteHref: `/sites/${p.siteId}`,
    iconic: p.siteIconic,
    areaName: p.areaName,
    areaHref: `/boroughs/${p.areaCode}`,
    status: proposalStatusNames[p.status],
    engagementStart: day(p.engagementStart),
    decisionDue: day(p.decisionDue),
    implementationDate: day(p.implementationDate),
    disposalDate: day(p.disposalDate),
    imminent: p.imminent,
  };
}

export function presentTimetable(view: TimetableView) {
  const { area, timetable } = view;
  const place = area ? area.name : 'London';
  const base = area ? `/boroughs/${area.gssCode}/timetable` : '/timetable';
  const n = timetable.rows.length;
  return {
    pageTitle: area ? `Timetable: ${area.name}` : 'Timetable: London',
    place,
    caption: area ? area.name : 'London',
    londonWide: area === null,
    count: n,
    countText: `${n} ${n === 1 ? 'proposal' : 'proposals'} with planned dates${area ? '' : ` in ${timetable.boroughs} ${timetable.boroughs === 1 ? 'borough' : 'boroughs'}`}`,
    imminentText:
      timetable.imminent === 0
        ? 'No disposal is imminent'
        : `${timetable.imminent} imminent ${timetable.imminent === 1 ? 'disposal' : 'disposals'}`,
    today: shortDay(timetable.today),
    imminentMonths: view.imminentMonths,
    chart:
      n > 0 ? ganttChart(timetable, { id: 'timetable-chart', place, groupByBorough: area === null }) : '',
    summary: ganttSummary(timetable, place),
    legend: ganttLegend(),
    rows: timetable.rows.map(presentTimetableRow),
    links: {
      ics: `${base}.ics`,
      subscribe: '/timetable/subscribe',
      borough: area ? `/boroughs/${area.gssCode}` : null,
      london: '/timetable',
    },
    filter: area
      ? null
      : {
          items: [
            { value: '', text: 'All boroughs' },
            ...view.areas.map((a) => ({ value: a.gssCode, text: a.name })),
          ],
        },
  };
}

/** The calendar's name and description, as a subscribed calendar shows them. */
export function calendarTitle(view: Pick<TimetableView, 'area'>) {
  const place = view.area ? view.area.name : 'London';
  return {
    name: `Nonsuch timetable: ${place}`,
    description: `Planned engagement, decisions, implementation and disposals of estate proposals in ${place}.`,
    fileName: `nonsuch-timetable-${place.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.ics`,
  };
}

/** The address a calendar program subscribes to (served by web/public/calendar-feed.routes.ts). */
export const calendarFeedAddress = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/$/, '')}/calendar/${encodeURIComponent(token)}/timetable.ics`;

export function presentSubscription(
  own: OwnCalendarFeed,
  options: { publicUrl: string; created?: { token: string; replaced: boolean } | undefined },
) {
  return {
    feed: own.feed,
    scope:
      own.boroughs === 'all'
        ? 'every London borough'
        : own.boroughs.length === 0
          ? 'no borough yet (none is assigned to you)'
          : `your ${own.boroughs.length === 1 ? 'borough' : 'boroughs'}, ${listOf(own.boroughs)}`,
    created: options.created && {
      address: calendarFeedAddress(options.publicUrl, options.created.token),
      replaced: options.created.replaced,
    },
  };
}

const listOf = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
