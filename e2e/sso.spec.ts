import { expect, type Page, test } from '@playwright/test';
import { demoAccounts } from '../src/demo/build-demo.ts';
import { type RunningProvider, startOidcProvider } from '../test/oidc-provider.ts';
import { ssoProvider } from './sso-provider.ts';
import { artifact, expectAccessible } from './support.ts';

/**
 * Single sign-on through the browser against a real OpenID Connect provider (oidc-provider, with
 * its development login form). The provider vouches for a demo colleague's e-mail address; Nonsuch
 * signs them in with their own Nonsuch role.
 */

// A demo colleague whose role needs no second factor, so the journey ends signed in.
const colleague = demoAccounts.find((a) => a.role === 'borough_lead');
if (!colleague) throw new Error('the demo dataset has no borough lead for the single sign-on journey');

let provider: RunningProvider;

test.beforeAll(async () => {
  provider = await startOidcProvider({
    port: ssoProvider.port,
    clientId: ssoProvider.clientId,
    clientSecret: ssoProvider.clientSecret,
    redirectUri: ssoProvider.redirectUri,
    accounts: [
      { id: 'colleague', email: colleague.email, email_verified: true },
      { id: 'stranger', email: 'stranger@elsewhere.example', email_verified: true },
    ],
  });
});

test.afterAll(async () => {
  await provider?.close();
});

/** The provider's own development pages: any password will do, the login names the account. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${ssoProvider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a colleague signs in with single sign-on and keeps their Nonsuch role', async ({ page }) => {
  await page.goto('/boroughs/E09000022');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  const link = page.getByRole('link', { name: `Sign in with ${ssoProvider.displayName}` });
  await expect(link).toBeVisible();
  await expectAccessible(page);

  await link.click();
  await signInAtProvider(page, 'colleague');

  // Back in Nonsuch, signed in, on the page first asked for.
  await expect(page).toHaveURL(/\/boroughs\/E09000022$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Lambeth' })).toBeVisible();
  await expect(page.getByText(colleague.displayName)).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('single-sign-on.png'), fullPage: true });
});

test('someone without a Nonsuch account is turned away on the sign-in page', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: `Sign in with ${ssoProvider.displayName}` }).click();
  await signInAtProvider(page, 'stranger');

  await expect(page).toHaveURL(/\/sign-in\/sso\/callback/);
  await expect(page).toHaveTitle('Error: Sign in – Nonsuch');
  const summary = page.getByRole('alert');
  await expect(summary.getByText('There is a problem')).toBeVisible();
  await expect(summary.getByText('You cannot sign in to Nonsuch with this account.')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('single-sign-on-refused.png'), fullPage: true });
});
