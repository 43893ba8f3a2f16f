import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  type TestDeps,
} from '../../../test/harness.ts';
import { contextFor } from '../../deps.ts';
import { operator } from '../../domain/access/actor.ts';
import { createApiToken } from '../../domain/access/create-api-token.ts';
import { agreeAmp } from '../../domain/estate/agree-amp.ts';
import { createProposal } from '../../domain/estate/create-proposal.ts';
import { createSite } from '../../domain/estate/create-site.ts';
import type { ProposalInput } from '../../domain/estate/proposal.ts';
import type { SiteInput } from '../../domain/estate/site.ts';
import { updateProposal } from '../../domain/estate/update-proposal.ts';
import { updateSite } from '../../domain/estate/update-site.ts';

/** The test clock's London day is 2026-11-22. */
const lambeth = 'E09000022';
const camden = 'E09000007';
const missingUuid = '00000000-0000-4000-8000-000000000000';

let t: RouteTestApp;
let deps: TestDeps;
let app: FastifyInstance;
let token: string;
let lambethLeadToken: string;

const ids = {
  station: '',
  counter: '',
  camdenSite: '',
  imminent: '',
  later: '',
  camdenProposal: '',
};

const aSite = (overrides: Partial<SiteInput>): SiteInput => ({
  name: 'Test Site',
  type: 'police-station',
  address: '1 Test Road, London',
  postcode: 'SE11 5AA',
  areaCode: lambeth,
  ...overrides,
});

const aProposal = (overrides: Partial<ProposalInput>): ProposalInput => ({
  changeType: 'dispose',
  title: 'Dispose of the site',
  summary: 'Sell the building once its teams have moved.',
  reasons: 'The building is under-used and costly to run.',
  ...overrides,
});

beforeAll(async () => {
  t = await routeTestApp();
  ({ deps, app, token } = t);
  const ctx = contextFor(deps, operator('test'));
  const lead = await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] });
  lambethLeadToken = (await createApiToken(ctx, { userId: lead.id, name: 'lead' })).token;

  const station = await createSite(
    ctx,
    aSite({
      name: 'Windmill Road Police Station',
      latitude: 51.46,
      longitude: -0.115,
      iconic: true,
      iconicReason: 'A landmark on the high street since 1910',
      heritageListing: 'grade-ii',
    }),
  );
  ids.station = station.id;
  await updateSite(ctx, {
    ...aSite({
      name: 'Windmill Road Police Station',
      latitude: 51.46,
      longitude: -0.115,
      iconic: true,
      iconicReason: 'A landmark on the high street since 1910',
      heritageListing: 'grade-ii',
      publicAccess: 'Monday to Friday, 9am to 5pm',
    }),
    id: station.id,
    note: 'Front counter hours added',
  });
  ids.counter = (
    await createSite(
      ctx,
      aSite({ name: 'Market Row Front Counter', type: 'front-counter', status: 'closed' }),
    )
  ).id;
  ids.camdenSite = (
    await createSite(ctx, aSite({ name: 'Canal Lock Base', postcode: 'NW1 8AA', areaCode: camden }))
  ).id;

  const imminent = await createProposal(ctx, {
    siteId: station.id,
    ...aProposal({
      title: 'Dispose of Windmill Road',
      alternatives: [
        {
          description: 'Refurbish and keep',
          assessment: 'Costed by the estates team',
          criteria: 'Cost, public access',
          costPence: '1,250,000.50',
          savingPence: 0,
        },
      ],
      replacementProvision: 'A front counter in the library',
      engagementStart: '2026-12-01',
      decisionDue: '2027-01-15',
      disposalDate: '2027-02-22', // three months ahead: imminent
    }),
  });
  ids.imminent = imminent.id;
  ids.later = (
    await createProposal(ctx, {
      siteId: ids.counter,
      ...aProposal({ title: 'Sell Market Row', disposalDate: '2028-01-22' }), // fourteen months: not imminent
    })
  ).id;
  ids.camdenProposal = (
    await createProposal(ctx, {
      siteId: ids.camdenSite,
      ...aProposal({ changeType: 'refurbish', title: 'Refurbish Canal Lock' }),
    })
  ).id;
  await agreeAmp(ctx, { gssCode: camden, agreedOn: '2026-11-01' });
});
afterAll(() => closeApp(t));

