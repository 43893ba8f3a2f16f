import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, type RouteTestApp, routeTestApp, signedInAgent } from '../../../../test/harness.ts';
import { aUser } from '../../../demo/builders.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { createUser } from '../../../domain/access/create-user.ts';
import { selectProposalVersions, selectSiteVersions } from '../../../domain/estate/estate.repo.ts';
import { importWards } from '../../../domain/geography/import-wards.ts';

const lambeth = 'E09000022';
const camden = 'E09000007';

let t: RouteTestApp;

const idFrom = (location: unknown, kind: string): string => {
  const match = new RegExp(`^/${kind}/([0-9a-f-]{36})`).exec(String(location));
  if (!match?.[1]) throw new Error(`no ${kind} id in ${String(location)}`);
  return match[1];
};

const siteForm = (overrides: Record<string, string> = {}) => ({
  name: 'Acre Lane Police Station',
  type: 'police-station',
  address: '1 Acre Lane',
  postcode: 'sw2 5sd',
  areaCode: lambeth,
  wardCode: '',
  latitude: '',
  longitude: '',
  publicAccess: 'Monday to Friday, 8am to 8pm',
  status: 'operational',
  heritageListing: 'grade-ii',
  iconic: 'yes',
  iconicReason: 'A landmark on the high street since 1905',
  note: '',
  ...overrides,
});

const proposalForm = (overrides: Record<string, string> = {}) => ({
  changeType: 'dispose',
  title: 'Sell Acre Lane Police Station',
  summary: 'Move the teams to the new base and sell the building.',
  reasons: 'The building costs £400,000 a year to run and is half empty.',
  'alt-0-description': 'Refurbish and keep',
  'alt-0-assessment': 'Costed by the estates team',
  'alt-0-criteria': 'Cost, public access',
  'alt-0-cost': '2,500,000',
  'alt-0-saving': '',
  replacementProvision: 'A contact point in the library',
  engagementStart: '2026-12-01',
  decisionDue: '2027-03-01',
  implementationDate: '2027-06-01',
  disposalDate: '2027-05-01',
  status: 'draft',
  note: '',
  ...overrides,
});

beforeAll(async () => {
  t = await routeTestApp({ role: 'borough_lead', boroughs: [lambeth] });
  await importWards(contextFor(t.deps, operator('test')), {
    text: `WD22CD,WD22NM,LAD22CD\nE05900001,Windmill Hill,${lambeth}\nE05900008,Heath Ponds,${camden}`,
  });
});
afterAll(() => closeApp(t));

