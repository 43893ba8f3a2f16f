import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readSpreadsheet } from '../src/documents/spreadsheet.ts';
import { artifact, expectAccessible, signIn } from './support.ts';

/**
 * The import journey: a programme lead uploads a small CSV of sites, checks the preview, imports
 * it, and downloads the sites as an Excel workbook with the new ones in it. A file with a problem
 * shows the problem and offers no button to import it.
 */

const run = Date.now().toString(36);
const kennington = `Kennington Police Station ${run}`;
const oval = `Oval Safer Neighbourhood Base ${run}`;

test('a programme lead imports sites from a CSV file and downloads them as Excel', async ({
  page,
}, testInfo) => {
  const good = testInfo.outputPath('lambeth-sites.csv');
  writeFileSync(
    good,
    [
      'Borough,Name,Type,Address,Post code,Status,Iconic,Iconic reason,Heritage listing',
      `Lambeth,${kennington},Police station,"49 Kennington Road, London",SE11 4QZ,Operational,Yes,The blue lamp over the door,Grade II listed`,
      `Lambeth,${oval},SNB,1 Harleyford Road,SE11 5SD,Operational,No,,`,
      '',
    ].join('\r\n'),
  );
  const bad = testInfo.outputPath('bad-sites.csv');
  writeFileSync(
    bad,
    [
      'Borough,Name,Type,Address,Postcode',
      `Lambeth,Broken Base ${run},Police box,1 Road,NOT A POSTCODE`,
      '',
    ].join('\n'),
  );

  await signIn(page, 'programme_lead');
  await page.goto('/estate/import');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Import and export sites and proposals' }),
  ).toBeVisible();
  await page.getByText('Which columns can a file have?').click();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('estate-import.png'), fullPage: true });

  // A file with problems: listed, and nothing to confirm.
  await page.getByLabel('Sites').check();
  await page.getByLabel('File').setInputFiles(bad);
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check bad-sites.csv' })).toBeVisible();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('There is a problem');
  await expect(summary).toContainText('Row 2, postcode: Enter a real UK postcode, like SE11 5HN');
  await expect(summary).toContainText('Row 2, type: “Police box” is not a type of site');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('estate-import-rejected.png'), fullPage: true });

  // The good file: previewed, then imported.
  await page.goto('/estate/import');
  await page.getByLabel('Sites').check();
  await page.getByLabel('File').setInputFiles(good);
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check lambeth-sites.csv' })).toBeVisible();
  await expect(page.locator('.govuk-summary-list')).toContainText('To add');
  const rows = page.locator('#rows tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(`${kennington}, Lambeth`);
  await expect(rows.nth(0)).toContainText('Add');
  await expect(rows.nth(0)).toContainText('A new site');
  await expectAccessible(page);
  await page.screenshot({ path: artifact('estate-import-preview.png'), fullPage: true });

  await page.getByRole('button', { name: 'Import: add 2 sites' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sites imported' })).toBeVisible();
  await expect(page.locator('.govuk-panel')).toContainText('From lambeth-sites.csv');
  await expect(page.locator('.govuk-summary-list')).toContainText(/Added\s*2/);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('estate-import-done.png'), fullPage: true });

  // The Excel export has them, in the layout the import reads.
  await page.getByRole('link', { name: 'Import another file' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('listitem').filter({ hasText: 'Sites:' }).getByRole('link', { name: 'Excel' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^nonsuch-sites-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = readFileSync(await download.path());
  const sheet = await readSpreadsheet(new Uint8Array(workbook));
  if (!sheet.ok) throw new Error(sheet.message);
  expect(sheet.format).toBe('xlsx');
  expect(sheet.header.slice(0, 5)).toEqual(['Site ID', 'Borough code', 'Borough', 'Name', 'Type']);
  const name = sheet.header.indexOf('Name');
  const heritage = sheet.header.indexOf('Heritage listing');
  const row = sheet.rows.find((r) => r.cells[name] === kennington);
  expect(row?.cells[heritage]).toBe('Grade II listed');
  expect(sheet.rows.some((r) => r.cells[name] === oval)).toBe(true);
});
