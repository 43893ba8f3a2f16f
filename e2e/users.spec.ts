import { expect, test } from '@playwright/test';
import { artifact, demoAccount, expectAccessible, signIn } from './support.ts';

/**
 * The access journey: an administrator invites a borough lead for Lambeth; the lead chooses a
 * password through the link and finds nothing of Camden, in pages or through the API; the
 * administrator then reads, in the audit trail, the change the lead made a moment ago.
 */

const lead = { name: 'Lara Lambeth', email: `lara.lambeth.${Date.now()}@nonsuch.example` };
const leadPassword = 'Brixton window tulip kettle';

test('the sign-in page of a demo lists an account for each role', async ({ page }) => {
  await page.goto('/sign-in');
  const banner = page.locator('#demo-accounts');
  await expect(banner).toContainText('This is a demonstration of Nonsuch');
  await expect(banner).toContainText(demoAccount('analyst').password);
  for (const role of ['Administrator', 'Programme lead', 'Borough lead', 'Borough contributor', 'Analyst']) {
    await expect(banner.getByText(role, { exact: true })).toBeVisible();
  }
  await expect(banner).toContainText('Borough lead for Lambeth, Southwark');
  await expectAccessible(page);
  await page.screenshot({ path: artifact('sign-in-demo.png'), fullPage: true });
});

test('a borough lead for Lambeth, invited by an administrator, sees nothing of Camden; the administrator audits their change', async ({
  page,
  request,
}) => {
  // The administrator invites the lead.
  await signIn(page, 'administrator');
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('users.png'), fullPage: true });
  await page.getByRole('button', { name: 'Add a user' }).click();
  await expectAccessible(page);
  await page.getByLabel('Name').fill(lead.name);
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Borough lead').check();
  await page.getByLabel('Lambeth').check();
  await page.getByLabel('Invite them with a link to choose their own').check();
  await page.getByRole('button', { name: 'Add user' }).click();
  const link = (await page.locator('#password-link').textContent())?.trim() ?? '';
  expect(link).toContain('/set-password/');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The lead chooses a password through the link, then signs in.
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { level: 1, name: 'Create your password' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Password', { exact: true }).fill(leadPassword);
  await page.getByLabel('Confirm password').fill(leadPassword);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been set' })).toBeVisible();
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Password', { exact: true }).fill(leadPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Only Lambeth, in the map and the table; Camden is "not found", as if it did not exist.
  await expect(page.getByRole('heading', { level: 1, name: 'London overview' })).toBeVisible();
  await expect(
    page.getByText('Your borough: Lambeth. You see only the boroughs assigned to you.'),
  ).toBeVisible();
  const map = page.getByRole('group', { name: 'Map of your boroughs' });
  await expect(map.getByRole('link')).toHaveCount(1);
  await expect(page.getByRole('table', { name: 'London areas' })).not.toContainText('Camden');
  await expectAccessible(page);
  await page.screenshot({ path: artifact('borough-lead-overview.png'), fullPage: true });
  const camden = await page.goto('/boroughs/E09000007');
  expect(camden?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  expect(await page.content()).not.toContain('Camden');

  // The same through the API with the lead's own token.
  await page.goto('/account/tokens');
  await page.getByLabel('Token name').fill('Lambeth report');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.locator('#new-token').textContent())?.trim() ?? '';
  const headers = { authorization: `Bearer ${token}` };
  const list = await request.get('/api/v1/boroughs', { headers });
  expect((await list.json()).data.map((b: { name: string }) => b.name)).toEqual(['Lambeth']);
  expect((await request.get('/api/v1/boroughs/E09000007', { headers })).status()).toBe(404);

  // The lead revokes the token: a change the administrator will read in the audit trail.
  await page.getByRole('button', { name: 'Revoke Lambeth report' }).click();
  await expect(page.getByText('Token revoked')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'administrator');
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await page.getByLabel('Who').selectOption({ label: `${lead.name} (${lead.email})` });
  await page.getByRole('button', { name: 'Apply filter' }).click();
  const entry = page.getByRole('row').filter({ hasText: 'API token “Lambeth report” revoked' });
  await expect(entry).toBeVisible();
  await entry.getByText('Old and new values').click();
  await expect(entry.locator('.nonsuch-audit-new')).not.toBeEmpty();
  // Both reaches for Camden, the page and the API, were recorded as denials.
  await expect(page.getByRole('row').filter({ hasText: 'outside assigned boroughs' })).toHaveCount(2);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('audit-trail.png'), fullPage: true });
});

test('an administrator loads a ward list and sees what is loaded', async ({ page }) => {
  await signIn(page, 'administrator');
  await page.getByRole('link', { name: 'Wards and constituencies' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Wards and constituencies' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Wards', { exact: true }).check();
  await page.getByLabel('File').setInputFiles({
    name: 'wards.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('WD22CD,WD22NM,LAD22CD\nE05900013,Windmill Hill East,E09000022\n'),
  });
  await page.getByRole('button', { name: 'Load file' }).click();
  await expect(
    page.getByText('The wards (2022) loaded: 1 row read, 1 added, 0 changed, 0 unchanged.'),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('reference-data.png'), fullPage: true });
});

test('the account and administration pages are accessible', async ({ page }) => {
  // Signing in may wait for the authenticator's next code, as each code works once.
  test.setTimeout(120_000);
  await signIn(page, 'administrator');
  const visit = async (path: string, heading: string) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
  };
  await page.getByRole('link', { name: /^Demo Administrator\s*: your account$/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('account.png'), fullPage: true });
  await visit('/account/password', 'Change your password');
  await visit('/account/sessions', 'Your sessions');
  await visit('/account/two-factor', 'Two-factor authentication');
  await visit('/api-tokens', 'All API tokens');
  await visit('/settings', 'Settings');
  await page.goto('/users');
  await page.getByRole('link', { name: 'Tom Okafor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tom Okafor' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Change details' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Change Tom Okafor' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('user-edit.png'), fullPage: true });
});

test('an analyst sets up two-factor from their account', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.goto('/account/two-factor');
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' }),
  ).toBeVisible();
  await expectAccessible(page);
});