describe('the estate pages, for a Lambeth borough lead', () => {
  let siteId: string;
  let proposalId: string;

  it('adds a site through the form, normalising the postcode and keeping version 1', async () => {
    const form = await t.agent.get(`/sites/new?borough=${lambeth}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Windmill Hill');
    expect(form.body).not.toContain('Heath Ponds');
    const res = await t.agent.post('/sites/new', siteForm({ wardCode: 'E05900001' }));
    expect(res.statusCode).toBe(303);
    siteId = idFrom(res.headers.location, 'sites');
    const page = await t.agent.get(`/sites/${siteId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('SW2 5SD');
    expect(page.body).toContain('Windmill Hill');
    expect(page.body).toContain('Version 1: added by');
    expect(await selectSiteVersions(t.deps.db, siteId)).toHaveLength(1);
  });

  it('re-renders the form with each problem named and writes nothing', async () => {
    const res = await t.agent.post(
      '/sites/new',
      siteForm({ name: 'Nowhere', postcode: 'not a postcode', iconicReason: '', type: '' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Enter a real UK postcode');
    expect(res.body).toContain('Say why the public is attached to this site');
    expect(res.body).toContain('Choose the type of site');
    expect(res.body).toContain('value="Nowhere"');
  });

  it('refuses a site in Camden on the form, keeping what was typed', async () => {
    const res = await t.agent.post('/sites/new', siteForm({ areaCode: camden }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Camden is not one of your boroughs');
    expect(res.body).toContain('value="Acre Lane Police Station"');
  });

  it('adds a proposal, edits it twice, and compares the versions side by side', async () => {
    const created = await t.agent.post(`/sites/${siteId}/proposals/new`, proposalForm());
    expect(created.statusCode).toBe(303);
    proposalId = idFrom(created.headers.location, 'proposals');
    const edit = await t.agent.get(`/proposals/${proposalId}/edit`);
    expect(edit.body).toContain('value="2500000"');
    expect(
      (
        await t.agent.post(
          `/proposals/${proposalId}/edit`,
          proposalForm({ status: 'published', expectedVersion: '1' }),
        )
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await t.agent.post(
          `/proposals/${proposalId}/edit`,
          proposalForm({
            status: 'published',
            summary: 'Keep a front counter in the library.',
            note: 'After the ward panel',
          }),
        )
      ).statusCode,
    ).toBe(303);
    expect(await selectProposalVersions(t.deps.db, proposalId)).toHaveLength(3);
    const page = await t.agent.get(`/proposals/${proposalId}`);
    expect(page.body).toContain('Imminent');
    expect(page.body).toContain('£2,500,000');
    const compare = await t.agent.get(`/proposals/${proposalId}/compare?from=1&to=3`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Version 1 and version 3');
    expect(compare.body).toContain('Keep a front counter in the library.');
    expect(compare.body).toMatch(/Status <strong class="govuk-tag govuk-tag--yellow nonsuch-tag">Changed/);
  });

  it('marks the imminent disposal on the borough page', async () => {
    const page = await t.agent.get(`/boroughs/${lambeth}`);
    expect(page.body).toContain('Sell Acre Lane Police Station');
    expect(page.body).toMatch(/1 imminent disposal/);
  });

  it('names the fields of an alternative by the block they were typed in', async () => {
    const res = await t.agent.post(
      `/proposals/${proposalId}/edit`,
      proposalForm({ status: 'published', 'alt-1-description': '', 'alt-1-cost': 'lots' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#alt-1-cost"');
    expect(res.body).toContain('Alternative 2: enter the cost in pounds');
  });

  it('refuses to take a published proposal back to draft', async () => {
    const res = await t.agent.post(`/proposals/${proposalId}/edit`, proposalForm({ status: 'draft' }));
    expect(res.statusCode).toBe(400);
    expect(await selectProposalVersions(t.deps.db, proposalId)).toHaveLength(3);
  });

  it('shows a conflict when someone changed the proposal since the form opened', async () => {
    const res = await t.agent.post(
      `/proposals/${proposalId}/edit`,
      proposalForm({ status: 'published', title: 'Stale', expectedVersion: '1' }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Someone else changed this proposal');
  });

  it('lists and filters the borough’s sites', async () => {
    const all = await t.agent.get(`/boroughs/${lambeth}/sites`);
    expect(all.body).toContain('Acre Lane Police Station');
    const custody = await t.agent.get(`/boroughs/${lambeth}/sites?type=custody`);
    expect(custody.body).toContain('No sites match these filters.');
  });

  it('shows the AMP as a draft, which a borough lead cannot agree', async () => {
    const amp = await t.agent.get(`/boroughs/${lambeth}/amp`);
    expect(amp.statusCode).toBe(200);
    expect(amp.body).toContain('Draft');
    expect(amp.body).not.toContain('Agree AMP as final');
    expect(
      (await t.agent.post(`/boroughs/${lambeth}/amp/agree`, { agreedOn: '2026-11-20' })).statusCode,
    ).toBe(403);
  });

  it('lets a programme lead agree the AMP; then the borough lead can no longer change its proposals', async () => {
    const lead = await createUser(contextFor(t.deps, operator('test')), aUser({ role: 'programme_lead' }));
    const agent = await signedInAgent(t.deps, t.app, lead.id);
    await agent.get(`/boroughs/${lambeth}/amp`);
    const future = await agent.post(`/boroughs/${lambeth}/amp/agree`, { agreedOn: '2027-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('cannot be in the future');
    const agreed = await agent.post(`/boroughs/${lambeth}/amp/agree`, {
      agreedOn: '2026-11-20',
      note: 'Estates board',
    });
    expect(agreed.statusCode).toBe(303);
    const amp = await agent.get(`/boroughs/${lambeth}/amp`);
    expect(amp.body).toContain('Final, agreed 20 November 2026');
    const refused = await t.agent.post(
      `/proposals/${proposalId}/edit`,
      proposalForm({ status: 'published', title: 'After the AMP' }),
    );
    expect(refused.statusCode).toBe(403);
  });
});

describe('the settings page', () => {
  it('changes the imminent window, which an administrator sets', async () => {
    const admin = await createUser(contextFor(t.deps, operator('test')), aUser({ role: 'administrator' }));
    const agent = await signedInAgent(t.deps, t.app, admin.id);
    await agent.get('/settings');
    const bad = await agent.post('/settings/planning', {
      imminentMonths: '0',
      wardVintage: '',
      constituencyVintage: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter at least 1 month');
    const notLoaded = await agent.post('/settings/planning', {
      imminentMonths: '6',
      wardVintage: '2018',
      constituencyVintage: '',
    });
    expect(notLoaded.body).toContain('Choose ward boundaries that are loaded');
    const ok = await agent.post('/settings/planning', {
      imminentMonths: '3',
      wardVintage: '2022',
      constituencyVintage: '',
    });
    expect(ok.statusCode).toBe(303);
    expect((await agent.get('/settings')).body).toContain('value="3"');
  });
});
