import { nextCalendarDay } from '../shared/london-time.ts';
import type { ProposalSummary } from './get-site.ts';
import type { Milestone } from './proposal.ts';

/**
 * The timetable: every proposal with planned dates, as rows a chart, a table and a calendar share.
 * The engagement period (engagement start to decision due) is a span; the decision, the
 * implementation and the disposal are single days. Pure: the caller gives today's London date.
 */

export type TimetableProposal = Pick<
  ProposalSummary,
  | 'id'
  | 'title'
  | 'changeType'
  | 'status'
  | 'version'
  | 'updatedAt'
  | 'siteId'
  | 'siteName'
  | 'siteIconic'
  | 'areaCode'
  | 'areaName'
  | 'engagementStart'
  | 'decisionDue'
  | 'implementationDate'
  | 'disposalDate'
  | 'imminent'
>;

/** A single day drawn as a marker. */
export type TimetableMark = Readonly<{ milestone: Milestone; day: string }>;

/** Both ends inclusive. */
export type DaySpan = Readonly<{ start: string; end: string }>;

export type TimetableRow = Readonly<{
  proposal: TimetableProposal;
  /** The engagement period, when both its start and the decision's due date are planned. */
  engagement: DaySpan | null;
  /** The single days: the decision, implementation and disposal (and the engagement start when no decision is due). */
  marks: readonly TimetableMark[];
  /** Withdrawn proposals stay on the timetable for the record, but none of their dates will happen. */
  withdrawn: boolean;
  firstDay: string;
  lastDay: string;
}>;

export type MonthTick = Readonly<{ day: string; year: number; month: number }>;

export type Timetable = Readonly<{
  rows: readonly TimetableRow[];
  today: string;
  /** The first day of the first month shown, and the first day of the month after the last. */
  start: string;
  end: string;
  /** The first day of every month shown. */
  months: readonly MonthTick[];
  /** Imminent disposals among the rows. */
  imminent: number;
  boroughs: number;
}>;

const dated = (days: readonly (string | null)[]): string[] =>
  days.filter((d): d is string => d !== null).sort();

/** The rows of one proposal, or null when it has no planned date. */
export function timetableRow(p: TimetableProposal): TimetableRow | null {
  const days = dated([p.engagementStart, p.decisionDue, p.implementationDate, p.disposalDate]);
  const firstDay = days[0];
  const lastDay = days[days.length - 1];
  if (firstDay === undefined || lastDay === undefined) return null;
  const engagement =
    p.engagementStart !== null && p.decisionDue !== null
      ? { start: p.engagementStart, end: p.decisionDue }
      : null;
  const candidates: [Milestone, string | null][] = [
    ['engagementStart', engagement ? null : p.engagementStart],
    ['decisionDue', p.decisionDue],
    ['implementationDate', p.implementationDate],
    ['disposalDate', p.disposalDate],
  ];
  const marks = candidates
    .filter((c): c is [Milestone, string] => c[1] !== null)
    .map(([milestone, day]) => ({ milestone, day }));
  return { proposal: p, engagement, marks, withdrawn: p.status === 'withdrawn', firstDay, lastDay };
}

const byBoroughThenFirstDay = (a: TimetableRow, b: TimetableRow): number =>
  a.proposal.areaName.localeCompare(b.proposal.areaName, 'en-GB') ||
  a.firstDay.localeCompare(b.firstDay) ||
  a.proposal.title.localeCompare(b.proposal.title, 'en-GB') ||
  a.proposal.id.localeCompare(b.proposal.id);

const firstOfMonth = (day: string): string => `${day.slice(0, 7)}-01`;

function monthAfter(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** The first day of every month from `start` up to, not including, `end`. */
export function monthsBetween(start: string, end: string): MonthTick[] {
  const months: MonthTick[] = [];
  for (let day = firstOfMonth(start); day < end; day = monthAfter(day)) {
    months.push({ day, year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) });
  }
  return months;
}

/**
 * The timetable of these proposals: those without any planned date are left out; rows go by
 * borough, then by their first date. The months shown run from the earliest date (or today, if
 * earlier) to the latest (or today, if later), in whole months.
 */
export function buildTimetable(proposals: readonly TimetableProposal[], today: string): Timetable {
  const rows = proposals
    .map(timetableRow)
    .filter((r): r is TimetableRow => r !== null)
    .sort(byBoroughThenFirstDay);
  const first = rows.reduce((min, r) => (r.firstDay < min ? r.firstDay : min), today);
  const last = rows.reduce((max, r) => (r.lastDay > max ? r.lastDay : max), today);
  const start = firstOfMonth(first);
  const end = monthAfter(last);
  return {
    rows,
    today,
    start,
    end,
    months: monthsBetween(start, end),
    imminent: rows.filter((r) => r.proposal.imminent).length,
    boroughs: new Set(rows.map((r) => r.proposal.areaCode)).size,
  };
}

export type TimetableEventKind =
  | 'engagement'
  | 'engagement-start'
  | 'decision-due'
  | 'implementation'
  | 'disposal';

/** One entry in a calendar: all-day, from `start` to `end` inclusive. */
export type TimetableEvent = Readonly<{
  kind: TimetableEventKind;
  /** Stable for the proposal and the kind, so a calendar replaces the event when dates move. */
  key: string;
  label: string;
  start: string;
  end: string;
  /** The day after `end`: calendars end all-day events on the following day. */
  endExclusive: string;
  row: TimetableRow;
}>;

const milestoneEvent: Readonly<Record<Milestone, { kind: TimetableEventKind; label: string }>> = {
  engagementStart: { kind: 'engagement-start', label: 'Engagement starts' },
  decisionDue: { kind: 'decision-due', label: 'Decision due' },
  implementationDate: { kind: 'implementation', label: 'Implementation' },
  disposalDate: { kind: 'disposal', label: 'Disposal' },
};

/**
 * The calendar entries of the timetable: the engagement period as one span, and each single day.
 * Withdrawn proposals have none: their dates will not happen, and a subscribed calendar drops them.
 */
export function timetableEvents(rows: readonly TimetableRow[]): TimetableEvent[] {
  return rows
    .filter((row) => !row.withdrawn)
    .flatMap((row) => {
      const { proposal } = row;
      const span: TimetableEvent[] = row.engagement
        ? [
            {
              kind: 'engagement',
              key: `${proposal.id}-engagement`,
              label: 'Engagement',
              start: row.engagement.start,
              end: row.engagement.end,
              endExclusive: nextCalendarDay(row.engagement.end),
              row,
            },
          ]
        : [];
      const days = row.marks.map((mark): TimetableEvent => {
        const { kind, label } = milestoneEvent[mark.milestone];
        return {
          kind,
          key: `${proposal.id}-${kind}`,
          label: kind === 'disposal' && proposal.imminent ? 'Imminent disposal' : label,
          start: mark.day,
          end: mark.day,
          endExclusive: nextCalendarDay(mark.day),
          row,
        };
      });
      return [...span, ...days];
    });
}
