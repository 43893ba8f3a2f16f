import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { artifact, expectAccessible, signIn } from './support.ts';

/**
 * An administrator loads the real ONS borough and ward boundaries on the reference data page;
 * Lambeth's page then draws its map from them, wards and all, where before it showed its tile.
 *
 * The journeys share one server and run in file-name order. This one comes after two-factor.spec.ts,
 * which needs the demo administrator's first sign-in, and after every other journey, so the
 * boundaries it loads (which then place any new site with coordinates) change nothing they expect.
 */

const shared = (name: string) => fileURLToPath(new URL(`../../shared/data/${name}`, import.meta.url));

test('boundaries uploaded by an administrator draw the borough map with its wards', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'administrator');

  // Before: no boundaries, so Lambeth's square from the tile map stands in.
  await page.goto('/boroughs/E09000022');
  await expect(page.getByRole('heading', { level: 2, name: 'Map', exact: true })).toBeVisible();
  await expect(page.getByText('No boundaries are loaded, so Lambeth is shown as its square')).toBeVisible();
  await expect(
    page.getByRole('img', { name: 'Lambeth, shown as its square (LAM) on the London tile map' }),
  ).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Wards and constituencies' }).click();
  for (const [file, loaded] of [
    ['london_boroughs_lad22_bgc.geojson', 'The borough boundaries (2022) loaded: 33 features read, 33 added'],
    ['london_wards_2022_bsc.geojson', 'The ward boundaries (2022) loaded: 704 features read, 704 added'],
  ] as const) {
    await page.getByLabel('Boundaries (GeoJSON)').check();
    await page.getByLabel('File').setInputFiles(shared(file));
    await page.getByRole('button', { name: 'Load file' }).click();
    await expect(page.getByText(loaded)).toBeVisible();
  }
  await expect(page.getByRole('row', { name: /Ward boundaries 2022 704/ })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/boroughs/E09000022');
  const map = page.getByRole('group', { name: 'Map' });
  await expect(map).toBeVisible();
  await expect(page.locator('#map-description')).toContainText(
    'The boundary of Lambeth with its 25 wards (2022 boundaries)',
  );
  await expect(map.locator('path > title')).toHaveCount(25);
  await expect(map.locator('path > title', { hasText: 'Brixton Windrush' })).toHaveCount(1);
  await expect(
    page.getByRole('list', { name: 'Wards on the map (2022 boundaries)' }).getByRole('listitem'),
  ).toHaveCount(25);
  await expect(page.getByRole('list', { name: 'Key to the map' })).toContainText('Borough boundary');
  await expect(
    page.getByText('Source: Office for National Statistics licensed under the Open Government Licence v3.0.'),
  ).toBeVisible();
  // The map is drawn, not stood in for.
  await expect(page.getByText('No boundaries are loaded')).toHaveCount(0);
  // Each site on the map is a named link, and the list beside the map has the same sites.
  const sites = map.getByRole('link');
  const placed = await sites.count();
  await expect(page.getByRole('list', { name: 'Sites on the map' }).getByRole('link')).toHaveCount(placed);
  await expectAccessible(page);
  await page.screenshot({ path: artifact('borough-map-lambeth.png'), fullPage: true });
  await page.locator('.nonsuch-borough-map').screenshot({ path: artifact('borough-map-lambeth-map.png') });

  if (placed > 0) {
    const first = sites.first();
    const name = (await first.getAttribute('aria-label')) ?? '';
    expect(name).toMatch(/^Site 1: .+ \(.+\)$/);
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}$/);
  }
});
