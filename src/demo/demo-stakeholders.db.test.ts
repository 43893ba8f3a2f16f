import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, type TestDeps, testDeps } from '../../test/harness.ts';
import { contextFor } from '../deps.ts';
import { type Actor, operator } from '../domain/access/actor.ts';
import { actorOf, findUserByEmail } from '../domain/access/users.repo.ts';
import { listProposals } from '../domain/estate/list-proposals.ts';
import { londonAreas } from '../domain/geography/london-areas.ts';
import { getCoverage } from '../domain/stakeholders/coverage/get-coverage.ts';
import { getPerson } from '../domain/stakeholders/get-person.ts';
import { refreshSearchText } from '../domain/stakeholders/people.repo.ts';
import { organisationTypes } from '../domain/stakeholders/person.ts';
import { listDuplicateFlags } from '../domain/stakeholders/personal-data/duplicates.ts';
import { searchStakeholders } from '../domain/stakeholders/search-people.ts';
import { buildDemo } from './build-demo.ts';
import { demoWards } from './demo-geography.ts';
import {
  demoBoroughs,
  demoStakeholderGaps,
  organisationsPerBorough,
  peoplePerBorough,
} from './demo-stakeholders.ts';

/** The demo's stakeholder database, built on the suite's clock (London day 2026-11-22). */

const metBoroughs = londonAreas.filter((a) => a.policeForce === 'metropolitan').map((a) => a.gssCode);
const city = 'E09000001';
const gapBoroughs = Object.values(demoStakeholderGaps).map((g) => g.areaCode as string);

let deps: TestDeps;
let tom: Actor;
let eleanor: Actor;

beforeAll(async () => {
  deps = await testDeps();
  await buildDemo(deps);
  const account = async (email: string) => {
    const user = await findUserByEmail(deps.db, email);
    if (!user) throw new Error(`no demo account ${email}`);
    return actorOf(user);
  };
  tom = await account('tom.okafor@nonsuch.example');
  eleanor = await account('eleanor.marsh@nonsuch.example');
}, 300_000);
afterAll(() => deps.close());

type Row = Record<string, unknown>;
const rows = async <T extends Row>(query: ReturnType<typeof sql>): Promise<T[]> =>
  ((await deps.db.execute(query)) as unknown as { rows: T[] }).rows;

/** Each borough's count of something, as a map. */
const perBorough = async (query: ReturnType<typeof sql>): Promise<Map<string, number>> =>
  new Map((await rows<{ code: string; n: number }>(query)).map((r) => [r.code, Number(r.n)]));

/** Whether someone with this role covers the borough. */
const boroughsWithRole = async (roleId: string): Promise<Set<string>> =>
  new Set(
    (
      await rows<{ code: string }>(sql`select distinct pb.area_code as code from person_roles pr
        join person_boroughs pb on pb.person_id = pr.person_id where pr.role_id = ${roleId}`)
    ).map((r) => r.code),
  );

