/**
 * The stakeholders the bench measures, at QUALITY.md's reference size: 100,000 people spread over
 * the 32 Met boroughs, 40 organisations per borough, and their links — e-mail addresses and
 * telephone numbers, roles, places (the borough), memberships, consent histories and each
 * borough's top 100. Written set-based in SQL (generate_series), then the derived search text and
 * boroughs through the same repository functions the use cases call. Nothing is random: row i is
 * always the same person, on every run and both databases.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/connect.ts';
import { deriveBoroughs, refreshSearchText } from '../src/domain/stakeholders/people.repo.ts';

export const stakeholderTarget = 100_000;
export const organisationsPerBorough = 40;

export type BenchStakeholders = Readonly<{
  people: number;
  organisations: number;
  emails: number;
  memberships: number;
  consentEvents: number;
  topHundred: number;
}>;

const givenNames = [
  'Amara',
  'Ben',
  'Chidi',
  'Deborah',
  'Ezra',
  'Fatima',
  'George',
  'Hana',
  'Ibrahim',
  'Joy',
  'Kwame',
  'Leah',
  'Mohammed',
  'Niamh',
  'Oluwaseun',
  'Priya',
  'Qasim',
  'Rosa',
  'Samuel',
  'Tariq',
  'Ursula',
  'Vikram',
  'Wen',
  'Xavier',
  'Yetunde',
  'Zofia',
  'Aled',
  'Bronwen',
  'Connor',
  'Dalia',
];
const surnames = [
  'Adeyemi',
  'Brown',
  'Chowdhury',
  'Davies',
  'Evans',
  'Fernandes',
  'Green',
  'Hussain',
  'Ivanova',
  'Jones',
  'Kowalski',
  'Lewis',
  'Mensah',
  'Nguyen',
  'Okafor',
  'Patel',
  'Quinn',
  'Rahman',
  'Singh',
  'Thompson',
  'Uddin',
  'Vasquez',
  'Williams',
  'Xu',
  'Yilmaz',
  'Zulu',
  'Ahmed',
  'Begum',
  'Clarke',
  'Demir',
  'Edwards',
  'Fofana',
  'Gordon',
  'Hall',
  'Iqbal',
  'James',
  'Khan',
  'Lopez',
  'Murphy',
  'Novak',
];
const organisationWords = [
  'Residents’ Association',
  'Community Trust',
  'Mosque',
  'Parish Church',
  'Business Forum',
  'Youth Club',
  'Primary School',
  'Tenants’ Federation',
  'Gazette',
  'Ward Panel',
];
const organisationTypes = [
  'residents-association',
  'community-group',
  'faith-organisation',
  'faith-organisation',
  'business',
  'community-group',
  'school',
  'residents-association',
  'media-outlet',
  'ward-panel',
];

const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** Builds the stakeholders in one go (call inside a transaction). */
export async function buildBenchStakeholders(db: Db, now: Date): Promise<BenchStakeholders> {
  const n = stakeholderTarget;
  // The Met boroughs, in code order, numbered from 0.
  await db.execute(sql`create temporary table bench_boroughs on commit drop as
    select row_number() over (order by gss_code) - 1 as k, gss_code from areas
    where police_force = 'metropolitan'`);
  await db.execute(sql`insert into organisations (id, name, type, area_code, created_at, updated_at)
    select gen_random_uuid(),
      b.gss_code || ' ' || (${textArray(organisationWords)})[1 + j % 10] || ' ' || (j / 10 + 1),
      (${textArray(organisationTypes)})[1 + j % 10], b.gss_code, ${now}, ${now}
    from bench_boroughs b, generate_series(0, ${organisationsPerBorough - 1}) j`);
  await db.execute(sql`insert into people (id, full_name, influence, interest, last_verified_on, review_on,
      lawful_basis, created_at, updated_at)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
      (${textArray(givenNames)})[1 + i % ${givenNames.length}] || ' ' ||
        (${textArray(surnames)})[1 + (i / ${givenNames.length}) % ${surnames.length}] ||
        case when i >= ${givenNames.length * surnames.length} then ' ' || (i / ${givenNames.length * surnames.length})::text else '' end,
      case when i % 4 = 0 then null else 1 + i % 5 end,
      case when i % 4 = 0 then null else 1 + (i / 5) % 5 end,
      date '2026-11-01' - (i % 900),
      date '2027-06-01' - (i % 400),
      'public-task', ${now}, ${now}
    from generate_series(0, ${n - 1}) i`);
  // The person with number i lives in borough i mod 32.
  await db.execute(sql`insert into person_places (person_id, kind, code, vintage)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'borough', b.gss_code, 0
    from generate_series(0, ${n - 1}) i join bench_boroughs b on b.k = i % 32`);
  await db.execute(sql`insert into contact_points (person_id, kind, value, normalised, position)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'email',
      'person' || i || '@example.org', 'person' || i || '@example.org', 0
    from generate_series(0, ${n - 1}) i where i % 10 <> 9`);
  await db.execute(sql`insert into contact_points (person_id, kind, value, normalised, position)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'phone',
      '020 7946 ' || lpad((i % 10000)::text, 4, '0'), '0207946' || lpad((i % 10000)::text, 4, '0'), 0
    from generate_series(0, ${n - 1}) i where i % 5 < 3`);
  await db.execute(sql`insert into person_roles (person_id, role_id)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
      (array['community-leader', 'faith-leader', 'business-leader', 'ward-councillor', 'journalist'])[1 + (i / 3) % 5]
    from generate_series(0, ${n - 1}) i where i % 3 = 0`);
  await db.execute(sql`insert into memberships (person_id, organisation_id, position)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, o.id, 'Member'
    from generate_series(0, ${n - 1}) i
    join bench_boroughs b on b.k = i % 32
    join lateral (select id from organisations where area_code = b.gss_code
      order by name offset (i / 32) % ${organisationsPerBorough} limit 1) o on true
    where i % 10 < 7`);
  // Consent: given by half; of those, one in five later withdrew.
  await db.execute(sql`insert into consent_events (person_id, channel, event, occurred_at, method,
      wording_version, evidence, recorded_at, recorded_by)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'email-newsletter', 'given',
      ${now}::timestamptz - make_interval(days => 30 + i % 300), 'meeting', 'newsletter-2026-01',
      'Signed the sign-up sheet', ${now}, 'bench'
    from generate_series(0, ${n - 1}) i where i % 2 = 0`);
  await db.execute(sql`insert into consent_events (person_id, channel, event, occurred_at, method,
      wording_version, evidence, recorded_at, recorded_by)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'email-newsletter', 'withdrawn',
      ${now}::timestamptz - make_interval(days => 10), 'email', 'newsletter-2026-01',
      'Replied asking to stop', ${now}, 'bench'
    from generate_series(0, ${n - 1}) i where i % 10 = 0`);
  await db.execute(sql`insert into top_hundred (area_code, person_id, rank)
    select b.gss_code, ('00000000-0000-4000-8000-' || lpad(to_hex(r * 32 + b.k), 12, '0'))::uuid, r + 1
    from bench_boroughs b, generate_series(0, 99) r`);
  // The derived columns, through the repository's own functions, a batch at a time.
  const batch = 5_000;
  for (let start = 0; start < n; start += batch) {
    const ids = Array.from({ length: Math.min(batch, n - start) }, (_, k) => benchPersonId(start + k));
    await deriveBoroughs(db, ids);
    await refreshSearchText(db, ids);
  }
  await db.execute(sql`analyze`);
  const count = async (table: string) => {
    const result = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
      rows: { n: number }[];
    };
    return Number(result.rows[0]?.n ?? 0);
  };
  return {
    people: await count('people'),
    organisations: await count('organisations'),
    emails: await count(`contact_points where kind = 'email'`),
    memberships: await count('memberships'),
    consentEvents: await count('consent_events'),
    topHundred: await count('top_hundred'),
  };
}

/** The id of bench person number i (deterministic, so the bench can name people in its requests). */
export const benchPersonId = (i: number): string =>
  `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
