import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { artifact, demoAdmin, expectAccessible, rememberTotpKey } from './support.ts';

/** What the person's authenticator app would show now for the key typed from the page. */
const appCode = (key: string) => new TOTP({ secret: Secret.fromBase32(key.replace(/\s/g, '')) }).generate();

test('an administrator sets up two-factor at first sign-in, keeps the recovery codes and signs in with one', async ({
  page,
}) => {
  const admin = demoAdmin();
  await page.goto('/sign-in');
  await expectAccessible(page);
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // An administrator must use two-factor, and has not set it up yet.
  await expect(page).toHaveURL(/\/sign-in\/two-factor\/set-up$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' }),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  await expectAccessible(page);

  // A wrong code first: the error summary points at the field.
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expectAccessible(page);

  const key = (await page.locator('#totp-secret').textContent()) ?? '';
  expect(key.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  // Later journeys sign the administrator in with this key (support.ts).
  rememberTotpKey(admin.email, key);
  await page.getByLabel('Code from the app').fill(appCode(key));
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Two-factor authentication is on' }),
  ).toBeVisible();
  const codes = (await page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('two-factor-recovery-codes.png'), fullPage: true });

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'London overview' })).toBeVisible();
  await expectAccessible(page);

  // Next time the password is followed by a code; a recovery code works once in its place.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\/two-factor$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Enter the code from your authenticator app' }),
  ).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Use a recovery code' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Enter a recovery code' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Enter a recovery code').fill(codes[0] ?? '');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'London overview' })).toBeVisible();

  // The account page says two-factor is on, with one recovery code used.
  await page.goto('/account/two-factor');
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor authentication' })).toBeVisible();
  await expect(page.getByText('Recovery codes left')).toBeVisible();
  await expect(page.locator('.govuk-summary-list')).toContainText('9');
  await expectAccessible(page);
});
