import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../../test/harness.ts';
import { contextFor } from '../deps.ts';
import { type Context, operator } from '../domain/access/actor.ts';
import { compareProposalVersions } from '../domain/estate/compare-proposal-versions.ts';
import type { SiteRecord } from '../domain/estate/estate.repo.ts';
import { getAmp } from '../domain/estate/get-amp.ts';
import type { ProposalSummary } from '../domain/estate/get-site.ts';
import { listProposals } from '../domain/estate/list-proposals.ts';
import { listSites } from '../domain/estate/list-sites.ts';
import { changeTypes } from '../domain/estate/proposal.ts';
import { normalisePostcode } from '../domain/estate/site.ts';
import { londonAreas } from '../domain/geography/london-areas.ts';
import { buildDemo } from './build-demo.ts';

/** The demo's estate, built on the suite's clock (London day 2026-11-22). */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const wardBoroughs = [lambeth, southwark, 'E09000007', 'E09000019'];
const metBoroughs = londonAreas.filter((a) => a.policeForce === 'metropolitan').map((a) => a.gssCode);

let deps: TestDeps;
let ctx: Context;
let sites: SiteRecord[];
let proposals: ProposalSummary[];

beforeAll(async () => {
  deps = await testDeps();
  await buildDemo(deps);
  ctx = contextFor(deps, operator('test'));
  sites = await listSites(ctx);
  proposals = await listProposals(ctx);
}, 120_000);
afterAll(() => deps.close());

const countBy = <T>(rows: readonly T[], key: (row: T) => string) => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
};

