import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { artifact, expectAccessible, signIn } from './support.ts';

/**
 * Personal data in the browser: an administrator reads a person's subject access export and then
 * erases them (the address arrives suppressed when it is added again); a borough lead merges two
 * records of one person; the records past review and the possible duplicates.
 */

/** Adds a person in Lambeth through the person form, as the signed-in programme lead or borough lead. */
async function addPerson(page: Page, person: { name: string; email: string; phone?: string; ward: string }) {
  await page.goto('/stakeholders/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Add a person' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('E-mail address 1').fill(person.email);
  if (person.phone) await page.getByLabel('Telephone number 1').fill(person.phone);
  await page.getByLabel('Ward councillor').check();
  await page.getByLabel('Ward 1').selectOption({ label: person.ward });
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByText('Person added.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: person.name })).toBeVisible();
  return page.url();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test('an administrator reads a person’s subject access export, then erases them', async ({ page }) => {
  // Two sign-ins with two-factor codes, and axe on every page: more than the default minute.
  test.setTimeout(300_000);
  const name = 'Bartholomew Quince';
  const email = 'b.quince@quince-e2e.example';

  await signIn(page, 'programme_lead');
  const personUrl = await addPerson(page, { name, email, phone: '020 7946 0777', ward: 'Windmill Hill' });
  await signOut(page);

  await signIn(page, 'administrator');
  await page.goto(personUrl);
  await page.getByRole('link', { name: 'Subject access export' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: `Everything Nonsuch holds about ${name}` }),
  ).toBeVisible();
  await expect(page.getByText(/^Produced on \d{1,2} \w+ \d{4} by Demo Administrator\.$/)).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: '2. E-mail addresses and telephone numbers' }),
  ).toBeVisible();
  await expect(page.getByRole('cell', { name: email })).toBeVisible();
  await expect(page.getByText('Nonsuch holds nothing about them in these categories:')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('subject-access.png'), fullPage: true });
  // As printed: no navigation, buttons or links away.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Download as JSON' })).toBeHidden();
  await page.screenshot({ path: artifact('subject-access-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download as JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^subject-access-bartholomew-quince-\d{4}-\d\d-\d\d\.json$/);
  const exported = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as {
    name: string;
    sections: { key: string; items: unknown[] }[];
  };
  expect(exported.name).toBe(name);
  expect(JSON.stringify(exported.sections.find((s) => s.key === 'contacts'))).toContain(email);

  await page.goto(personUrl);
  await page.getByRole('link', { name: 'Erase this person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Erase this person' })).toBeVisible();
  await expect(page.getByText('1 e-mail address is removed and put on the suppression list')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('erase.png'), fullPage: true });

  // A name that does not match refuses, and says why.
  await page.getByLabel(`To confirm, type the person’s name: ${name}`).fill('Bartholomew');
  await page.getByRole('button', { name: `Erase ${name}` }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expect(
    page.getByRole('link', {
      name: 'The name typed does not match: type the person’s name exactly as shown',
    }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('erase-refused.png'), fullPage: true });

  await page.getByLabel(`To confirm, type the person’s name: ${name}`).fill('bartholomew quince');
  await page.getByRole('button', { name: `Erase ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Erased person' })).toBeVisible();
  await expect(page.getByText('a ward councillor', { exact: true })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await expectAccessible(page);

  // The records past review.
  await page.goto('/stakeholders/review');
  await expect(page.getByRole('heading', { level: 1, name: 'Records past their review date' })).toBeVisible();
  await expectAccessible(page);
  // The list can be long: the first screenful shows what it is.
  await page.screenshot({ path: artifact('retention-review.png') });
  await signOut(page);

  // The same address added again arrives suppressed.
  await signIn(page, 'programme_lead');
  await addPerson(page, { name: 'Barty Quince', email, ward: 'Windmill Hill' });
  await expect(page.getByText('On the suppression list', { exact: true })).toBeVisible();
  await expect(page.getByText('No — address on the suppression list')).toBeVisible();
});

test('a borough lead merges two records of one person', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'borough_lead');
  const keptUrl = await addPerson(page, {
    name: 'Delphine Achterberg',
    email: 'delphine@achterberg-e2e.example',
    ward: 'Windmill Hill',
  });
  const otherUrl = await addPerson(page, {
    name: 'Cllr Delphine Achterberg-Sloane',
    email: 'd.sloane@achterberg-e2e.example',
    phone: '020 7946 0888',
    ward: 'Windmill Hill',
  });

  await page.goto('/stakeholders/duplicates');
  await expect(page.getByRole('heading', { level: 1, name: 'Possible duplicates' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('duplicates.png'), fullPage: true });
  const dismiss = page.getByRole('button', { name: /^Not the same person/ });
  if ((await dismiss.count()) > 0) {
    await dismiss.first().click();
    await expect(page.getByText('Marked as not the same person.')).toBeVisible();
    await expectAccessible(page);
  }

  await page.goto(keptUrl);
  await page.getByRole('link', { name: 'Merge with another record' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Merge with another record' })).toBeVisible();
  await page.getByLabel('Name, organisation or e-mail address').fill('Achterberg');
  await page.getByRole('button', { name: 'Search' }).click();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('merge-search.png'), fullPage: true });
  await page.getByRole('link', { name: 'Compare with Cllr Delphine Achterberg-Sloane' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Merge two records of one person' }),
  ).toBeVisible();
  const nameChoice = page.getByRole('group', { name: 'Name' });
  await expect(nameChoice.getByLabel('Delphine Achterberg', { exact: true })).toBeChecked();
  await expect(
    page.getByRole('group', { name: 'E-mail addresses' }).getByLabel('Keep the addresses of both'),
  ).toBeChecked();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('merge.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  await page.screenshot({ path: artifact('merge-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await nameChoice.getByLabel('Cllr Delphine Achterberg-Sloane').check();
  await page.getByRole('button', { name: 'Merge the records' }).click();
  await expect(page).toHaveURL(new RegExp(`${new URL(keptUrl).pathname}`));
  await expect(
    page.getByRole('heading', { level: 1, name: 'Cllr Delphine Achterberg-Sloane' }),
  ).toBeVisible();
  await expect(page.getByText('delphine@achterberg-e2e.example')).toBeVisible();
  await expect(page.getByText('d.sloane@achterberg-e2e.example')).toBeVisible();
  await expect(page.getByText('020 7946 0888')).toBeVisible();
  await expectAccessible(page);

  // The other record's old address leads to the one kept.
  await page.goto(otherUrl);
  await expect(page).toHaveURL(new RegExp(`${new URL(keptUrl).pathname}$`));
  await expect(
    page.getByRole('heading', { level: 1, name: 'Cllr Delphine Achterberg-Sloane' }),
  ).toBeVisible();
});
