import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import { auditEvents, sites, siteVersions } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, operator } from '../access/actor.ts';
import { writeSetting } from '../access/settings.repo.ts';
import { actorOf } from '../access/users.repo.ts';
import { currentVintages } from '../geography/current-vintages.ts';
import { importConstituencies } from '../geography/import-constituencies.ts';
import { importWards } from '../geography/import-wards.ts';
import { createProposal } from './create-proposal.ts';
import { createSite } from './create-site.ts';
import { getSite } from './get-site.ts';
import { listSites } from './list-sites.ts';
import type { SiteInput } from './site.ts';
import { type UpdateSiteInput, updateSite } from './update-site.ts';

/** Sites on the real database: versions, the audit trail, borough scope and the ward in use. */

const lambeth = 'E09000022';
const camden = 'E09000007';
const southwark = 'E09000028';

const wards2022 = [
  'WD22CD,WD22NM,LAD22CD,LAD22NM',
  'E05014096,Brixton North,E09000022,Lambeth',
  'E05014099,Clapham Common & Abbeville,E09000022,Lambeth',
  'E05013653,Bloomsbury,E09000007,Camden',
].join('\n');

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let contributor: Actor;
let analyst: Actor;
const cli = operator('test');

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead', displayName: 'Pat Programme' }));
  lambethLead = actorOf(
    await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth], displayName: 'Lee Lambeth' }),
  );
  contributor = actorOf(await givenUser(deps, { role: 'borough_contributor', boroughs: [lambeth] }));
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
  await importWards(contextFor(deps, cli), { text: wards2022 });
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);

let n = 0;
const aSite = (overrides: Partial<SiteInput> = {}): SiteInput => {
  n += 1;
  return {
    name: `Test Police Station ${n}`,
    type: 'police-station',
    address: `${n} Acre Lane, London`,
    postcode: 'sw2 5su',
    areaCode: lambeth,
    ...overrides,
  };
};

/** The whole form again, as a person saving the edit page sends it. */
const editOf = (
  site: { id: string } & SiteInput,
  changes: Partial<UpdateSiteInput> = {},
): UpdateSiteInput => ({
  ...site,
  ...changes,
});

const versionsOf = (siteId: string) =>
  deps.db
    .select()
    .from(siteVersions)
    .where(eq(siteVersions.siteId, siteId))
    .orderBy(asc(siteVersions.version));
const auditOf = (siteId: string) =>
  deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'site'), eq(auditEvents.entityId, siteId)))
    .orderBy(asc(auditEvents.at));
const siteCount = async () => (await deps.db.select({ n: count() }).from(sites))[0]?.n;

describe('createSite', () => {
  it('adds the site as version 1, with who made it, and audits it', async () => {
    const input = aSite({ name: 'Brixton Police Station', iconic: true, iconicReason: 'The 1959 frontage' });
    const site = await createSite(as(lambethLead), { ...input, note: ' First entry ' });

    expect(site).toMatchObject({
      name: 'Brixton Police Station',
      postcode: 'SW2 5SU',
      areaCode: lambeth,
      version: 1,
      status: 'operational',
      iconic: true,
      iconicReason: 'The 1959 frontage',
      heritageListing: 'none',
      wardCode: null,
    });
    const snapshot = {
      name: 'Brixton Police Station',
      type: 'police-station',
      address: input.address,
      postcode: 'SW2 5SU',
      areaCode: lambeth,
      wardCode: null,
      wardVintage: null,
      wardSource: null,
      latitude: null,
      longitude: null,
      publicAccess: null,
      status: 'operational',
      iconic: true,
      iconicReason: 'The 1959 frontage',
      heritageListing: 'none',
    };
    expect(await versionsOf(site.id)).toEqual([
      {
        siteId: site.id,
        version: 1,
        snapshot,
        changedAt: deps.clock.now(),
        changedBy: 'Lee Lambeth',
        changedByUserId: lambethLead.kind === 'user' ? lambethLead.userId : null,
        note: 'First entry',
      },
    ]);
    const audit = await auditOf(site.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'created',
      areaCode: lambeth,
      actorLabel: 'Lee Lambeth',
      summary: 'Site “Brixton Police Station” added',
      newValues: snapshot,
      oldValues: null,
    });
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = await siteCount();
    const error = await rejection(
      createSite(as(programmeLead), {
        ...aSite({ postcode: 'SW1', type: 'castle' as 'other', iconic: true }),
        name: '',
      }),
    );
    expect(error.code).toBe('invalid');
    expect(error.details.fields).toEqual({
      name: 'Enter the site’s name',
      type: 'Choose the type of site',
      postcode: 'Enter a real UK postcode, like SE11 5HN',
      iconicReason: 'Say why the public is attached to this site',
    });
    expect(await siteCount()).toBe(before);
  });

  it('needs a borough when no boundaries place the site, and a real one', async () => {
    const noBorough = await rejection(
      createSite(as(programmeLead), aSite({ areaCode: undefined, latitude: 51.46, longitude: -0.12 })),
    );
    expect(noBorough.details.fields).toEqual({ areaCode: 'Choose the borough the site is in' });
    const unknown = await rejection(createSite(as(programmeLead), aSite({ areaCode: 'E09000099' })));
    expect(unknown.details.fields).toEqual({ areaCode: 'Choose a London borough' });
  });

  it('keeps coordinates with the chosen borough when no boundaries are loaded', async () => {
    const site = await createSite(as(programmeLead), aSite({ latitude: '51.4613', longitude: '-0.1156' }));
    expect(site).toMatchObject({ areaCode: lambeth, latitude: 51.4613, longitude: -0.1156, wardCode: null });
  });

  it('lets a borough lead add sites in their borough only; another borough is named as not theirs', async () => {
    const before = await siteCount();
    const error = await rejection(createSite(as(lambethLead), aSite({ areaCode: camden })));
    expect(error.code).toBe('invalid');
    expect(error.details.fields).toEqual({ areaCode: 'Camden is not one of your boroughs' });
    expect(await siteCount()).toBe(before);
  });

  it('refuses contributors and analysts', async () => {
    for (const actor of [contributor, analyst]) {
      const error = await rejection(createSite(as(actor), aSite()));
      expect(error.code).toBe('forbidden');
    }
  });
});

