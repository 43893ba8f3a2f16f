import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { artifact, expectAccessible, signIn } from './support.ts';

/**
 * The stakeholder import journey: Tom Okafor, a borough lead, uploads a CSV he made, tells Nonsuch
 * which column holds the names (its heading is not one it knows), checks what every row would do,
 * imports it and watches the progress page until it is done. Then the same on a phone.
 */

const run = Date.now().toString(36);

test('a borough lead imports stakeholders from a CSV file, choosing a column himself', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('lambeth-contacts.csv');
  writeFileSync(
    csv,
    [
      '\uFEFFWho,E-mail address,Organisation,Job title,Role,Consent,Consent date,Consent wording',
      `Rev Ama Mensah ${run},ama.${run}@example.org,Brixton Churches ${run},Minister,Faith leader,yes,01/09/2026,newsletter-2026-01`,
      `Dev Patel ${run},DEV.${run}@Example.org,Brixton Traders ${run},Chair,Business leader,,,`,
      `Dev Patel ${run},dev.${run}@example.org,Brixton Traders ${run},,,,,`,
      `"Lena Ortiz ${run}",lena.${run}@example.org,,,,no,,`,
      ',,,,,,,',
      '',
    ].join('\r\n'),
  );

  await signIn(page, 'borough_lead');
  await page.goto('/stakeholders/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Import stakeholders' })).toBeVisible();
  await page.getByText('Which columns can a file have?').click();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-import.png'), fullPage: true });

  await page.getByLabel('Borough').selectOption({ label: 'Lambeth' });
  await page.getByLabel('File').setInputFiles(csv);
  await page.getByRole('button', { name: 'Upload and check' }).click();

  // "Who" is not a heading Nonsuch knows, so there is no name column yet: nothing can be imported.
  await expect(page.getByRole('heading', { level: 1, name: 'Check lambeth-contacts.csv' })).toBeVisible();
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'Choose the column that holds the person’s name',
  );
  await expect(page.getByLabel('Import “E-mail address” as')).toHaveValue('email');
  await expect(page.getByLabel('Import “Job title” as')).toHaveValue('position');
  await expect(page.getByRole('button', { name: /^Import \d/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-import-columns.png'), fullPage: true });

  await page.getByLabel('Import “Who” as').selectOption({ label: 'Full name' });
  await page.getByRole('button', { name: 'Use these columns and check again' }).click();
  await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
  const rows = page.locator('#rows');
  await expect(rows.locator('#row-2')).toContainText('Add');
  await expect(rows.locator('#row-4')).toContainText('The same person as row 3: folded into it');
  await expect(
    page.getByText(`New organisations in Lambeth: Brixton Churches ${run}, Brixton Traders ${run}.`),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-import-preview.png'), fullPage: true });

  await page.getByRole('button', { name: 'Import 3 people' }).click();
  await expect(page).toHaveURL(/\/stakeholders\/imports\/[0-9a-f-]{36}\/progress$/);
  await expect(page.getByRole('heading', { level: 1, name: /Import complete|Importing/ })).toBeVisible();
  // The page follows the import by itself until it is done.
  await expect(page.locator('.govuk-panel__title')).toHaveText('Import complete', { timeout: 30_000 });
  await expect(page.locator('.govuk-panel__body')).toHaveText('3 people added, 0 people changed');
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-import-done.png'), fullPage: true });

  // On a phone, the check of the rows stays readable.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/stakeholders/import');
  await page.getByLabel('Borough').selectOption({ label: 'Lambeth' });
  await page.getByLabel('File').setInputFiles(csv);
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await page.getByLabel('Import “Who” as').selectOption({ label: 'Full name' });
  await page.getByRole('button', { name: 'Use these columns and check again' }).click();
  await expect(rows.locator('#row-2')).toContainText('No change');
  await expect(
    page.getByText('Every person in this file is already in the database as the file has them'),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-import-phone.png'), fullPage: true });
});
