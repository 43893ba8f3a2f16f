import { describe, expect, it } from 'vitest';
import { buildTimetable, type TimetableProposal } from '../domain/estate/timetable.ts';
import { timetableCalendar } from './calendar.ts';

/** Reads an iCalendar document back: lines unfolded, each VEVENT as its properties. */
function parseCalendar(text: string) {
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  const lines = text.replace(/\r\n /g, '').split('\r\n');
  const events: Map<string, string>[] = [];
  let current: Map<string, string> | undefined;
  const calendar = new Map<string, string>();
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = undefined;
    } else {
      const colon = line.indexOf(':');
      (current ?? calendar).set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return { calendar, events };
}

const proposal = (overrides: Partial<TimetableProposal>): TimetableProposal => ({
  id: '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0001',
  title: 'Close the front counter',
  changeType: 'close-front-counter',
  status: 'published',
  version: 2,
  updatedAt: new Date('2026-10-01T12:00:00Z'),
  siteId: '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b1001',
  siteName: 'Brixton Police Station',
  siteIconic: true,
  areaCode: 'E09000022',
  areaName: 'Lambeth',
  engagementStart: null,
  decisionDue: null,
  implementationDate: null,
  disposalDate: null,
  imminent: false,
  ...overrides,
});

const rows = buildTimetable(
  [
    proposal({
      engagementStart: '2027-01-11',
      decisionDue: '2027-03-31',
      implementationDate: '2027-06-30',
    }),
    proposal({
      id: '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0002',
      title: 'Sell the old yard, the garages; and the flats',
      changeType: 'dispose',
      siteName: 'Kennington Yard',
      disposalDate: '2027-05-01',
      imminent: true,
    }),
    proposal({
      id: '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0003',
      title: 'Withdrawn plan',
      status: 'withdrawn',
      decisionDue: '2027-02-01',
    }),
  ],
  '2026-11-22',
).rows;

const build = (generatedAt: Date) =>
  timetableCalendar({
    name: 'Nonsuch timetable: Lambeth',
    description: 'Planned dates of proposals in Lambeth',
    rows,
    publicUrl: 'https://nonsuch.example.org/',
    generatedAt,
  });

describe('timetableCalendar', () => {
  const { calendar, events } = parseCalendar(build(new Date('2026-11-22T09:00:00Z')));

  it('is a named iCalendar 2.0 document', () => {
    expect(calendar.get('VERSION')).toBe('2.0');
    expect(calendar.get('PRODID')).toBe('-//Nonsuch//Timetable//EN');
    expect(calendar.get('X-WR-CALNAME')).toBe('Nonsuch timetable: Lambeth');
  });

  it('has an event for the engagement period and for each planned day, none for a withdrawn proposal', () => {
    expect(events).toHaveLength(4);
    expect(events.map((e) => e.get('SUMMARY'))).toEqual([
      'Engagement: Close the front counter (Brixton Police Station\\, Lambeth)',
      'Decision due: Close the front counter (Brixton Police Station\\, Lambeth)',
      'Implementation: Close the front counter (Brixton Police Station\\, Lambeth)',
      'Imminent disposal: Sell the old yard\\, the garages\\; and the flats (Kennington Yard\\, Lambeth)',
    ]);
  });

  it('writes all-day dates, the engagement over its days and each milestone on its day', () => {
    expect(events.map((e) => [e.get('DTSTART;VALUE=DATE'), e.get('DTEND;VALUE=DATE')])).toEqual([
      ['20270111', '20270401'],
      ['20270331', '20270401'],
      ['20270630', '20270701'],
      ['20270501', '20270502'],
    ]);
    for (const e of events) {
      expect([...e.keys()].filter((k) => k.startsWith('DTSTART'))).toEqual(['DTSTART;VALUE=DATE']);
      expect(e.get('TRANSP')).toBe('TRANSPARENT');
    }
  });

  it('gives each event a UID from the proposal and the milestone, the same in every build', () => {
    const uids = events.map((e) => e.get('UID'));
    expect(uids).toEqual([
      '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0001-engagement@nonsuch.example.org',
      '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0001-decision-due@nonsuch.example.org',
      '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0001-implementation@nonsuch.example.org',
      '7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0002-disposal@nonsuch.example.org',
    ]);
    const later = parseCalendar(build(new Date('2026-12-25T18:30:00Z')));
    expect(later.events.map((e) => e.get('UID'))).toEqual(uids);
    expect(later.events[0]?.get('DTSTAMP')).toBe('20261225T183000Z');
    expect(events[0]?.get('SEQUENCE')).toBe('2');
  });

  it('links each event to its proposal, with commas and semicolons escaped in the description', () => {
    const disposal = events[3];
    expect(disposal?.get('URL;VALUE=URI')).toBe(
      'https://nonsuch.example.org/proposals/7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0002',
    );
    expect(disposal?.get('DESCRIPTION')).toBe(
      'Dispose of the site at Kennington Yard\\, Lambeth.\\nStatus: Published for engagement.\\nThe disposal is imminent.\\nDetails: https://nonsuch.example.org/proposals/7b0c9a52-8a44-4d8e-9d7c-0f6f1b7b0002',
    );
  });

  it('is an empty calendar when nothing is planned', () => {
    const empty = parseCalendar(
      timetableCalendar({
        name: 'Nonsuch timetable: London',
        description: 'None',
        rows: [],
        publicUrl: 'http://localhost:3000',
        generatedAt: new Date(),
      }),
    );
    expect(empty.events).toHaveLength(0);
    expect(empty.calendar.get('X-WR-CALNAME')).toBe('Nonsuch timetable: London');
  });
});
