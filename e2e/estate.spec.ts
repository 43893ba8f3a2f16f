import { expect, test } from '@playwright/test';
import { artifact, expectAccessible, signIn } from './support.ts';

const lambeth = 'E09000022';

/** A London calendar day some months from today, as the date field takes it. */
const monthsAhead = (months: number): string => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

test('a borough lead adds a site and a proposal, edits it twice and compares the versions', async ({
  page,
}) => {
  await signIn(page, 'borough_lead');
  await page.goto(`/boroughs/${lambeth}`);
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sites' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add a site' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a site' })).toBeVisible();
  await expectAccessible(page);

  // A mistake first: the summary names each problem, and nothing is saved.
  await page.getByLabel('Name').fill('Gipsy Hill Front Counter');
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Choose the type of site' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Front counter').check();
  await page.getByLabel('Address').fill('12 Gipsy Hill');
  await page.getByLabel('Postcode').fill('se19 1qr');
  await page.getByLabel('Ward (2022 boundaries)').selectOption({ label: 'Windmill Hill' });
  await page.getByLabel('Public access (optional)').fill('Tuesday and Thursday, 10am to 4pm');
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByText('Site added.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Gipsy Hill Front Counter' })).toBeVisible();
  await expect(page.getByText('SE19 1QR')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Add a proposal' }).click();
  await page.getByLabel('Dispose of the site').check();
  await page.getByLabel('Title').fill('Sell the Gipsy Hill front counter');
  await page.getByLabel('Summary').fill('Close the counter and sell the building.');
  await page.getByLabel('Reasons').fill('Eleven visitors a week; the lease costs £60,000 a year.');
  await page.getByLabel('Description').first().fill('Open fewer hours');
  await page.getByLabel('One-off cost').first().fill('15000');
  await page.getByLabel('Engagement starts').fill(monthsAhead(1));
  await page.getByLabel('Decision due').fill(monthsAhead(3));
  await page.getByLabel('Disposal (disposals and relocations only)').fill(monthsAhead(6));
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add proposal' }).click();
  await expect(page.getByText('Proposal added.')).toBeVisible();
  await expect(page.locator('h1 + p').getByText('Imminent')).toBeVisible();
  await expectAccessible(page);

  // Two edits: publish it, then change the summary after hearing from the ward panel.
  await page.getByRole('button', { name: 'Change proposal' }).click();
  await page.getByLabel('Status').selectOption({ label: 'Published for engagement' });
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByText('Changes saved as a new version.')).toBeVisible();
  await page.getByRole('button', { name: 'Change proposal' }).click();
  await page.getByLabel('Summary').fill('Close the counter; keep a contact point in Gipsy Hill library.');
  await page.getByLabel('What changed and why (optional)').fill('After the ward panel');
  await page.getByRole('button', { name: 'Save as a new version' }).click();

  const versions = page.getByRole('table', { name: 'Versions of this proposal' });
  await expect(versions.locator('tbody tr')).toHaveCount(3);
  await page.getByLabel('Compare version').selectOption('1');
  await page.getByLabel('with version').selectOption('3');
  await page.getByRole('button', { name: 'Compare versions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Version 1 and version 3' })).toBeVisible();
  const summaryRow = page.getByRole('row', { name: /Summary Changed/ });
  await expect(summaryRow).toContainText('Close the counter and sell the building.');
  await expect(summaryRow).toContainText('keep a contact point in Gipsy Hill library');
  await expectAccessible(page);
  await page.screenshot({ path: artifact('proposal-compare.png'), fullPage: true });

  // The borough page marks it imminent.
  await page.goto(`/boroughs/${lambeth}`);
  const row = page.getByRole('row', { name: /Sell the Gipsy Hill front counter/ });
  await expect(row.getByText('Imminent')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('borough-estate.png'), fullPage: true });

  // The site keeps its history.
  await row.getByRole('link', { name: 'Gipsy Hill Front Counter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gipsy Hill Front Counter' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'History' })).toBeVisible();
  await expect(page.getByText('Version 1: added by Tom Okafor')).toBeVisible();
});

test('a programme lead agrees a borough’s AMP as final', async ({ page }) => {
  await signIn(page, 'programme_lead');
  await page.goto(`/boroughs/${lambeth}/amp`);
  await expect(page.getByRole('heading', { level: 1, name: 'Asset Management Plan' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Note (optional)').fill('Estates board, November');
  await page.getByRole('button', { name: 'Agree AMP as final' }).click();
  await expect(page.getByText('AMP agreed as final.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /Version 1: Final, agreed/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('amp.png'), fullPage: true });
});
