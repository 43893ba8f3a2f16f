import { expect, test } from '@playwright/test';
import { artifact, expectAccessible, signIn } from './support.ts';

/** A London calendar day some days before today, as the date field takes it. */
const daysAgo = (days: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

test('a borough lead adds an organisation and a person, records consent and edits the person', async ({
  page,
}) => {
  // A long journey with axe on each of its dozen pages: more than the default minute on a busy machine.
  test.setTimeout(240_000);
  await signIn(page, 'borough_lead');

  // An organisation first, so the person can belong to it.
  await page.goto('/organisations');
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add an organisation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add an organisation' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Name').fill('Kennington Lido Friends');
  await page.getByLabel('Community group').check();
  await page.getByLabel('Borough').selectOption({ label: 'Lambeth' });
  await page.getByLabel('E-mail (optional)').fill('hello@lidofriends.example');
  await page.getByLabel('Website (optional)').fill('https://lidofriends.example');
  await page.getByRole('button', { name: 'Add organisation' }).click();
  await expect(page.getByText('Organisation added.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Kennington Lido Friends' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('organisation.png'), fullPage: true });

  // The person form: a mistake first, then the whole record.
  await page.goto('/stakeholders/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Add a person' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('E-mail address 1').fill('ifeoma.okonjo@lambeth.example');
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Enter the person’s name' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Choose at least one borough, ward or constituency the person covers' }),
  ).toBeVisible();
  await expect(page.getByLabel('E-mail address 1')).toHaveValue('ifeoma.okonjo@lambeth.example');
  await expectAccessible(page);
  await page.screenshot({ path: artifact('person-form-errors.png'), fullPage: true });

  await page.getByLabel('Name', { exact: true }).fill('Cllr Ifeoma Okonjo');
  // The empty spare box became a second one after the first save.
  await page.getByLabel('E-mail address 2').fill('ifeoma@home.example');
  await page.getByLabel('Telephone number 1').fill('020 7926 2000');
  await page.getByLabel('Ward councillor').check();
  await page.getByLabel('Large print').check();
  await page.getByLabel('Ward 1').selectOption({ label: 'Windmill Hill' });
  await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Kennington Lido Friends' });
  await page.getByLabel('Position (optional)').fill('Patron');
  await page.getByRole('group', { name: 'Influence (optional)' }).getByLabel('4').check();
  await page.getByRole('group', { name: 'Interest (optional)' }).getByLabel('5').check();
  await page.getByLabel('Last verified (optional)').fill(daysAgo(30));
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add person' }).click();

  await expect(page.getByText('Person added.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Cllr Ifeoma Okonjo' })).toBeVisible();
  await expect(page.getByText('No — no consent recorded')).toBeVisible();
  await expect(page.getByText('ifeoma@home.example')).toBeVisible();
  await expect(page.getByText('Ward: Windmill Hill')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Kennington Lido Friends' })).toBeVisible();
  await expect(page.getByText('Public task')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add to Lambeth’s top 100' })).toBeVisible();
  await expectAccessible(page);

  // Consent, from the record.
  await page.getByRole('button', { name: 'Record consent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Record e-newsletter consent' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Given: they agreed to receive the e-newsletter').check();
  await page.getByLabel('At a meeting').check();
  await page.getByLabel('Version of the wording shown').fill('newsletter-2026-01');
  await page.getByLabel('Evidence').fill('Signed the sign-up sheet at the Windmill Hill ward forum');
  await page.getByRole('button', { name: 'Record consent event' }).click();
  await expect(page.getByText('Consent event recorded.')).toBeVisible();
  await expect(page.getByText('Yes (ifeoma.okonjo@lambeth.example)')).toBeVisible();
  const ledger = page.getByRole('table', { name: 'Consent history, newest first' });
  await expect(ledger.getByRole('row', { name: /Given At a meeting newsletter-2026-01/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('person.png'), fullPage: true });

  // On a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  await page.screenshot({ path: artifact('person-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Edit: one e-mail fewer and another ward.
  await page.getByRole('button', { name: 'Edit Cllr Ifeoma Okonjo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Change Cllr Ifeoma Okonjo' })).toBeVisible();
  await expect(page.getByLabel('E-mail address 2')).toHaveValue('ifeoma@home.example');
  await expectAccessible(page);
  await page.getByLabel('E-mail address 2').fill('');
  await page.getByLabel('Ward 2').selectOption({ label: 'Lido Gardens' });
  await page.getByLabel('Preferred language (optional)').fill('Igbo');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByText('Ward: Lido Gardens')).toBeVisible();
  await expect(page.getByText('Igbo')).toBeVisible();
  await expect(page.getByText('ifeoma@home.example')).toHaveCount(0);
  await expect(page.getByText('Yes (ifeoma.okonjo@lambeth.example)')).toBeVisible();
  await expectAccessible(page);

  // The organisation now lists its member; and it can be changed.
  await page.getByRole('link', { name: 'Kennington Lido Friends' }).click();
  await expect(page.getByRole('row', { name: /Cllr Ifeoma Okonjo Patron/ })).toBeVisible();
  await page.getByRole('button', { name: 'Edit Kennington Lido Friends' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Change Kennington Lido Friends' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Telephone (optional)').fill('020 7946 0100');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('020 7946 0100')).toBeVisible();

  // The list filters by borough and type.
  await page.goto('/organisations');
  await page.getByLabel('Borough').selectOption({ label: 'Lambeth' });
  await page.getByLabel('Type').selectOption({ label: 'Community group' });
  await page.getByRole('button', { name: 'Filter organisations' }).click();
  await expect(page.getByRole('link', { name: 'Kennington Lido Friends' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('organisations.png'), fullPage: true });
});

test('an administrator adds a role to the controlled list', async ({ page }) => {
  await signIn(page, 'administrator');
  await page.goto('/stakeholders/roles');
  await expect(page.getByRole('heading', { level: 1, name: 'Stakeholder roles' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Name of the role').fill('Tenants’ federation chair');
  await page.getByRole('button', { name: 'Add role' }).click();
  await expect(page.getByText('Role added to the list.')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Tenants’ federation chair' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: artifact('stakeholder-roles.png'), fullPage: true });
});