describe('the ward of a site', () => {
  it('records a chosen ward of the borough, in the ward boundaries in use', async () => {
    const site = await createSite(as(lambethLead), aSite({ wardCode: 'e05014096' }));
    expect(site).toMatchObject({ wardCode: 'E05014096', wardVintage: 2022, wardSource: 'chosen' });
    const detail = await getSite(as(lambethLead), { id: site.id });
    expect(detail.site).toMatchObject({ wardName: 'Brixton North', areaName: 'Lambeth' });
  });

  it('refuses a ward of another borough, or one that is not loaded', async () => {
    const before = await siteCount();
    for (const wardCode of ['E05013653', 'E05999999']) {
      const error = await rejection(createSite(as(programmeLead), aSite({ wardCode })));
      expect(error.code).toBe('invalid');
      expect(error.details.fields).toEqual({ wardCode: 'Choose one of the borough’s wards' });
    }
    expect(await siteCount()).toBe(before);
  });
});

describe('updateSite', () => {
  it('writes version 2 and audits only the fields that changed', async () => {
    const input = aSite({ publicAccess: 'Mon–Fri 9–5' });
    const site = await createSite(as(lambethLead), input);
    deps.clock.advance(60_000);

    const updated = await updateSite(
      as(lambethLead),
      editOf({ ...input, id: site.id }, { publicAccess: '', status: 'closed', note: 'Counter shut' }),
    );

    expect(updated).toMatchObject({ version: 2, publicAccess: null, status: 'closed', name: input.name });
    const versions = await versionsOf(site.id);
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [1, null],
      [2, 'Counter shut'],
    ]);
    expect(versions[1]?.changedAt).toEqual(deps.clock.now());
    expect(versions[0]?.snapshot).toMatchObject({ publicAccess: 'Mon–Fri 9–5', status: 'operational' });
    expect(versions[1]?.snapshot).toMatchObject({ publicAccess: null, status: 'closed' });
    const audit = await auditOf(site.id);
    expect(audit.map((a) => a.action)).toEqual(['created', 'updated']);
    expect(audit[1]).toMatchObject({
      summary: `Site “${input.name}” changed (version 2)`,
      oldValues: { publicAccess: 'Mon–Fri 9–5', status: 'operational' },
      newValues: { publicAccess: null, status: 'closed' },
    });

    const detail = await getSite(as(analyst), { id: site.id });
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('makes no version and no audit entry when nothing changed', async () => {
    const input = aSite();
    const site = await createSite(as(lambethLead), input);
    const same = await updateSite(
      as(lambethLead),
      editOf({ ...input, id: site.id }, { postcode: 'SW25SU', expectedVersion: 1 }),
    );
    expect(same.version).toBe(1);
    expect(await versionsOf(site.id)).toHaveLength(1);
    expect(await auditOf(site.id)).toHaveLength(1);
  });

  it('refuses an edit begun from an older version, and keeps the other person’s change', async () => {
    const input = aSite();
    const site = await createSite(as(lambethLead), input);
    await updateSite(as(programmeLead), editOf({ ...input, id: site.id }, { name: 'Renamed by Pat' }));
    const error = await rejection(
      updateSite(
        as(lambethLead),
        editOf({ ...input, id: site.id }, { name: 'Renamed by Lee', expectedVersion: 1 }),
      ),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('now version 2');
    const [row] = await deps.db.select().from(sites).where(eq(sites.id, site.id));
    expect(row).toMatchObject({ name: 'Renamed by Pat', version: 2 });
    expect(await versionsOf(site.id)).toHaveLength(2);
  });

  it('answers as missing for another borough’s site, to read or to edit', async () => {
    const input = aSite({ areaCode: camden });
    const site = await createSite(as(programmeLead), input);
    for (const attempt of [
      getSite(as(lambethLead), { id: site.id }),
      updateSite(as(lambethLead), editOf({ ...input, id: site.id }, { name: 'Mine now' })),
    ]) {
      expect((await rejection(attempt)).code).toBe('not_found');
    }
    expect((await rejection(getSite(as(lambethLead), { id: 'not-a-uuid' }))).code).toBe('not_found');
    const seen = await listSites(as(lambethLead));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.areaCode === lambeth)).toBe(true);
    expect((await rejection(listSites(as(lambethLead), { areaCode: camden }))).code).toBe('not_found');
    expect((await listSites(as(analyst), { areaCode: camden })).map((s) => s.id)).toContain(site.id);
  });

  it('refuses a contributor and an analyst, who may only read', async () => {
    const input = aSite();
    const site = await createSite(as(lambethLead), input);
    for (const actor of [contributor, analyst]) {
      expect((await getSite(as(actor), { id: site.id })).site.id).toBe(site.id);
      const error = await rejection(updateSite(as(actor), editOf({ ...input, id: site.id }, { name: 'X' })));
      expect(error.code).toBe('forbidden');
    }
    expect(await versionsOf(site.id)).toHaveLength(1);
  });

  it('does not let a borough lead move a site into a borough that is not theirs', async () => {
    const input = aSite();
    const site = await createSite(as(lambethLead), input);
    const error = await rejection(
      updateSite(as(lambethLead), editOf({ ...input, id: site.id }, { areaCode: southwark })),
    );
    expect(error.code).toBe('invalid');
    expect(error.details.fields).toEqual({ areaCode: 'Southwark is not one of your boroughs' });
    const [row] = await deps.db.select().from(sites).where(eq(sites.id, site.id));
    expect(row?.areaCode).toBe(lambeth);
  });

  it('moves a site without proposals to another borough, but not one with proposals', async () => {
    const free = aSite();
    const moved = await createSite(as(programmeLead), free);
    expect(
      await updateSite(as(programmeLead), editOf({ ...free, id: moved.id }, { areaCode: southwark })),
    ).toMatchObject({ areaCode: southwark, version: 2 });

    const held = aSite();
    const site = await createSite(as(programmeLead), held);
    await createProposal(as(programmeLead), {
      siteId: site.id,
      changeType: 'close-front-counter',
      title: 'Close the front counter',
      summary: 'Move counter services to Brixton.',
      reasons: 'Low use.',
    });
    const error = await rejection(
      updateSite(as(programmeLead), editOf({ ...held, id: site.id }, { areaCode: southwark })),
    );
    expect(error.code).toBe('invalid');
    expect(error.details.fields).toEqual({
      areaCode: 'This site has a proposal in Lambeth’s plan, so it cannot move borough',
    });
    const [row] = await deps.db.select().from(sites).where(eq(sites.id, site.id));
    expect(row).toMatchObject({ areaCode: lambeth, version: 1 });
  });

  it('keeps the borough when an edit leaves it out', async () => {
    const { areaCode: _left, ...input } = aSite();
    const site = await createSite(as(lambethLead), { ...input, areaCode: lambeth });
    expect(await updateSite(as(lambethLead), { ...input, id: site.id, name: 'Renamed' })).toMatchObject({
      areaCode: lambeth,
      name: 'Renamed',
    });
    expect(
      await updateSite(as(lambethLead), {
        ...input,
        id: site.id,
        name: 'Renamed again',
        areaCode: undefined,
      }),
    ).toMatchObject({ areaCode: lambeth, name: 'Renamed again', version: 3 });
  });

  it('drops the reason when the site is no longer iconic', async () => {
    const input = aSite({ iconic: true, iconicReason: 'Local landmark' });
    const site = await createSite(as(lambethLead), input);
    const updated = await updateSite(as(lambethLead), editOf({ ...input, id: site.id }, { iconic: false }));
    expect(updated).toMatchObject({ iconic: false, iconicReason: null, version: 2 });
  });

  it('refuses a ward of another borough on an edit', async () => {
    const input = aSite({ wardCode: 'E05014099' });
    const site = await createSite(as(lambethLead), input);
    const error = await rejection(
      updateSite(as(lambethLead), editOf({ ...input, id: site.id }, { wardCode: 'E05013653' })),
    );
    expect(error.details.fields).toEqual({ wardCode: 'Choose one of the borough’s wards' });
  });
});