describe('the demo stakeholders', () => {
  it('gives every Met borough about 150 people and 40 organisations, and the City none', async () => {
    const people = await perBorough(
      sql`select area_code as code, count(*) as n from person_boroughs group by area_code`,
    );
    expect([...people.keys()].sort()).toEqual([...metBoroughs].sort());
    for (const code of metBoroughs) {
      expect(people.get(code), code).toBeGreaterThanOrEqual(peoplePerBorough);
      expect(people.get(code), code).toBeLessThanOrEqual(peoplePerBorough + 5);
    }
    const orgs = await perBorough(
      sql`select coalesce(area_code, 'london') as code, count(*) as n from organisations group by area_code`,
    );
    for (const code of metBoroughs) expect(orgs.get(code), code).toBe(organisationsPerBorough);
    expect(orgs.get(city)).toBeUndefined();
    expect(orgs.get('london')).toBeGreaterThanOrEqual(1);
  });

  it('has organisations of every type, and the civic ones in every borough', async () => {
    const types = await rows<{ code: string; type: string }>(
      sql`select distinct coalesce(area_code, 'london') as code, type from organisations`,
    );
    expect(new Set(types.map((t) => t.type))).toEqual(new Set(organisationTypes));
    for (const code of metBoroughs) {
      const here = new Set(types.filter((t) => t.code === code).map((t) => t.type));
      for (const type of [
        'council',
        'safer-neighbourhood-board',
        'ward-panel',
        'residents-association',
        'faith-organisation',
        'business',
        'media-outlet',
        'school',
        'community-group',
      ]) {
        expect(here.has(type), `${code} ${type}`).toBe(true);
      }
    }
  });

  it('covers every required role in every borough but the few with gaps', async () => {
    for (const role of [
      'council-leader',
      'lead-member-community-safety',
      'link-member',
      'borough-commander',
    ]) {
      const covered = await boroughsWithRole(role);
      for (const code of metBoroughs) expect(covered.has(code), `${role} in ${code}`).toBe(true);
    }
    for (const role of [
      'snb-chair',
      'media-editor',
      'ward-panel-chair',
      'mp',
      'journalist',
      'faith-leader',
    ]) {
      const covered = await boroughsWithRole(role);
      for (const code of metBoroughs.filter((c) => !gapBoroughs.includes(c))) {
        expect(covered.has(code), `${role} in ${code}`).toBe(true);
      }
    }
  });

  it('has a chair for every demo ward’s panel and an MP for every demo constituency, but for the gaps', async () => {
    const chairedWards = new Set(
      (
        await rows<{ code: string }>(sql`select pp.code from person_places pp
          join person_roles pr on pr.person_id = pp.person_id and pr.role_id = 'ward-panel-chair'
          where pp.kind = 'ward'`)
      ).map((r) => r.code),
    );
    const mpSeats = new Set(
      (
        await rows<{ code: string }>(sql`select pp.code from person_places pp
          join person_roles pr on pr.person_id = pp.person_id and pr.role_id = 'mp'
          where pp.kind = 'constituency' and pp.vintage = 2024`)
      ).map((r) => r.code),
    );
    for (const [ward, , , seat] of demoWards) {
      if (ward === demoStakeholderGaps.missingWardPanelChair.wardCode)
        expect(chairedWards.has(ward)).toBe(false);
      else expect(chairedWards.has(ward), ward).toBe(true);
      if (seat === demoStakeholderGaps.missingMp.constituencyCode) expect(mpSeats.has(seat)).toBe(false);
      else expect(mpSeats.has(seat), seat).toBe(true);
    }
    // An MP whose constituency spans two boroughs is in both.
    const [shared] = await rows<{
      n: number;
    }>(sql`select count(distinct pb.area_code) as n from person_places pp
      join person_boroughs pb on pb.person_id = pp.person_id where pp.kind = 'constituency' and pp.code = 'E14900002'`);
    expect(Number(shared?.n)).toBe(2);
  });

  it('leaves the gaps where intended: Croydon’s MP, Lewisham’s imminent ward, Hackney’s editor, Brent’s board', async () => {
    const ctx = contextFor(deps, operator('test'));
    const imminent = await listProposals(ctx, { areaCode: demoBoroughs.lewisham, imminent: true });
    expect(imminent.some((p) => p.wardCode === demoStakeholderGaps.missingWardPanelChair.wardCode)).toBe(
      true,
    );
    const [former] = await rows<{
      notes: string;
      ended: string;
    }>(sql`select p.notes, m.ended_on::text as ended
      from people p join memberships m on m.person_id = p.id join organisations o on o.id = m.organisation_id
      where o.name = 'Quarry Hill Ward Panel' and m.position = 'Chair'`);
    expect(former?.notes).toContain('Stood down as chair');
    expect((former?.ended ?? '9999') < '2026-11-22').toBe(true);
    expect((await boroughsWithRole('media-editor')).has(demoBoroughs.hackney)).toBe(false);
    expect((await boroughsWithRole('snb-chair')).has(demoBoroughs.brent)).toBe(false);
    expect((await boroughsWithRole('mp')).has(demoBoroughs.croydon)).toBe(true);
  });

  it('passes the coverage check in every Met borough but four, each of which shows the gap meant', async () => {
    const programmeLead = contextFor(deps, operator('test'));
    const unmet = new Map<string, string[]>();
    for (const code of metBoroughs) {
      const { coverage } = await getCoverage(programmeLead, code);
      const gaps = coverage.requirements.filter((r) => !r.met).map((r) => r.key);
      if (gaps.length > 0) unmet.set(code, gaps);
      expect(coverage.requirements.filter((r) => r.kind === 'mp').length, code).toBeGreaterThanOrEqual(1);
      expect(coverage.stale.length, code).toBeGreaterThan(0);
    }
    expect(Object.fromEntries(unmet)).toEqual({
      [demoBoroughs.croydon]: [`mp:${demoStakeholderGaps.missingMp.constituencyCode}`],
      [demoBoroughs.lewisham]: [`ward-panel-chair:${demoStakeholderGaps.missingWardPanelChair.wardCode}`],
      [demoBoroughs.hackney]: ['media-editor'],
      [demoBoroughs.brent]: ['snb-chair'],
    });
    // Wards with an imminent disposal are checked in many boroughs, the demo's four among them.
    const lambeth = await getCoverage(programmeLead, demoBoroughs.lambeth);
    expect(lambeth.coverage.requirements.some((r) => r.kind === 'ward-panel-chair' && r.met)).toBe(true);
  });

  it('fills the top 100 of several boroughs, ranked 1 to n among the borough’s people', async () => {
    const tops = await rows<{ code: string; n: number; min: number; max: number; outside: number }>(sql`
      select t.area_code as code, count(*) as n, min(rank) as min, max(rank) as max,
        count(*) filter (where not exists (select 1 from person_boroughs pb
          where pb.person_id = t.person_id and pb.area_code = t.area_code)) as outside
      from top_hundred t group by t.area_code`);
    expect(tops.length).toBeGreaterThanOrEqual(5);
    for (const t of tops) {
      expect(Number(t.min)).toBe(1);
      expect(Number(t.max)).toBe(Number(t.n));
      expect(Number(t.outside)).toBe(0);
    }
    for (const code of [
      demoBoroughs.lambeth,
      demoBoroughs.southwark,
      demoBoroughs.camden,
      demoBoroughs.islington,
    ]) {
      expect(Number(tops.find((t) => t.code === code)?.n), code).toBe(100);
    }
  });

  it('has consent given, given then withdrawn, and none, each event with its evidence', async () => {
    const [states] = await rows<{ given: number; withdrawn: number; none: number; both: number }>(sql`
      with latest as (select p.id, (select ce.event from consent_events ce where ce.person_id = p.id
        order by ce.occurred_at desc limit 1) as event,
        (select count(*) from consent_events ce where ce.person_id = p.id) as events from people p)
      select count(*) filter (where event = 'given') as given, count(*) filter (where event = 'withdrawn') as withdrawn,
        count(*) filter (where event is null) as none, count(*) filter (where event = 'withdrawn' and events = 2) as both
      from latest`);
    const total = Number(states?.given) + Number(states?.withdrawn) + Number(states?.none);
    expect(Number(states?.given) / total).toBeGreaterThan(0.3);
    expect(Number(states?.withdrawn) / total).toBeGreaterThan(0.04);
    expect(Number(states?.none) / total).toBeGreaterThan(0.3);
    expect(Number(states?.both)).toBe(Number(states?.withdrawn));
    const [bad] = await rows<{ n: number }>(sql`select count(*) as n from consent_events
      where length(evidence) < 30 or occurred_at > ${new Date('2026-11-22T09:00:00Z')} or wording_version = ''`);
    expect(Number(bad?.n)).toBe(0);
  });

  it('has stale contacts, reviews past due, and varied names with invented contact details', async () => {
    const [p] = await rows<{ stale: number; past: number; total: number; surnames: number }>(sql`
      select count(*) filter (where last_verified_on is null or last_verified_on <= date '2025-11-22') as stale,
        count(*) filter (where review_on < date '2026-11-22') as past, count(*) as total,
        count(distinct split_part(full_name, ' ', -1)) as surnames from people`);
    expect(Number(p?.stale) / Number(p?.total)).toBeGreaterThan(0.08);
    expect(Number(p?.stale) / Number(p?.total)).toBeLessThan(0.35);
    expect(Number(p?.past)).toBeGreaterThan(50);
    expect(Number(p?.surnames)).toBeGreaterThan(150);
    const [contacts] = await rows<{ bad: number; emails: number }>(sql`
      select count(*) filter (where (kind = 'email' and normalised not like '%.example')
        or (kind = 'phone' and normalised not like '0207946%' and normalised not like '07700900%')) as bad,
        count(*) filter (where kind = 'email') as emails from contact_points`);
    expect(Number(contacts?.bad)).toBe(0);
    expect(Number(contacts?.emails)).toBeGreaterThan(4000);
  });

  it('has a few near-duplicates flagged for review: a slip in the name, another address, the same organisation', async () => {
    const pairs = await rows<{
      a: string;
      b: string;
      a_emails: string;
      b_emails: string;
      shared: number;
    }>(sql`
      select pa.full_name as a, pb.full_name as b,
        (select string_agg(normalised, ' ') from contact_points where person_id = pa.id and kind = 'email') as a_emails,
        (select string_agg(normalised, ' ') from contact_points where person_id = pb.id and kind = 'email') as b_emails,
        (select count(*) from memberships ma join memberships mb on mb.organisation_id = ma.organisation_id
          where ma.person_id = pa.id and mb.person_id = pb.id) as shared
      from duplicate_flags f join people pa on pa.id = f.person_id join people pb on pb.id = f.other_person_id
      where f.resolved_at is null`);
    expect(pairs.length).toBeGreaterThanOrEqual(8);
    for (const pair of pairs) {
      expect(pair.a).not.toBe(pair.b);
      const [ga, sa] = pair.a.split(' ');
      const [gb, sb] = pair.b.split(' ');
      expect(ga === gb || sa === sb, `${pair.a} / ${pair.b}`).toBe(true);
      expect(pair.a_emails).toBeTruthy();
      expect(pair.a_emails).not.toBe(pair.b_emails);
      expect(Number(pair.shared)).toBeGreaterThan(0);
    }
  });

  it('puts the near-duplicates of the lead’s boroughs on their review list, and no others', async () => {
    const { rows: flags } = await listDuplicateFlags(contextFor(deps, tom));
    // Two in Lambeth and one in Southwark.
    expect(flags).toHaveLength(3);
    for (const f of flags) expect(f.reason).toMatch(/^Similar name and the same organisation/);
  });

  it('writes the search text exactly as the repository would', async () => {
    const sample = await rows<{ id: string; search_text: string }>(
      sql`select id, search_text from people order by id limit 400`,
    );
    await refreshSearchText(
      deps.db,
      sample.map((s) => s.id),
    );
    const after = new Map(
      (
        await rows<{ id: string; search_text: string }>(
          sql`select id, search_text from people order by id limit 400`,
        )
      ).map((r) => [r.id, r.search_text]),
    );
    for (const s of sample) expect(after.get(s.id)).toBe(s.search_text);
  });

  it('shows a Lambeth person to the Lambeth lead and not to the Camden contributor', async () => {
    const [person] = await rows<{
      id: string;
      name: string;
    }>(sql`select p.id, p.full_name as name from people p
      where exists (select 1 from person_boroughs pb where pb.person_id = p.id and pb.area_code = ${demoBoroughs.lambeth})
      and not exists (select 1 from person_boroughs pb where pb.person_id = p.id and pb.area_code <> ${demoBoroughs.lambeth})
      order by p.full_name limit 1`);
    if (!person) throw new Error('no Lambeth person');
    const view = await getPerson(contextFor(deps, tom), person.id);
    expect(view.person.fullName).toBe(person.name);
    expect((await rejection(getPerson(contextFor(deps, eleanor), person.id))).code).toBe('not_found');

    const found = await searchStakeholders(contextFor(deps, tom), { q: person.name, limit: 5 });
    expect(found.rows.map((r) => r.id)).toContain(person.id);
    const hidden = await searchStakeholders(contextFor(deps, eleanor), { q: person.name, limit: 5 });
    expect(hidden.rows.map((r) => r.id)).not.toContain(person.id);
    const [reach] = await rows<{ n: number }>(sql`select count(distinct person_id) as n from person_boroughs
      where area_code in (${demoBoroughs.lambeth}, ${demoBoroughs.southwark})`);
    expect((await searchStakeholders(contextFor(deps, tom), {})).total).toBe(Number(reach?.n));
  });
});
