import { expect, request as playwrightRequest, test } from '@playwright/test';
import { artifact, expectAccessible, signIn } from './support.ts';

/**
 * The timetable journey: the programme lead opens the London timetable (a chart and the same dates
 * in a table), narrows it to Lambeth, and makes a calendar address that a calendar program, which
 * cannot sign in, fetches as an iCalendar feed.
 */

test('the programme lead reads the London timetable, a borough’s, and subscribes in a calendar', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'programme_lead');
  await page.goto('/timetable');
  await expect(page.getByRole('heading', { level: 1, name: 'Timetable' })).toBeVisible();

  // The chart is one image with a summary; the table beside it holds every date.
  const chart = page.getByRole('img', { name: 'Timetable of proposals in London' });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAccessibleDescription(/^Timeline of \d+ proposals in London, from .+\./);
  const table = page.getByRole('table', { name: 'Dates of each proposal' });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  const barsAndMarkers = chart.locator('g > title');
  expect(await barsAndMarkers.count()).toBeGreaterThan(await rows.count());
  await expect(page.getByText(/\d+ imminent disposals?\./).first()).toBeVisible();
  await expect(table.getByText('Imminent', { exact: true }).first()).toBeVisible();
  await expect(chart.locator('text', { hasText: 'Imminent' }).first()).toBeAttached();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('timetable-london.png') });
  await page.screenshot({ path: artifact('timetable-london-full.png'), fullPage: true });

  // On a phone the chart keeps a readable size and scrolls sideways inside its region.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  const region = page.getByRole('region', { name: 'Timetable chart, scrolls sideways on small screens' });
  const scrolls = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(scrolls).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('timetable-london-phone.png') });
  await region.screenshot({ path: artifact('timetable-london-phone-chart.png') });
  await page.setViewportSize({ width: 1280, height: 900 });

  // One borough, chosen with the form.
  await page.getByLabel('Show one borough').selectOption({ label: 'Lambeth' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\/boroughs\/E09000022\/timetable$/);
  await expect(page.getByRole('img', { name: 'Timetable of proposals in Lambeth' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Dates of each proposal' }).locator('tbody tr').first(),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('timetable-lambeth.png'), fullPage: true });

  // A calendar address, shown once.
  await page.getByRole('link', { name: 'Subscribe in Outlook or Google Calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Subscribe in your calendar' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /Create a (new )?calendar address/ }).click();
  const address = ((await page.locator('#calendar-address').textContent()) ?? '').trim();
  expect(address).toMatch(/^http:\/\/localhost:\d+\/calendar\/ncal_[A-Za-z0-9_-]{43}\/timetable\.ics$/);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('timetable-subscribe.png'), fullPage: true });

  // Fetched as a calendar program would: with the page's cookies, and with none at all.
  const withCookies = await page.request.get(address);
  expect(withCookies.status()).toBe(200);
  expect(withCookies.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const calendarProgram = await playwrightRequest.newContext();
  const feed = await calendarProgram.get(address);
  expect(feed.status()).toBe(200);
  const ics = await feed.text();
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics).toContain('X-WR-CALNAME:Nonsuch timetable: London');
  expect(ics).toMatch(/DTSTART;VALUE=DATE:\d{8}/);
  expect((ics.match(/BEGIN:VEVENT/g) ?? []).length).toBeGreaterThan(0);

  // Stopping it ends the feed.
  await page.getByRole('button', { name: 'Stop my calendar address' }).click();
  await expect(page.getByText('Your calendar address has stopped working.')).toBeVisible();
  expect((await calendarProgram.get(address)).status()).toBe(404);
  await calendarProgram.dispose();
});
