import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { type DemoAccount, demoAccounts } from '../src/demo/build-demo.ts';
import type { Role } from '../src/domain/access/actor.ts';

const runFile = (name: string) =>
  fileURLToPath(new URL(`./.run/${process.env.E2E_PORT ?? '3210'}/${name}`, import.meta.url));

/** The demo administrator the e2e server created (see e2e/serve.ts); every demo account shares the password. */
export function demoAdmin(): { email: string; password: string } {
  return JSON.parse(readFileSync(runFile('credentials.json'), 'utf8'));
}

/** The demo account of a role, with the shared demo password. */
export function demoAccount(role: Role): DemoAccount & { password: string } {
  const account = demoAccounts.find((a) => a.role === role);
  if (!account) throw new Error(`the demo dataset has no ${role}`);
  return { ...account, password: demoAdmin().password };
}

/** WCAG 2.2 A and AA, as axe-core checks them: every page a journey visits must have no violations. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

export const artifact = (name: string): string =>
  fileURLToPath(new URL(`../test-results/screenshots/${name}`, import.meta.url));

/**
 * The authenticator app of the journeys: the keys of the demo accounts that set up two-factor,
 * kept beside the server's data so every spec in the run can sign them in.
 */
type KeyRing = Record<string, { key: string; lastStep: number }>;
const keyRing = (): KeyRing =>
  existsSync(runFile('totp.json')) ? JSON.parse(readFileSync(runFile('totp.json'), 'utf8')) : {};

/**
 * Keeps an account's key. Unless told it is unused, the current 30-second step counts as used, since
 * a spec that enrols by itself has just spent this step's code.
 */
export function rememberTotpKey(
  email: string,
  key: string,
  lastStep = Math.floor(Date.now() / 30_000),
): void {
  writeFileSync(
    runFile('totp.json'),
    JSON.stringify({ ...keyRing(), [email]: { key: key.replace(/\s/g, ''), lastStep } }),
  );
}

const totpFor = (key: string) => new TOTP({ secret: Secret.fromBase32(key) });

/** A code for the account that the server has not yet accepted (a code works once): waits for the next step if needed. */
export async function appCode(email: string): Promise<string> {
  const ring = keyRing();
  const entry = ring[email];
  if (!entry) throw new Error(`no authenticator key remembered for ${email}`);
  let step = Math.floor(Date.now() / 30_000);
  if (step <= entry.lastStep) {
    await new Promise((resolve) => setTimeout(resolve, (entry.lastStep + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  writeFileSync(runFile('totp.json'), JSON.stringify({ ...ring, [email]: { ...entry, lastStep: step } }));
  return totpFor(entry.key).generate({ timestamp: step * 30_000 });
}

/**
 * Signs in as the demo account of a role through the real pages. Administrators and programme
 * leads set up two-factor the first time (the key is remembered) and enter a code afterwards.
 */
export async function signIn(page: Page, role: Role = 'analyst'): Promise<void> {
  const account = demoAccount(role);
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  if (new URL(page.url()).pathname === '/sign-in/two-factor/set-up') {
    rememberTotpKey(account.email, (await page.locator('#totp-secret').textContent()) ?? '', 0);
    await page.getByLabel('Code from the app').fill(await appCode(account.email));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  } else if (new URL(page.url()).pathname === '/sign-in/two-factor') {
    await page.getByLabel('Enter the code from your authenticator app').fill(await appCode(account.email));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name: 'London overview' })).toBeVisible();
}
