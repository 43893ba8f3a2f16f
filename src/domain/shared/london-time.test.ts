import { describe, expect, it } from 'vitest';
import { isCalendarDay, londonDay, londonDayStart, londonTimestamp, nextCalendarDay } from './london-time.ts';

describe('London calendar days', () => {
  it.each([
    // Winter (GMT): the day starts at midnight UTC.
    ['2026-01-15', '2026-01-15T00:00:00.000Z'],
    // The day British Summer Time begins: the clocks go forward at 01:00 GMT, after midnight.
    ['2026-03-29', '2026-03-29T00:00:00.000Z'],
    // The first whole day of summer time starts at 23:00 UTC the evening before.
    ['2026-03-30', '2026-03-29T23:00:00.000Z'],
    ['2026-07-01', '2026-06-30T23:00:00.000Z'],
    // The day summer time ends still begins in BST.
    ['2026-10-25', '2026-10-24T23:00:00.000Z'],
    ['2026-10-26', '2026-10-26T00:00:00.000Z'],
  ])('%s begins at %s', (day, instant) => {
    expect(londonDayStart(day).toISOString()).toBe(instant);
  });

  it('tells real days from others', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    for (const text of ['2026-02-29', '2026-13-01', '2026-1-1', '29/03/2026', '', '2026-03-29T00:00']) {
      expect(isCalendarDay(text)).toBe(false);
    }
  });

  it('counts on across months and years', () => {
    expect(nextCalendarDay('2026-12-31')).toBe('2027-01-01');
    expect(nextCalendarDay('2028-02-28')).toBe('2028-02-29');
  });

  it('shows an instant as London sees it', () => {
    expect(londonDay(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(londonTimestamp(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25 00:30:00 BST');
    expect(londonTimestamp(new Date('2026-11-22T09:00:05Z'))).toBe('2026-11-22 09:00:05 GMT');
  });
});