/** A GET with the analyst's token, another token, or (null) none. */
const get = (url: string, bearer: string | null = token) =>
  app.inject({ url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

describe('GET /api/v1/boroughs/{code}/sites', () => {
  it('answers 401 problem+json without a token', async () => {
    const res = await get(`/api/v1/boroughs/${lambeth}/sites`, null);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('lists the borough’s sites by name, and only its own', async () => {
    const res = await get(`/api/v1/boroughs/${lambeth}/sites`);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.map((s: { name: string }) => s.name)).toEqual([
      'Market Row Front Counter',
      'Windmill Road Police Station',
    ]);
    expect(data[1]).toEqual({
      id: ids.station,
      name: 'Windmill Road Police Station',
      type: 'police-station',
      address: '1 Test Road, London',
      postcode: 'SE11 5AA',
      borough: { gssCode: lambeth, name: 'Lambeth' },
      ward: null,
      coordinates: { latitude: 51.46, longitude: -0.115 },
      publicAccess: 'Monday to Friday, 9am to 5pm',
      status: 'operational',
      iconic: true,
      iconicReason: 'A landmark on the high street since 1910',
      heritageListing: 'grade-ii',
      version: 2,
      updatedAt: '2026-11-22T09:00:00.000Z',
      links: {
        self: `/api/v1/sites/${ids.station}`,
        page: `/sites/${ids.station}`,
        borough: `/api/v1/boroughs/${lambeth}`,
      },
    });
  });

  it('filters by type, status and iconic', async () => {
    const names = async (query: string) =>
      (await get(`/api/v1/boroughs/${lambeth}/sites?${query}`))
        .json()
        .data.map((s: { name: string }) => s.name);
    expect(await names('type=front-counter')).toEqual(['Market Row Front Counter']);
    expect(await names('status=operational')).toEqual(['Windmill Road Police Station']);
    expect(await names('iconic=true')).toEqual(['Windmill Road Police Station']);
    expect(await names('iconic=false')).toEqual(['Market Row Front Counter']);
    expect(await names('type=custody')).toEqual([]);
  });

  it.each([
    ['type=castle', 'type'],
    ['status=open', 'status'],
    ['iconic=yes', 'iconic'],
  ])('answers 400 problem+json naming the parameter for %s', async (query, field) => {
    const res = await get(`/api/v1/boroughs/${lambeth}/sites?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(Object.keys(res.json().errors)).toEqual([field]);
  });

  it('answers 404 for an unknown borough', async () => {
    const res = await get('/api/v1/boroughs/E09000099/sites');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('GET /api/v1/sites/{id}', () => {
  it('returns the site with its history and its proposals', async () => {
    const res = await get(`/api/v1/sites/${ids.station}`);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toMatchObject({ id: ids.station, version: 2, createdAt: '2026-11-22T09:00:00.000Z' });
    expect(data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(data.versions[0]).toMatchObject({
      changedBy: expect.stringContaining('test'),
      note: 'Front counter hours added',
      snapshot: { publicAccess: 'Monday to Friday, 9am to 5pm', areaCode: lambeth, iconic: true },
    });
    expect(data.versions[1].snapshot.publicAccess).toBeNull();
    expect(data.proposals).toHaveLength(1);
    expect(data.proposals[0]).toMatchObject({ id: ids.imminent, imminent: true });
  });

  it.each(['not-a-uuid', missingUuid])('answers 404 for the id %s', async (id) => {
    const res = await get(`/api/v1/sites/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('There is no such site.');
  });
});

describe('GET /api/v1/boroughs/{code}/proposals', () => {
  it('lists the borough’s proposals, a disposal three months ahead imminent and one fourteen months ahead not', async () => {
    const res = await get(`/api/v1/boroughs/${lambeth}/proposals`);
    expect(res.statusCode).toBe(200);
    const byTitle = Object.fromEntries(
      res.json().data.map((p: { title: string; imminent: boolean }) => [p.title, p.imminent]),
    );
    expect(byTitle).toEqual({ 'Dispose of Windmill Road': true, 'Sell Market Row': false });
  });

  it('filters on imminent', async () => {
    const titles = async (q: string) =>
      (await get(`/api/v1/boroughs/${lambeth}/proposals?imminent=${q}`))
        .json()
        .data.map((p: { title: string }) => p.title);
    expect(await titles('true')).toEqual(['Dispose of Windmill Road']);
    expect(await titles('false')).toEqual(['Sell Market Row']);
  });

  it('answers 400 naming imminent when it is neither true nor false', async () => {
    const res = await get(`/api/v1/boroughs/${lambeth}/proposals?imminent=soon`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual({ imminent: 'Give true or false' });
  });
});

describe('GET /api/v1/proposals/{id}', () => {
  it('returns every field, the alternatives in pence, and whether it is imminent', async () => {
    const res = await get(`/api/v1/proposals/${ids.imminent}`);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toMatchObject({
      id: ids.imminent,
      title: 'Dispose of Windmill Road',
      changeType: 'dispose',
      status: 'draft',
      reasons: 'The building is under-used and costly to run.',
      replacementProvision: 'A front counter in the library',
      engagementStart: '2026-12-01',
      decisionDue: '2027-01-15',
      implementationDate: null,
      disposalDate: '2027-02-22',
      imminent: true,
      site: { id: ids.station, name: 'Windmill Road Police Station', iconic: true },
      borough: { gssCode: lambeth, name: 'Lambeth' },
    });
    expect(data.alternatives).toEqual([
      {
        description: 'Refurbish and keep',
        assessment: 'Costed by the estates team',
        criteria: 'Cost, public access',
        costPence: 125_000_050,
        savingPence: 0,
      },
    ]);
  });

  it.each(['nope', missingUuid])('answers 404 for the id %s', async (id) => {
    const res = await get(`/api/v1/proposals/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('There is no such proposal.');
  });
});

describe('a proposal edited twice', () => {
  let id: string;
  beforeAll(async () => {
    const ctx = contextFor(deps, operator('test'));
    const base = aProposal({ title: 'Move the teams', changeType: 'relocate-functions' });
    id = (await createProposal(ctx, { siteId: ids.counter, ...base })).id;
    await updateProposal(ctx, { ...base, id, disposalDate: '2027-06-30', note: 'Disposal date set' });
    await updateProposal(ctx, {
      ...base,
      id,
      disposalDate: '2027-09-30',
      status: 'published',
      note: 'Published for engagement',
    });
  });

  it('has three versions, newest first, with their notes and snapshots', async () => {
    const { data } = (await get(`/api/v1/proposals/${id}`)).json();
    expect(data.version).toBe(3);
    expect(
      data.versions.map(
        (v: { version: number; note: string | null; snapshot: { disposalDate: string | null } }) => [
          v.version,
          v.note,
          v.snapshot.disposalDate,
        ],
      ),
    ).toEqual([
      [3, 'Published for engagement', '2027-09-30'],
      [2, 'Disposal date set', '2027-06-30'],
      [1, null, null],
    ]);
    expect(data.versions[2]).toMatchObject({
      changedAt: '2026-11-22T09:00:00.000Z',
      snapshot: { status: 'draft', title: 'Move the teams', alternatives: [] },
    });
  });

  it('compares version 1 with version 3 field by field', async () => {
    const res = await get(`/api/v1/proposals/${id}/versions/compare?from=1&to=3`);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toMatchObject({
      proposalId: id,
      from: { version: 1 },
      to: { version: 3 },
      versions: [1, 2, 3],
    });
    const changed = data.fields.filter((f: { changed: boolean }) => f.changed);
    expect(changed).toEqual([
      { field: 'disposalDate', label: 'Disposal', before: null, after: '2027-09-30', changed: true },
      { field: 'status', label: 'Status', before: 'draft', after: 'published', changed: true },
    ]);
    expect(data.fields.find((f: { field: string }) => f.field === 'title')).toEqual({
      field: 'title',
      label: 'Title',
      before: 'Move the teams',
      after: 'Move the teams',
      changed: false,
    });
  });

  it('answers 404 for a version the proposal does not have', async () => {
    const res = await get(`/api/v1/proposals/${id}/versions/compare?from=1&to=9`);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('This proposal has versions 1 to 3.');
  });

  it.each([
    ['from=one&to=3', ['from']],
    ['from=0&to=3', ['from']],
    ['to=3', ['from']],
    ['from=1&to=-2', ['to']],
  ])('answers 400 naming the parameter for %s', async (query, fields) => {
    const res = await get(`/api/v1/proposals/${id}/versions/compare?${query}`);
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().errors)).toEqual(fields);
  });
});

describe('GET /api/v1/boroughs/{code}/amp', () => {
  it('shows a draft AMP that was never agreed, with the borough’s proposals', async () => {
    const res = await get(`/api/v1/boroughs/${lambeth}/amp`);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toMatchObject({
      borough: { gssCode: lambeth, name: 'Lambeth' },
      status: 'draft',
      agreedOn: null,
      version: 0,
      versions: [],
    });
    expect(data.proposals.map((p: { id: string }) => p.id)).toContain(ids.imminent);
  });

  it('shows a final AMP with the day it was agreed and its first version', async () => {
    const { data } = (await get(`/api/v1/boroughs/${camden}/amp`)).json();
    expect(data).toMatchObject({ status: 'final', agreedOn: '2026-11-01', version: 1 });
    expect(data.versions).toEqual([
      {
        version: 1,
        changedAt: '2026-11-22T09:00:00.000Z',
        changedBy: expect.stringContaining('test'),
        note: 'Agreed as final on 2026-11-01',
        snapshot: {
          status: 'final',
          agreedOn: '2026-11-01',
          proposals: [{ id: ids.camdenProposal, title: 'Refurbish Canal Lock', version: 1, status: 'draft' }],
        },
      },
    ]);
  });

  it('answers 404 for an unknown borough', async () => {
    expect((await get('/api/v1/boroughs/E09000099/amp')).statusCode).toBe(404);
  });
});

describe('a Lambeth borough lead', () => {
  it('sees Lambeth’s estate', async () => {
    expect((await get(`/api/v1/boroughs/${lambeth}/sites`, lambethLeadToken)).statusCode).toBe(200);
    expect((await get(`/api/v1/sites/${ids.station}`, lambethLeadToken)).statusCode).toBe(200);
    expect((await get(`/api/v1/proposals/${ids.imminent}`, lambethLeadToken)).statusCode).toBe(200);
  });

  it.each([
    ['/boroughs/{camden}/sites', '/boroughs/E09000099/sites'],
    ['/boroughs/{camden}/proposals', '/boroughs/E09000099/proposals'],
    ['/boroughs/{camden}/amp', '/boroughs/E09000099/amp'],
    ['/sites/{camdenSite}', `/sites/${missingUuid}`],
    ['/proposals/{camdenProposal}', `/proposals/${missingUuid}`],
    [
      '/proposals/{camdenProposal}/versions/compare?from=1&to=1',
      `/proposals/${missingUuid}/versions/compare?from=1&to=1`,
    ],
  ])('gets 404 for Camden’s %s, exactly as for a missing one', async (template, missing) => {
    const url = template
      .replace('{camden}', camden)
      .replace('{camdenSite}', ids.camdenSite)
      .replace('{camdenProposal}', ids.camdenProposal);
    const scoped = await get(`/api/v1${url}`, lambethLeadToken);
    const absent = await get(`/api/v1${missing}`, lambethLeadToken);
    expect(scoped.statusCode).toBe(404);
    expect(absent.statusCode).toBe(404);
    const { requestId: _a, instance: _b, detail: scopedDetail, ...scopedRest } = scoped.json();
    const { requestId: _c, instance: _d, detail: absentDetail, ...absentRest } = absent.json();
    expect(scopedRest).toEqual(absentRest);
    // The detail names the code asked for, so compare it with the code swapped.
    expect(scopedDetail).toBe(absentDetail.replace('E09000099', camden));
  });
});
