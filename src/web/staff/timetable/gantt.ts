import type { Milestone } from '../../../domain/estate/proposal.ts';
import type { Timetable, TimetableMark, TimetableRow } from '../../../domain/estate/timetable.ts';
import { nextCalendarDay } from '../../../domain/shared/london-time.ts';

/**
 * The timetable as a Gantt chart, drawn on the server as an SVG string: months across, one row per
 * proposal, the engagement period as a bar and the other dates as markers whose shapes differ (so
 * colour is never the only difference). An imminent disposal carries the word "Imminent" beside
 * its marker. The chart is one image with a text summary; the table beside it holds every date.
 */

const width = 960;
const plotLeft = 310;
const plotRight = 945;
const plotWidth = plotRight - plotLeft;
const yearY = 16;
const monthY = 34;
const todayLabelY = 52;
const rowsTop = 62;
const rowHeight = 38;
const groupHeight = 30;
const bottomPadding = 12;
const titleChars = 38;
const siteChars = 44;

const ink = '#0b0c0c';
const secondaryInk = '#484949';
const blue = '#1d70b8';
const green = '#00703c';
const red = '#d4351c';
const grey = '#8a8f93';
const gridLine = '#cecece';
const yearLine = '#6f777b';
const stripe = '#f6f6f5';
const groupBackground = '#e8f0ee';

const fontFamily =
  'system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, &quot;Helvetica Neue&quot;, Arial, sans-serif';

/** Text safe inside SVG markup, in content and in attribute values alike. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const shorten = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

const shortDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });

/** A calendar day as "3 Mar 2027". */
export const shortDay = (day: string): string => shortDate.format(new Date(`${day}T00:00:00Z`));
const monthOf = (day: string): string => monthName.format(new Date(`${day}T00:00:00Z`));

const px = (n: number): string => String(Math.round(n * 10) / 10);

type Shape = Readonly<{ fill: string; stroke: string; strokeWidth: number }>;

/** The marker of a milestone, centred on (x, y). */
function marker(milestone: Milestone, x: number, y: number, shape: Shape, imminent: boolean): string {
  const paint = `fill="${shape.fill}" stroke="${shape.stroke}" stroke-width="${shape.strokeWidth}"`;
  switch (milestone) {
    case 'engagementStart':
      return `<circle cx="${px(x)}" cy="${px(y)}" r="6" ${paint}/>`;
    case 'decisionDue':
      return `<path d="M${px(x)} ${px(y - 8)}L${px(x + 8)} ${px(y)}L${px(x)} ${px(y + 8)}L${px(x - 8)} ${px(y)}Z" ${paint}/>`;
    case 'implementationDate':
      return `<path d="M${px(x)} ${px(y - 8)}L${px(x + 8)} ${px(y + 6)}L${px(x - 8)} ${px(y + 6)}Z" ${paint}/>`;
    case 'disposalDate':
      return imminent
        ? `<rect x="${px(x - 8)}" y="${px(y - 8)}" width="16" height="16" ${paint}/>` +
            `<path d="M${px(x)} ${px(y - 5)}V${px(y + 1.5)}M${px(x)} ${px(y + 3.5)}V${px(y + 5)}" stroke="#ffffff" stroke-width="2.2"/>`
        : `<rect x="${px(x - 6)}" y="${px(y - 6)}" width="12" height="12" ${paint}/>`;
  }
}

const markerShape = (milestone: Milestone, row: TimetableRow): Shape => {
  if (row.withdrawn) return { fill: grey, stroke: '#ffffff', strokeWidth: 1.5 };
  switch (milestone) {
    case 'engagementStart':
      return { fill: blue, stroke: '#ffffff', strokeWidth: 1.5 };
    case 'decisionDue':
      return { fill: ink, stroke: '#ffffff', strokeWidth: 1.5 };
    case 'implementationDate':
      return { fill: green, stroke: '#ffffff', strokeWidth: 1.5 };
    case 'disposalDate':
      return row.proposal.imminent
        ? { fill: red, stroke: ink, strokeWidth: 2 }
        : { fill: ink, stroke: '#ffffff', strokeWidth: 1.5 };
  }
};

const milestoneLabel: Readonly<Record<Milestone, string>> = {
  engagementStart: 'Engagement starts',
  decisionDue: 'Decision due',
  implementationDate: 'Implementation',
  disposalDate: 'Disposal',
};

export type GanttOptions = Readonly<{
  /** Prefix of the ids inside the SVG, unique on the page. */
  id: string;
  /** What the chart is of, for its text alternative: "Lambeth" or "London". */
  place: string;
  /** Whether to head each borough's rows with its name (London-wide). */
  groupByBorough: boolean;
}>;

type Line = Readonly<{ kind: 'group'; name: string } | { kind: 'row'; row: TimetableRow; index: number }>;

