import { describe, expect, it } from 'vitest';
import { buildTimetable, type TimetableProposal } from '../../../domain/estate/timetable.ts';
import { escapeXml, ganttChart, ganttSummary, shortDay } from './gantt.ts';

let n = 0;
const aProposal = (overrides: Partial<TimetableProposal>): TimetableProposal => {
  n += 1;
  return {
    id: `p${n}`,
    title: `Proposal ${n}`,
    changeType: 'dispose',
    status: 'published',
    version: 1,
    updatedAt: new Date('2026-11-01T00:00:00Z'),
    siteId: `s${n}`,
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
};

const chart = (proposals: TimetableProposal[], today = '2026-11-22', groupByBorough = false) =>
  ganttChart(buildTimetable(proposals, today), { id: 'c', place: 'Lambeth', groupByBorough });

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;

describe('escapeXml', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<script>', '&lt;script&gt;'],
    [`"quoted" and 'single'`, '&quot;quoted&quot; and &#39;single&#39;'],
    ['plain', 'plain'],
  ])('%s', (text, escaped) => expect(escapeXml(text)).toBe(escaped));
});

describe('ganttChart', () => {
  it('is one image named by its title and described by its summary', () => {
    const svg = chart([aProposal({ disposalDate: '2027-03-01' })]);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c-title" aria-describedby="c-desc"/);
    expect(svg).toContain('<title id="c-title">Timetable of proposals in Lambeth</title>');
    expect(svg).toContain(
      '<desc id="c-desc">Timeline of 1 proposal in Lambeth, from November 2026 to March 2027, with no imminent disposals. Every date is in the table below.</desc>',
    );
  });

  it('draws a gridline for every month and labels them by name, or by initial when months are narrow', () => {
    const short = chart([aProposal({ disposalDate: '2027-03-01' })]);
    expect(count(short, /<line [^>]*stroke="#(cecece|6f777b)" stroke-width="1"\/>/g)).toBe(5 + 2);
    expect(short).toContain('>Nov</text>');
    expect(short).toContain('>Jan</text>');
    const long = chart([aProposal({ disposalDate: '2029-06-01' })]);
    expect(long).not.toContain('>Nov</text>');
    expect(long).toContain('>N</text>');
    expect(long).toContain('>2028</text>');
  });

  it('draws the engagement as a bar and each day as its own shape; withdrawn ones dashed and grey', () => {
    const svg = chart([
      aProposal({
        engagementStart: '2027-01-01',
        decisionDue: '2027-02-01',
        implementationDate: '2027-04-01',
      }),
      aProposal({
        status: 'withdrawn',
        siteName: 'Old Yard',
        engagementStart: '2027-01-01',
        decisionDue: '2027-02-01',
      }),
    ]);
    expect(svg).toContain('<title>Engagement: 1 Jan 2027 to 1 Feb 2027</title>');
    expect(count(svg, /<rect [^>]*height="14" rx="2" fill="#1d70b8"\/>/g)).toBe(1);
    expect(count(svg, /<rect [^>]*stroke-dasharray="4 3"\/>/g)).toBe(1);
    expect(count(svg, /<title>Decision due: 1 Feb 2027<\/title>/g)).toBe(2);
    expect(svg).toContain('<title>Implementation: 1 Apr 2027</title>');
    expect(svg).toContain('>Old Yard · withdrawn</text>');
  });

  it('labels an imminent disposal in words, on whichever side has room', () => {
    const svg = chart([
      aProposal({ disposalDate: '2027-01-15', imminent: true }),
      aProposal({ disposalDate: '2027-11-20', imminent: true }),
    ]);
    expect(count(svg, />Imminent<\/text>/g)).toBe(2);
    expect(count(svg, /text-anchor="end" fill="#0b0c0c">Imminent/g)).toBe(1);
    expect(svg).toContain('<title>Imminent disposal: 15 Jan 2027</title>');
  });

  it('draws today when it falls in the range shown', () => {
    expect(chart([aProposal({ disposalDate: '2027-03-01' })])).toContain('>Today</text>');
  });

  it('heads each borough’s rows with its name when London-wide', () => {
    const proposals = [
      aProposal({ disposalDate: '2027-03-01' }),
      aProposal({ areaCode: 'E09000007', areaName: 'Camden', disposalDate: '2027-03-01' }),
    ];
    const grouped = chart(proposals, '2026-11-22', true);
    expect(grouped.indexOf('>Camden</text>')).toBeLessThan(grouped.indexOf('>Lambeth</text>'));
    expect(chart(proposals)).not.toContain('>Camden</text>');
  });

  it('shortens a long title, keeping the whole of it in the row’s tooltip, escaped', () => {
    const title = 'Close the front counter & move <every> team to the "new" building on the high street';
    const svg = chart([aProposal({ title, disposalDate: '2027-03-01' })]);
    expect(svg).toContain(`<title>${escapeXml(title)} — Site`);
    expect(svg).toContain('>Close the front counter &amp; move &lt;every…</text>');
    expect(svg).not.toContain('<every>');
  });
});

describe('ganttSummary and shortDay', () => {
  it('counts proposals and imminent disposals in words', () => {
    const timetable = buildTimetable(
      [
        aProposal({ disposalDate: '2027-01-01', imminent: true }),
        aProposal({ disposalDate: '2027-02-01', imminent: true }),
      ],
      '2026-11-22',
    );
    expect(ganttSummary(timetable, 'London')).toBe(
      'Timeline of 2 proposals in London, from November 2026 to February 2027, with 2 imminent disposals. Every date is in the table below.',
    );
    expect(shortDay('2027-03-09')).toBe('9 Mar 2027');
  });
});