describe('the demo estate', () => {
  it('gives every Met borough two to four sites, and the City none', () => {
    const perBorough = countBy(sites, (s) => s.areaCode);
    expect([...perBorough.keys()].sort()).toEqual([...metBoroughs].sort());
    for (const code of metBoroughs) {
      expect(perBorough.get(code), code).toBeGreaterThanOrEqual(2);
      expect(perBorough.get(code), code).toBeLessThanOrEqual(4);
    }
    expect(perBorough.has('E09000001')).toBe(false);
  });

  it('gives every Met borough one to three proposals, and the City none', () => {
    const perBorough = countBy(proposals, (p) => p.areaCode);
    expect([...perBorough.keys()].sort()).toEqual([...metBoroughs].sort());
    for (const code of metBoroughs) {
      expect(perBorough.get(code), code).toBeGreaterThanOrEqual(1);
      expect(perBorough.get(code), code).toBeLessThanOrEqual(3);
    }
  });

  it('has real-format postcodes, unique site names, and coordinates for some sites', () => {
    for (const s of sites) expect(normalisePostcode(s.postcode), s.name).toBe(s.postcode);
    expect(new Set(sites.map((s) => s.name)).size).toBe(sites.length);
    const located = sites.filter((s) => s.latitude !== null);
    expect(located.length).toBeGreaterThan(sites.length / 2);
    expect(located.length).toBeLessThan(sites.length);
    for (const s of located) {
      expect(s.latitude).toBeGreaterThan(51.28);
      expect(s.latitude).toBeLessThan(51.7);
      expect(s.longitude).toBeGreaterThan(-0.52);
      expect(s.longitude).toBeLessThan(0.34);
    }
  });

  it('has at least three iconic sites, each with a reason and most with a heritage listing', () => {
    const iconic = sites.filter((s) => s.iconic);
    expect(iconic.length).toBeGreaterThanOrEqual(3);
    for (const s of iconic) expect(s.iconicReason).toBeTruthy();
    expect(iconic.filter((s) => s.heritageListing !== 'none').length).toBeGreaterThanOrEqual(3);
  });

  it('puts the sites of the demo’s four boroughs with wards in a ward', () => {
    const inWardBoroughs = sites.filter((s) => wardBoroughs.includes(s.areaCode));
    expect(inWardBoroughs.length).toBeGreaterThanOrEqual(8);
    for (const s of inWardBoroughs) expect(s.wardName, s.name).toBeTruthy();
  });

  it('has proposals of every kind, with alternatives, mostly draft or published and a few decided', () => {
    expect(new Set(proposals.map((p) => p.changeType))).toEqual(new Set(changeTypes));
    for (const p of proposals) {
      expect(p.alternatives.length, p.title).toBeGreaterThanOrEqual(1);
      expect(p.alternatives.length, p.title).toBeLessThanOrEqual(2);
      expect(p.reasons.length).toBeGreaterThan(20);
    }
    const statuses = countBy(proposals, (p) => p.status);
    const open = (statuses.get('draft') ?? 0) + (statuses.get('published') ?? 0);
    expect(open).toBeGreaterThan(proposals.length * 0.8);
    expect(statuses.get('draft')).toBeGreaterThan(0);
    expect(statuses.get('published')).toBeGreaterThan(0);
    expect(statuses.get('proceed') ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('has at least five imminent disposals on the test clock, and disposals beyond the window', () => {
    const imminent = proposals.filter((p) => p.imminent);
    expect(imminent.length).toBeGreaterThanOrEqual(5);
    for (const p of imminent)
      expect((p.disposalDate ?? '') > '2026-11-22' && (p.disposalDate ?? '') <= '2027-11-22').toBe(true);
    expect(proposals.filter((p) => p.disposalDate && !p.imminent).length).toBeGreaterThanOrEqual(2);
  });

  it('has engagement already started on some proposals and decisions due in the coming months', () => {
    expect(
      proposals.filter((p) => p.engagementStart && p.engagementStart < '2026-11-22').length,
    ).toBeGreaterThan(3);
    expect(
      proposals.filter((p) => p.decisionDue && p.decisionDue > '2026-11-22' && p.decisionDue < '2027-06-01')
        .length,
    ).toBeGreaterThan(5);
  });

  it('gives Lambeth an imminent disposal of a site in a ward, an iconic site and a draft AMP', async () => {
    const disposal = proposals.find(
      (p) => p.areaCode === lambeth && p.changeType === 'dispose' && p.imminent,
    );
    expect(disposal?.wardCode).toMatch(/^E05/);
    expect(sites.some((s) => s.areaCode === lambeth && s.iconic)).toBe(true);
    const amp = await getAmp(ctx, { gssCode: lambeth });
    expect(amp).toMatchObject({ status: 'draft', agreedOn: null, versions: [] });
  });

  it('gives Southwark and a few others a final AMP, Southwark’s changed once since it was agreed', async () => {
    const amp = await getAmp(ctx, { gssCode: southwark });
    expect(amp.status).toBe('final');
    expect(amp.agreedOn).toBe('2026-11-01');
    expect(amp.versions.map((v) => v.version)).toEqual([2, 1]);
    let finals = 0;
    for (const gssCode of metBoroughs) if ((await getAmp(ctx, { gssCode })).status === 'final') finals += 1;
    expect(finals).toBeGreaterThanOrEqual(3);
    expect(finals).toBeLessThanOrEqual(8);
  });

  it('has proposals edited after creation, whose versions can be compared', async () => {
    expect(proposals.filter((p) => p.version >= 2).length).toBeGreaterThanOrEqual(4);
    const twice = proposals.find((p) => p.areaCode === lambeth && p.version === 3);
    if (!twice) throw new Error('Lambeth has no proposal edited twice');
    const comparison = await compareProposalVersions(ctx, { id: twice.id, from: 1, to: 3 });
    expect(comparison.fields.filter((f) => f.changed).map((f) => f.field)).toEqual([
      'alternatives',
      'disposalDate',
      'status',
    ]);
    expect(comparison.from.changedAt.getTime()).toBeLessThan(comparison.to.changedAt.getTime());
    expect(comparison.to.note).toBeTruthy();
  });
});