function linesOf(timetable: Timetable, grouped: boolean): Line[] {
  const lines: Line[] = [];
  let borough: string | undefined;
  timetable.rows.forEach((row, index) => {
    if (grouped && row.proposal.areaCode !== borough) {
      borough = row.proposal.areaCode;
      lines.push({ kind: 'group', name: row.proposal.areaName });
    }
    lines.push({ kind: 'row', row, index });
  });
  return lines;
}

/** The sentence a screen reader hears for the whole chart. */
export function ganttSummary(timetable: Timetable, place: string): string {
  const n = timetable.rows.length;
  const proposals = `${n} ${n === 1 ? 'proposal' : 'proposals'}`;
  const range = `${monthOf(timetable.start)} to ${monthOf(timetable.months[timetable.months.length - 1]?.day ?? timetable.start)}`;
  const imminent =
    timetable.imminent === 0
      ? 'no imminent disposals'
      : `${timetable.imminent} imminent ${timetable.imminent === 1 ? 'disposal' : 'disposals'}`;
  return `Timeline of ${proposals} in ${place}, from ${range}, with ${imminent}. Every date is in the table below.`;
}

/** The chart as SVG markup, ready to place in a page. */
export function ganttChart(timetable: Timetable, options: GanttOptions): string {
  const start = dayNumber(timetable.start);
  const span = dayNumber(timetable.end) - start;
  const x = (day: string) => plotLeft + ((dayNumber(day) - start) / span) * plotWidth;
  const dayCentre = (day: string) => (x(day) + x(nextCalendarDay(day))) / 2;

  const lines = linesOf(timetable, options.groupByBorough);
  const height =
    rowsTop +
    lines.reduce((h, line) => h + (line.kind === 'group' ? groupHeight : rowHeight), 0) +
    bottomPadding;
  const rowsBottom = height - bottomPadding;

  const parts: string[] = [];
  const id = escapeXml(options.id);
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="nonsuch-gantt" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" focusable="false" font-family="${fontFamily}">`,
    `<title id="${id}-title">Timetable of proposals in ${escapeXml(options.place)}</title>`,
    `<desc id="${id}-desc">${escapeXml(ganttSummary(timetable, options.place))}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  );

  // Row backgrounds: borough headings and alternate stripes.
  let y = rowsTop;
  const rowTops: number[] = [];
  for (const line of lines) {
    if (line.kind === 'group') {
      parts.push(`<rect x="0" y="${y}" width="${width}" height="${groupHeight}" fill="${groupBackground}"/>`);
      parts.push(
        `<text x="8" y="${y + 20}" font-size="14" font-weight="700" fill="${ink}">${escapeXml(line.name)}</text>`,
      );
      y += groupHeight;
    } else {
      if (line.index % 2 === 1)
        parts.push(`<rect x="0" y="${y}" width="${width}" height="${rowHeight}" fill="${stripe}"/>`);
      rowTops.push(y);
      y += rowHeight;
    }
  }

  // Months: a gridline at the start of each, a label in its middle where there is room, years above.
  const monthWidth = plotWidth / timetable.months.length;
  let lastYearLabel = -Infinity;
  timetable.months.forEach((month, i) => {
    const left = x(month.day);
    const next = timetable.months[i + 1]?.day ?? timetable.end;
    const centre = (left + x(next)) / 2;
    const january = month.month === 1;
    parts.push(
      `<line x1="${px(left)}" y1="${january ? yearY - 12 : monthY - 12}" x2="${px(left)}" y2="${rowsBottom}" stroke="${january ? yearLine : gridLine}" stroke-width="1"/>`,
    );
    const name = monthShort.format(new Date(`${month.day}T00:00:00Z`));
    const label = monthWidth >= 26 ? name : monthWidth >= 11 ? name.slice(0, 1) : '';
    if (label)
      parts.push(
        `<text x="${px(centre)}" y="${monthY}" font-size="12" text-anchor="middle" fill="${secondaryInk}">${label}</text>`,
      );
    if ((january || i === 0) && left - lastYearLabel >= 40 && plotRight - left >= 34) {
      parts.push(
        `<text x="${px(left + 4)}" y="${yearY}" font-size="13" font-weight="700" fill="${ink}">${month.year}</text>`,
      );
      lastYearLabel = left;
    }
  });
  parts.push(
    `<line x1="${plotLeft}" y1="${rowsTop}" x2="${plotRight}" y2="${rowsTop}" stroke="${yearLine}" stroke-width="1"/>`,
    `<line x1="${plotRight}" y1="${monthY - 12}" x2="${plotRight}" y2="${rowsBottom}" stroke="${gridLine}" stroke-width="1"/>`,
  );

  // Each proposal: its name and site at the left, its bar and markers across.
  lines
    .filter((line): line is Extract<Line, { kind: 'row' }> => line.kind === 'row')
    .forEach((line, i) => {
      const { row } = line;
      const top = rowTops[i] ?? rowsTop;
      const mid = top + 19;
      const p = row.proposal;
      const site = row.withdrawn ? `${p.siteName} · withdrawn` : p.siteName;
      parts.push(
        '<g>',
        `<title>${escapeXml(`${p.title} — ${p.siteName}, ${p.areaName}`)}</title>`,
        `<text x="8" y="${top + 16}" font-size="13" font-weight="600" fill="${row.withdrawn ? secondaryInk : ink}">${escapeXml(shorten(p.title, titleChars))}</text>`,
        `<text x="8" y="${top + 31}" font-size="12" fill="${secondaryInk}">${escapeXml(shorten(site, siteChars))}</text>`,
        '</g>',
      );
      if (row.engagement) {
        const left = x(row.engagement.start);
        const right = Math.max(x(nextCalendarDay(row.engagement.end)), left + 4);
        const paint = row.withdrawn
          ? `fill="#ffffff" stroke="${grey}" stroke-width="1.5" stroke-dasharray="4 3"`
          : `fill="${blue}"`;
        parts.push(
          `<g><title>${escapeXml(`Engagement: ${shortDay(row.engagement.start)} to ${shortDay(row.engagement.end)}`)}</title>`,
          `<rect x="${px(left)}" y="${mid - 7}" width="${px(right - left)}" height="14" rx="2" ${paint}/></g>`,
        );
      }
      for (const mark of row.marks) parts.push(markPart(mark, row, dayCentre(mark.day), mid));
    });

  // Today, over everything else.
  if (timetable.today >= timetable.start && timetable.today < timetable.end) {
    const tx = dayCentre(timetable.today);
    const anchor = tx < plotLeft + 24 ? 'start' : tx > plotRight - 24 ? 'end' : 'middle';
    parts.push(
      `<line x1="${px(tx)}" y1="${todayLabelY + 3}" x2="${px(tx)}" y2="${rowsBottom}" stroke="${ink}" stroke-width="2" stroke-dasharray="5 3"/>`,
      `<text x="${px(tx)}" y="${todayLabelY}" font-size="12" font-weight="700" text-anchor="${anchor}" fill="${ink}">Today</text>`,
    );
  }

  parts.push('</svg>');
  return parts.join('');
}

function markPart(mark: TimetableMark, row: TimetableRow, cx: number, cy: number): string {
  const imminent = mark.milestone === 'disposalDate' && row.proposal.imminent && !row.withdrawn;
  const label = `${imminent ? 'Imminent disposal' : milestoneLabel[mark.milestone]}: ${shortDay(mark.day)}`;
  const words = imminent
    ? cx > plotRight - 70
      ? `<text x="${px(cx - 12)}" y="${cy + 4}" font-size="11" font-weight="700" text-anchor="end" fill="${ink}">Imminent</text>`
      : `<text x="${px(cx + 12)}" y="${cy + 4}" font-size="11" font-weight="700" fill="${ink}">Imminent</text>`
    : '';
  return `<g><title>${escapeXml(label)}</title>${marker(mark.milestone, cx, cy, markerShape(mark.milestone, row), imminent)}${words}</g>`;
}

/** The key to the chart's shapes, each as a small SVG and its meaning. */
export function ganttLegend(): { svg: string; text: string }[] {
  const icon = (inner: string) =>
    `<svg class="nonsuch-gantt-key__icon" viewBox="0 0 24 20" width="24" height="20" aria-hidden="true" focusable="false">${inner}</svg>`;
  const plain = { fill: blue, stroke: '#ffffff', strokeWidth: 1.5 };
  return [
    {
      svg: icon(`<rect x="1" y="4" width="22" height="12" rx="2" fill="${blue}"/>`),
      text: 'Engagement period',
    },
    {
      svg: icon(marker('engagementStart', 12, 10, plain, false)),
      text: 'Engagement starts (no decision date yet)',
    },
    {
      svg: icon(marker('decisionDue', 12, 10, { ...plain, fill: ink }, false)),
      text: 'Decision due',
    },
    {
      svg: icon(marker('implementationDate', 12, 11, { ...plain, fill: green }, false)),
      text: 'Implementation',
    },
    { svg: icon(marker('disposalDate', 12, 10, { ...plain, fill: ink }, false)), text: 'Disposal' },
    {
      svg: icon(marker('disposalDate', 12, 10, { fill: red, stroke: ink, strokeWidth: 2 }, true)),
      text: 'Imminent disposal (also labelled “Imminent”)',
    },
    {
      svg: icon(
        `<line x1="12" y1="0" x2="12" y2="20" stroke="${ink}" stroke-width="2" stroke-dasharray="5 3"/>`,
      ),
      text: 'Today',
    },
    {
      svg: icon(
        `<rect x="1" y="4" width="22" height="12" rx="2" fill="#ffffff" stroke="${grey}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      ),
      text: 'Withdrawn (greyed)',
    },
  ];
}
