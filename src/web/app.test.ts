import { describe, expect, it } from 'vitest';
import { loggablePath } from './app.ts';

describe('what request logs record of an address', () => {
  it.each([
    ['/boroughs/E09000007?q=secret', '/boroughs/E09000007'],
    ['/set-password/abc123DEF_-', '/set-password/(token)'],
    ['/set-password/abc123?x=1', '/set-password/(token)'],
    ['/sign-in?next=%2F', '/sign-in'],
    ['/calendar/ncal_abc123DEF_-/timetable.ics', '/calendar/(token)/timetable.ics'],
  ])('%s is logged as %s', (url, logged) => {
    expect(loggablePath(url)).toBe(logged);
  });
});
