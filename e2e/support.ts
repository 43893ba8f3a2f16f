import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The demo administrator the e2e server created (see e2e/serve.ts). */
export function demoAdmin(): { email: string; password: string } {
  return JSON.parse(
    readFileSync(
      fileURLToPath(new URL(`./.run/${process.env.E2E_PORT ?? '3210'}/credentials.json`, import.meta.url)),
      'utf8',
    ),
  );
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

export async function signIn(page: Page): Promise<void> {
  const admin = demoAdmin();
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'London overview' })).toBeVisible();
}
