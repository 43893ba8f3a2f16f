import { describe, expect, it } from 'vitest';
import {
  buildTimetable,
  monthsBetween,
  type TimetableProposal,
  timetableEvents,
  timetableRow,
} from './timetable.ts';

let n = 0;
function aProposal(overrides: Partial<TimetableProposal> = {}): TimetableProposal {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    title: `Proposal ${n}`,
    changeType: 'dispose',
    status: 'published',
    version: 1,
    updatedAt: new Date('2026-11-01T10:00:00Z'),
    siteId: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    siteName: `Site ${n}`,
    siteIconic: false,
    areaCode: 'E09000022',
    areaName: 'Lambeth',
    engagementStart: null,
    decisionDue: null,
    implementationDate: null,
    disposalDate: null,
    imminent: false,
    ...overrides,
  };
}

const today = '2026-11-22';

describe('timetableRow', () => {
  it.each([
    {
      case: 'engagement start and decision: a span, with the decision as a day of its own',
      dates: { engagementStart: '2027-01-10', decisionDue: '2027-04-01' },
      engagement: { start: '2027-01-10', end: '2027-04-01' },
      marks: [['decisionDue', '2027-04-01']],
      first: '2027-01-10',
      last: '2027-04-01',
    },
    {
      case: 'engagement start without a decision date: the start alone is a day',
      dates: { engagementStart: '2027-01-10' },
      engagement: null,
      marks: [['engagementStart', '2027-01-10']],
      first: '2027-01-10',
      last: '2027-01-10',
    },
    {
      case: 'a decision without an engagement start: the decision alone',
      dates: { decisionDue: '2027-04-01' },
      engagement: null,
      marks: [['decisionDue', '2027-04-01']],
      first: '2027-04-01',
      last: '2027-04-01',
    },
    {
      case: 'every date: a span, then decision, implementation and disposal',
      dates: {
        engagementStart: '2027-01-10',
        decisionDue: '2027-04-01',
        implementationDate: '2027-06-30',
        disposalDate: '2028-02-29',
      },
      engagement: { start: '2027-01-10', end: '2027-04-01' },
      marks: [
        ['decisionDue', '2027-04-01'],
        ['implementationDate', '2027-06-30'],
        ['disposalDate', '2028-02-29'],
      ],
      first: '2027-01-10',
      last: '2028-02-29',
    },
    {
      case: 'only a disposal',
      dates: { disposalDate: '2027-05-05' },
      engagement: null,
      marks: [['disposalDate', '2027-05-05']],
      first: '2027-05-05',
      last: '2027-05-05',
    },
  ])('$case', ({ dates, engagement, marks, first, last }) => {
    const row = timetableRow(aProposal(dates));
    expect(row?.engagement).toEqual(engagement);
    expect(row?.marks.map((m) => [m.milestone, m.day])).toEqual(marks);
    expect(row?.firstDay).toBe(first);
    expect(row?.lastDay).toBe(last);
  });

  it('leaves out a proposal with no planned date', () => {
    expect(timetableRow(aProposal())).toBeNull();
  });

  it('marks a withdrawn proposal as such', () => {
    expect(timetableRow(aProposal({ status: 'withdrawn', disposalDate: '2027-01-01' }))?.withdrawn).toBe(
      true,
    );
    expect(timetableRow(aProposal({ status: 'proceed', disposalDate: '2027-01-01' }))?.withdrawn).toBe(false);
  });
});

