/**
 * Calendar days and clock times in London. Times are stored in UTC; a person's "1 April" means the
 * London day, which starts at 00:00 GMT in winter and 23:00 UTC the evening before in summer (BST).
 */

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a calendar day that exists, written YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  const match = isoDay.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function londonParts(instant: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/** How far London's clocks are ahead of UTC at this instant, in milliseconds (0 or one hour). */
function londonOffset(instant: Date): number {
  const p = londonParts(instant);
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant London's day begins (00:00 London time), for a day written YYYY-MM-DD. */
export function londonDayStart(day: string): Date {
  if (!isCalendarDay(day)) throw new Error(`not a calendar day: ${day}`);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, date);
  // London midnight is never skipped or repeated (the clocks change at 01:00 UTC), so the offset
  // at the first guess settles it; the second pass covers the evening before a change.
  let instant = wall - londonOffset(new Date(wall));
  instant = wall - londonOffset(new Date(instant));
  return new Date(instant);
}

/** The day after, written YYYY-MM-DD. */
export function nextCalendarDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** The London calendar day of an instant, written YYYY-MM-DD. */
export function londonDay(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The London clock time of an instant, as `2026-10-25 00:30:00 BST` (GMT in winter). */
export function londonTimestamp(instant: Date): string {
  const p = londonParts(instant);
  const zone = londonOffset(instant) === 0 ? 'GMT' : 'BST';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${zone}`;
}
