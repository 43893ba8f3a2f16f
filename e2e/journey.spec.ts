import { expect, test } from '@playwright/test';
import { artifact, demoAccount, expectAccessible, signIn } from './support.ts';

test('a new user signs in, reads the London overview and opens a borough', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Nonsuch' })).toBeVisible();
  await expectAccessible(page);

  // A mistake first: the error summary names the problem and links to the field.
  const analyst = demoAccount('analyst');
  await page.getByLabel('Email address').fill(analyst.email);
  await page.getByLabel('Password', { exact: true }).fill('not the right password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expect(page).toHaveTitle('Error: Sign in – Nonsuch');
  await expectAccessible(page);

  await page.getByLabel('Password', { exact: true }).fill(analyst.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'London overview' })).toBeVisible();
  await expect(page.getByText(analyst.displayName)).toBeVisible();

  const map = page.getByRole('group', { name: 'Map of the London areas' });
  await expect(map.getByRole('link')).toHaveCount(33);
  await expect(page.getByRole('table', { name: 'London areas' }).getByRole('row')).toHaveCount(34);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('london-overview.png'), fullPage: true });

  await map.getByRole('link', { name: 'CMD: Camden, Central North BCU' }).click();
  await expect(page).toHaveURL(/\/boroughs\/E09000007$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Camden' })).toBeVisible();
  await expect(page.getByText('Central North (CN)')).toBeVisible();
  // Its wards and constituencies (the demo's invented ones), and what the 2024 review changed.
  await expect(page.getByRole('heading', { level: 2, name: 'Wards (2022 boundaries)' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Heath and Canal' })).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Boundary changes from 2010 to 2024' }),
  ).toBeVisible();
  await expect(page.getByText('Islington and Squares')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('borough-camden.png'), fullPage: true });

  await page.getByRole('link', { name: 'Islington' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Islington' })).toBeVisible();
  await page.getByRole('link', { name: 'London overview' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'London overview' })).toBeVisible();
});

test('the areas table sorts by any column, and reads the same without JavaScript', async ({
  page,
  browser,
}) => {
  await signIn(page);
  const table = page.getByRole('table', { name: 'London areas' });
  await table.getByRole('button', { name: 'BCU' }).click();
  await expect(table.getByRole('columnheader', { name: 'BCU' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.locator('tbody tr').first()).toContainText('Central East (CE)');
  await expectAccessible(page);

  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await signIn(noScript);
  await expect(noScript.getByRole('table', { name: 'London areas' }).locator('tbody tr')).toHaveCount(33);
  await expect(
    noScript.getByRole('table', { name: 'London areas' }).locator('tbody tr').first(),
  ).toContainText('Barking and Dagenham');
  await plain.close();
});

test('the map works from the keyboard', async ({ page }) => {
  await signIn(page);
  const first = page.getByRole('group', { name: 'Map of the London areas' }).getByRole('link').first();
  await first.focus();
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/boroughs\/E09000010$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Enfield' })).toBeVisible();
});

test('a user creates and revokes a personal API token', async ({ page, request }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Token name').fill('Browser journey');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.locator('#new-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^nst_/);
  await expectAccessible(page);

  const ok = await request.get('/api/v1/boroughs', { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).data).toHaveLength(33);

  await page.getByRole('button', { name: 'Revoke Browser journey' }).click();
  await expect(page.getByText('Token revoked')).toBeVisible();
  const refused = await request.get('/api/v1/boroughs', { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toContain('application/problem+json');
});

test('the footer pages, the API documentation and the error pages are accessible', async ({ page }) => {
  for (const [path, heading] of [
    ['/accessibility', 'Accessibility statement for Nonsuch'],
    ['/privacy', 'Privacy notice'],
    ['/api/docs', 'Nonsuch API'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
  }
  // A form whose token no longer matches (a page left open across a restart, say).
  await page.goto('/sign-in');
  await page.locator('input[name="_csrf"]').evaluate((input: HTMLInputElement) => {
    input.value = 'stale';
  });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'The form had expired' })).toBeVisible();
  await expectAccessible(page);

  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectAccessible(page);
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Nonsuch' })).toBeVisible();
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/boroughs/E09000033');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test('on a phone the pages fit the screen', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await signIn(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('london-overview-phone.png'), fullPage: true });
  await context.close();
});