describe('buildTimetable', () => {
  it('orders rows by borough, then by first date, then by title', () => {
    const proposals = [
      aProposal({
        title: 'Southwark late',
        areaName: 'Southwark',
        areaCode: 'E09000028',
        disposalDate: '2028-01-01',
      }),
      aProposal({ title: 'Lambeth late', disposalDate: '2027-09-01' }),
      aProposal({ title: 'Camden', areaName: 'Camden', areaCode: 'E09000007', decisionDue: '2029-01-01' }),
      aProposal({ title: 'Lambeth B', engagementStart: '2027-02-01', decisionDue: '2027-12-01' }),
      aProposal({ title: 'Lambeth A', implementationDate: '2027-02-01' }),
      aProposal({
        title: 'Southwark early',
        areaName: 'Southwark',
        areaCode: 'E09000028',
        disposalDate: '2027-01-01',
      }),
      aProposal({ title: 'Undated' }),
    ];
    const timetable = buildTimetable(proposals, today);
    expect(timetable.rows.map((r) => r.proposal.title)).toEqual([
      'Camden',
      'Lambeth A',
      'Lambeth B',
      'Lambeth late',
      'Southwark early',
      'Southwark late',
    ]);
    expect(timetable.boroughs).toBe(3);
  });

  it.each([
    {
      case: 'dates all ahead: from this month to the month of the last date',
      dates: [{ disposalDate: '2027-03-15' }, { engagementStart: '2027-01-31', decisionDue: '2027-02-01' }],
      start: '2026-11-01',
      end: '2027-04-01',
      months: 5,
    },
    {
      case: 'dates in the past too: from the month of the first date',
      dates: [{ implementationDate: '2026-06-30' }, { disposalDate: '2027-01-01' }],
      start: '2026-06-01',
      end: '2027-02-01',
      months: 8,
    },
    {
      case: 'dates all behind: up to this month',
      dates: [{ implementationDate: '2025-12-31' }],
      start: '2025-12-01',
      end: '2026-12-01',
      months: 12,
    },
    { case: 'no proposals: this month alone', dates: [], start: '2026-11-01', end: '2026-12-01', months: 1 },
    {
      case: 'over a year end',
      dates: [{ disposalDate: '2028-12-31' }],
      start: '2026-11-01',
      end: '2029-01-01',
      months: 26,
    },
  ])('the range shown: $case', ({ dates, start, end, months }) => {
    const timetable = buildTimetable(
      dates.map((d) => aProposal(d)),
      today,
    );
    expect(timetable.start).toBe(start);
    expect(timetable.end).toBe(end);
    expect(timetable.months).toHaveLength(months);
    expect(timetable.months[0]?.day).toBe(start);
    expect(timetable.today).toBe(today);
  });

  it('counts the imminent disposals', () => {
    const timetable = buildTimetable(
      [
        aProposal({ disposalDate: '2027-01-01', imminent: true }),
        aProposal({ disposalDate: '2027-02-01', imminent: true }),
        aProposal({ disposalDate: '2029-02-01' }),
      ],
      today,
    );
    expect(timetable.imminent).toBe(2);
  });
});

describe('monthsBetween', () => {
  it('gives the first day of each month, across a year end, with the year and month', () => {
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual([
      { day: '2026-11-01', year: 2026, month: 11 },
      { day: '2026-12-01', year: 2026, month: 12 },
      { day: '2027-01-01', year: 2027, month: 1 },
    ]);
  });
});

describe('timetableEvents', () => {
  it('gives the engagement as one span and every other date as a day, each ending the day after', () => {
    const p = aProposal({
      engagementStart: '2027-01-10',
      decisionDue: '2027-04-01',
      implementationDate: '2027-06-30',
      disposalDate: '2027-12-31',
      imminent: true,
    });
    const events = timetableEvents(buildTimetable([p], today).rows);
    expect(events.map((e) => [e.kind, e.label, e.start, e.end, e.endExclusive])).toEqual([
      ['engagement', 'Engagement', '2027-01-10', '2027-04-01', '2027-04-02'],
      ['decision-due', 'Decision due', '2027-04-01', '2027-04-01', '2027-04-02'],
      ['implementation', 'Implementation', '2027-06-30', '2027-06-30', '2027-07-01'],
      ['disposal', 'Imminent disposal', '2027-12-31', '2027-12-31', '2028-01-01'],
    ]);
    expect(events.map((e) => e.key)).toEqual([
      `${p.id}-engagement`,
      `${p.id}-decision-due`,
      `${p.id}-implementation`,
      `${p.id}-disposal`,
    ]);
  });

  it('keys each event by proposal and kind alone, so moving a date keeps the key', () => {
    const p = aProposal({ decisionDue: '2027-04-01' });
    const moved = { ...p, decisionDue: '2027-05-01' };
    const [before] = timetableEvents(buildTimetable([p], today).rows);
    const [after] = timetableEvents(buildTimetable([moved], today).rows);
    expect(after?.key).toBe(before?.key);
    expect(after?.start).toBe('2027-05-01');
  });

  it('gives a lone engagement start as a day, and nothing for a withdrawn proposal', () => {
    const rows = buildTimetable(
      [
        aProposal({ engagementStart: '2027-01-10' }),
        aProposal({ status: 'withdrawn', engagementStart: '2027-01-10', decisionDue: '2027-02-10' }),
      ],
      today,
    ).rows;
    expect(rows).toHaveLength(2);
    expect(timetableEvents(rows).map((e) => [e.kind, e.label])).toEqual([
      ['engagement-start', 'Engagement starts'],
    ]);
  });
});
