import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { artifact, expectAccessible, signIn } from './support.ts';

/**
 * Tom Okafor, borough lead for Lambeth and Southwark, finds people in the stakeholder list, narrows
 * it to Lambeth, saves that as a segment, sees who in it can be e-mailed and why the others cannot,
 * and downloads it. The journey relies on the demo having people in Lambeth, not on any one of them.
 */
test('a borough lead searches, filters by borough, saves a segment and downloads its members', async ({
  page,
}) => {
  // A long journey with axe on every page: more time than the default on a busy machine.
  test.setTimeout(180_000);
  await signIn(page, 'borough_lead');
  await page.getByRole('link', { name: 'Stakeholders' }).click();
  await expect(page).toHaveURL(/\/stakeholders$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Stakeholders' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^[\d,]+ people$/ })).toBeVisible();
  const table = page.getByRole('table', { name: /^People, sorted by name/ });
  await expect(table).toBeVisible();
  // Only Tom's boroughs are offered.
  await expect(page.getByLabel('Borough').locator('option')).toHaveText([
    'All your boroughs',
    'Lambeth',
    'Southwark',
  ]);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-list.png'), fullPage: true });

  // Search for the first person by their last name: they are found.
  const firstName = ((await table.getByRole('rowheader').first().textContent()) ?? '').trim();
  const surname = firstName.split(/\s+/).at(-1) as string;
  await page.getByLabel('Name, organisation or e-mail').fill(surname);
  await page.getByRole('button', { name: 'Find people' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /people? found$/ })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: firstName }).first()).toBeVisible();
  await expectAccessible(page);

  // Sorted by last updated, newest first, through the column heading (a link, with or without JavaScript).
  await page.getByRole('link', { name: 'Clear the search and filters' }).click();
  await page.getByRole('link', { name: /^Last updated\W+sort newest first$/ }).click();
  await expect(page).toHaveURL(/sort=-updated/);
  await expect(
    page.getByRole('table', { name: 'People, sorted by last updated, newest first' }),
  ).toBeVisible();
  await page.getByRole('link', { name: /^Next 50/ }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByRole('link', { name: 'Back to the first page' })).toBeVisible();
  await expectAccessible(page);

  // Lambeth only, then saved as a segment.
  await page.getByLabel('Borough').selectOption({ label: 'Lambeth' });
  await page.getByRole('button', { name: 'Find people' }).click();
  const found = (await page.getByRole('heading', { level: 2, name: /people found$/ }).textContent()) ?? '';
  const members = found.replace(' found', '').trim();
  await expect(page.getByLabel('Ward').locator('option')).not.toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-list-lambeth.png'), fullPage: true });

  const listDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV of these people' }).click();
  const listCsv = await listDownload;
  expect(listCsv.suggestedFilename()).toMatch(/^stakeholders-E09000022-\d{4}-\d{2}-\d{2}\.csv$/);
  const listed = Papa.parse<Record<string, string>>(
    readFileSync(await listCsv.path(), 'utf8').replace(/^\uFEFF/, ''),
    { header: true, skipEmptyLines: true },
  );
  expect(`${listed.data.length.toLocaleString('en-GB')} people`).toBe(members);

  await page.getByRole('button', { name: 'Save as a segment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Save a segment' })).toBeVisible();
  await expect(page.getByLabel('Borough')).toHaveValue('E09000022');
  // A mistake first: the error summary names it.
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Enter a name for the segment' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Name of the segment').fill('Everyone we know in Lambeth');
  await page.getByRole('button', { name: 'Save segment' }).click();

  await expect(page.getByText('Segment saved.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Everyone we know in Lambeth' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: `${members} today` })).toBeVisible();
  const reach = page.getByRole('table', { name: 'Who the newsletter can go to' });
  for (const row of [
    'Can be e-mailed',
    'Cannot be e-mailed',
    'No e-mail address',
    'Address on the suppression list',
    'Consent withdrawn',
    'No consent recorded',
  ]) {
    await expect(
      reach.getByRole('row', { name: new RegExp(`^${row} [\\d,]+ (person|people)$`) }),
    ).toBeVisible();
  }
  await expect(page.getByRole('table', { name: /members/ }).getByRole('row')).not.toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('segment.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download members as CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^everyone-we-know-in-lambeth-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = Papa.parse<Record<string, string>>(
    readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, ''),
    {
      header: true,
      skipEmptyLines: true,
    },
  );
  expect(csv.meta.fields?.slice(-2)).toEqual(['Can be e-mailed', 'Why not']);
  expect(`${csv.data.length.toLocaleString('en-GB')} people`).toBe(members);
  const canBeEmailed = csv.data.filter((r) => r['Can be e-mailed'] === 'Yes').length;
  await expect(reach.getByRole('row', { name: /^Can be e-mailed/ })).toContainText(
    canBeEmailed.toLocaleString('en-GB'),
  );

  // The list of segments, the form to change it, and the confirmation before deleting.
  await page.getByRole('link', { name: 'Segments', exact: true }).click();
  await expect(page.getByRole('rowheader', { name: 'Everyone we know in Lambeth' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Everyone we know in Lambeth' }).click();
  await page.getByRole('button', { name: 'Change segment' }).click();
  await expect(page.getByLabel('Name of the segment')).toHaveValue('Everyone we know in Lambeth');
  await expectAccessible(page);
  await page.getByLabel('Newsletter consent').selectOption({ label: 'Given' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByText('Consent to the newsletter given')).toBeVisible();
  await page.getByRole('link', { name: 'Delete segment' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Delete the segment “Everyone we know in Lambeth”?' }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Delete segment' }).click();
  await expect(page.getByText('Segment deleted.')).toBeVisible();

  // On a phone the list keeps its filters above and its table scrolls sideways inside its region.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/stakeholders?areaCode=E09000022');
  await expect(page.getByRole('region', { name: /^People, sorted by name/ })).toBeVisible();
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(390);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-list-phone.png'), fullPage: true });
});