describe('site versions are history', () => {
  it('refuses UPDATE and DELETE on site_versions, and the row is unchanged', async () => {
    const site = await createSite(as(lambethLead), aSite());
    const before = await versionsOf(site.id);
    for (const [operation, attempt] of [
      ['UPDATE', sql`update site_versions set note = 'rewritten' where site_id = ${site.id}`],
      ['DELETE', sql`delete from site_versions where site_id = ${site.id}`],
    ] as const) {
      const error = await deps.db.execute(attempt).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Drizzle wraps the database's refusal, which comes from the trigger.
      expect(String((error as Error | undefined)?.cause)).toContain(
        `site_versions is append-only: ${operation} refused`,
      );
    }
    expect(await versionsOf(site.id)).toEqual(before);
  });
});

describe('currentVintages', () => {
  let fresh: TestDeps;
  beforeAll(async () => {
    fresh = await testDeps();
  });
  afterAll(() => fresh.close());
  const ctx = () => contextFor(fresh, cli);

  it('has none before anything is loaded', async () => {
    expect(await currentVintages(fresh.db)).toEqual({
      ward: undefined,
      constituency: undefined,
      constituencyVintages: [],
    });
  });

  it('uses the newest loaded, unless the setting names a loaded vintage', async () => {
    await importWards(ctx(), { text: wards2022 });
    expect((await currentVintages(fresh.db)).ward).toBe(2022);
    await importWards(ctx(), {
      text: 'WD24CD,WD24NM,LAD24CD,LAD24NM\nE05014096,Brixton North,E09000022,Lambeth\n',
    });
    expect((await currentVintages(fresh.db)).ward).toBe(2024);

    await writeSetting(fresh.db, 'wardVintage', 2022, fresh.clock.now());
    expect((await currentVintages(fresh.db)).ward).toBe(2022);
    await writeSetting(fresh.db, 'wardVintage', 2018, fresh.clock.now());
    expect((await currentVintages(fresh.db)).ward).toBe(2024);
    await writeSetting(fresh.db, 'wardVintage', null, fresh.clock.now());
    expect((await currentVintages(fresh.db)).ward).toBe(2024);
  });

  it('picks the constituency vintage the same way and lists every loaded one, newest first', async () => {
    await importConstituencies(ctx(), { text: 'PCON10CD,PCON10NM\nE14000673,Dulwich and West Norwood\n' });
    await importConstituencies(ctx(), {
      text: 'PCON24CD,PCON24NM\nE14001199,Vauxhall and Camberwell Green\n',
    });
    expect(await currentVintages(fresh.db)).toMatchObject({
      constituency: 2024,
      constituencyVintages: [2024, 2010],
    });
    await writeSetting(fresh.db, 'constituencyVintage', 2010, fresh.clock.now());
    expect((await currentVintages(fresh.db)).constituency).toBe(2010);
    await writeSetting(fresh.db, 'constituencyVintage', 2019, fresh.clock.now());
    expect((await currentVintages(fresh.db)).constituency).toBe(2024);
  });

  it('decides which wards a site may choose: a 2022-only ward only while 2022 is in use', async () => {
    const lead = ctx(); // the command line may edit the estate
    const input = aSite({ wardCode: 'E05014099' });
    await writeSetting(fresh.db, 'wardVintage', null, fresh.clock.now());
    const error = await rejection(createSite(lead, input));
    expect(error.details.fields).toEqual({ wardCode: 'Choose one of the borough’s wards' });

    await writeSetting(fresh.db, 'wardVintage', 2022, fresh.clock.now());
    expect(await createSite(lead, input)).toMatchObject({ wardCode: 'E05014099', wardVintage: 2022 });
    expect(await createSite(lead, aSite({ wardCode: 'E05014096' }))).toMatchObject({ wardVintage: 2022 });
    await writeSetting(fresh.db, 'wardVintage', null, fresh.clock.now());
    expect(await createSite(lead, aSite({ wardCode: 'E05014096' }))).toMatchObject({ wardVintage: 2024 });
  });
});
