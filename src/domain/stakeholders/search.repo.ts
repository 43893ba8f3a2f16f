import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import {
  areas,
  contactPoints,
  memberships,
  organisations,
  people,
  personBoroughs,
  personRoles,
  stakeholderRoles,
  topHundred,
} from '../../db/schema/index.ts';
import type { Cursor, SortOrder, StakeholderFilter } from './filter.ts';
import { staleAfterMonths } from './person.ts';

/**
 * The one query behind the stakeholder list, search, segments, exports and the API: the filter
 * becomes a WHERE clause (always inside the actor's boroughs), pages are found by keyset (the sort
 * value and id of the last row), and the page's rows are then filled in by id.
 */

export type SearchScope = 'all' | readonly string[];

/**
 * The latest consent event for the e-newsletter, or 'none'. The table is named in full: in a select
 * list of one table Drizzle writes a column bare ("id"), which inside this subquery would be the
 * consent event's own id.
 */
const consentState = sql<'given' | 'withdrawn' | 'none'>`coalesce((
  select ce.event from consent_events ce
  where ce.person_id = "people"."id" and ce.channel = 'email-newsletter'
  order by ce.occurred_at desc, ce.recorded_at desc limit 1), 'none')`;

/** The WHERE clause for a filter, inside a scope, on a London day (for staleness). */
export function filterCondition(scope: SearchScope, filter: StakeholderFilter, today: string): SQL {
  const conditions: SQL[] = [sql`${people.erasedAt} is null`];
  if (scope !== 'all') {
    conditions.push(
      scope.length === 0
        ? sql`false`
        : sql`exists (select 1 from person_boroughs pb where pb.person_id = ${people.id}
            and pb.area_code in (${sql.join(
              scope.map((s) => sql`${s}`),
              sql`, `,
            )}))`,
    );
  }
  if (filter.areaCode !== undefined) {
    conditions.push(
      sql`exists (select 1 from person_boroughs pb where pb.person_id = ${people.id} and pb.area_code = ${filter.areaCode})`,
    );
  }
  if (filter.wardCode !== undefined) {
    conditions.push(
      sql`exists (select 1 from person_places pp where pp.person_id = ${people.id} and pp.kind = 'ward' and pp.code = ${filter.wardCode})`,
    );
  }
  if (filter.roleId !== undefined) {
    conditions.push(
      sql`exists (select 1 from person_roles pr where pr.person_id = ${people.id} and pr.role_id = ${filter.roleId})`,
    );
  }
  if (filter.organisationType !== undefined) {
    conditions.push(sql`exists (select 1 from memberships m join organisations o on o.id = m.organisation_id
      where m.person_id = ${people.id} and o.type = ${filter.organisationType}
      and (m.ended_on is null or m.ended_on >= ${today}::date))`);
  }
  if (filter.topHundred !== undefined) {
    const inTop =
      filter.areaCode === undefined
        ? sql`exists (select 1 from top_hundred t where t.person_id = ${people.id})`
        : sql`exists (select 1 from top_hundred t where t.person_id = ${people.id} and t.area_code = ${filter.areaCode})`;
    conditions.push(filter.topHundred ? inTop : sql`not ${inTop}`);
  }
  if (filter.consent !== undefined) conditions.push(sql`${consentState} = ${filter.consent}`);
  if (filter.stale !== undefined) {
    const stale = sql`(${people.lastVerifiedOn} is null
      or ${people.lastVerifiedOn} <= ${today}::date - make_interval(months => ${staleAfterMonths}))`;
    conditions.push(filter.stale ? stale : sql`not ${stale}`);
  }
  const words = (filter.q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, 8);
  if (words.length > 0) {
    const q = words.join(' ');
    // Every word found as a substring (indexed by trigrams) or, for a word of letters, as a near
    // spelling of a word in the text (trigram word similarity), or the whole search found as words (full text).
    const eachWord = words.map((w) => {
      const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // Near spellings are for names: an address or a number must match as typed.
      return /^[\p{L}'’-]{3,}$/u.test(w)
        ? sql`(${people.searchText} like ${like} or ${w} <% ${people.searchText})`
        : sql`${people.searchText} like ${like}`;
    });
    conditions.push(sql`(${and(...eachWord)} or ${people.searchVector} @@ plainto_tsquery('simple', ${q}))`);
  }
  return and(...conditions) as SQL;
}

const sortColumn = (sort: SortOrder) =>
  sort === 'name' || sort === '-name' ? sql`lower(${people.fullName})` : sql`${people.updatedAt}`;

export type StakeholderRow = Readonly<{
  id: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  organisations: readonly string[];
  roles: readonly string[];
  boroughs: readonly string[];
  influence: number | null;
  interest: number | null;
  topHundredRank: number | null;
  consent: 'given' | 'withdrawn' | 'none';
  lastVerifiedOn: string | null;
  updatedAt: Date;
}>;

/** One page of people matching the filter, and the cursor of the next page when there is one. */
export async function searchPeople(
  db: Db,
  options: {
    scope: SearchScope;
    filter: StakeholderFilter;
    today: string;
    sort: SortOrder;
    cursor?: Cursor | undefined;
    limit: number;
  },
): Promise<{ rows: StakeholderRow[]; next: Cursor | undefined }> {
  const { sort, cursor, limit } = options;
  const descending = sort.startsWith('-');
  const column = sortColumn(sort);
  const after =
    cursor === undefined
      ? undefined
      : sort === 'name' || sort === '-name'
        ? descending
          ? sql`(${column}, ${people.id}) < (${cursor.value}, ${cursor.id}::uuid)`
          : sql`(${column}, ${people.id}) > (${cursor.value}, ${cursor.id}::uuid)`
        : descending
          ? sql`(${column}, ${people.id}) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`
          : sql`(${column}, ${people.id}) > (${cursor.value}::timestamptz, ${cursor.id}::uuid)`;
  const page = await db
    .select({
      id: people.id,
      fullName: people.fullName,
      influence: people.influence,
      interest: people.interest,
      lastVerifiedOn: people.lastVerifiedOn,
      updatedAt: people.updatedAt,
      consent: consentState,
    })
    .from(people)
    .where(and(filterCondition(options.scope, options.filter, options.today), after))
    .orderBy(descending ? sql`${column} desc, ${people.id} desc` : sql`${column} asc, ${people.id} asc`)
    .limit(limit + 1);
  const shown = page.slice(0, limit);
  const last = shown.at(-1);
  const next =
    page.length > limit && last
      ? {
          value:
            sort === 'name' || sort === '-name' ? last.fullName.toLowerCase() : last.updatedAt.toISOString(),
          id: last.id,
        }
      : undefined;
  return { rows: await fillRows(db, shown, options.filter.areaCode, options.today), next };
}

/** How many people match (the list's total and a segment's live count). */
export async function countPeople(
  db: Db,
  options: { scope: SearchScope; filter: StakeholderFilter; today: string },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(filterCondition(options.scope, options.filter, options.today));
  return Number(row?.n ?? 0);
}

type PageRow = {
  id: string;
  fullName: string;
  influence: number | null;
  interest: number | null;
  lastVerifiedOn: string | null;
  updatedAt: Date;
  consent: 'given' | 'withdrawn' | 'none';
};

async function fillRows(
  db: Db,
  page: readonly PageRow[],
  areaCode: string | undefined,
  today: string,
): Promise<StakeholderRow[]> {
  if (page.length === 0) return [];
  const ids = page.map((p) => p.id);
  const contacts = await db
    .select({ personId: contactPoints.personId, kind: contactPoints.kind, value: contactPoints.value })
    .from(contactPoints)
    .where(inArray(contactPoints.personId, ids))
    .orderBy(asc(contactPoints.position));
  const orgs = await db
    .select({ personId: memberships.personId, name: organisations.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        inArray(memberships.personId, ids),
        sql`(${memberships.endedOn} is null or ${memberships.endedOn} >= ${today}::date)`,
      ),
    )
    .orderBy(asc(organisations.name));
  const roles = await db
    .select({ personId: personRoles.personId, label: stakeholderRoles.label })
    .from(personRoles)
    .innerJoin(stakeholderRoles, eq(stakeholderRoles.id, personRoles.roleId))
    .where(inArray(personRoles.personId, ids))
    .orderBy(asc(stakeholderRoles.sortOrder));
  const boroughs = await db
    .select({ personId: personBoroughs.personId, name: areas.name })
    .from(personBoroughs)
    .innerJoin(areas, eq(areas.gssCode, personBoroughs.areaCode))
    .where(inArray(personBoroughs.personId, ids))
    .orderBy(asc(areas.name));
  const ranks = await db
    .select({ personId: topHundred.personId, areaCode: topHundred.areaCode, rank: topHundred.rank })
    .from(topHundred)
    .where(inArray(topHundred.personId, ids));
  const group = <T extends { personId: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(r.personId, [...(map.get(r.personId) ?? []), r]);
    return map;
  };
  const byContacts = group(contacts);
  const byOrgs = group(orgs);
  const byRoles = group(roles);
  const byRanks = group(ranks);
  const byBoroughs = group(boroughs);
  return page.map((p) => {
    const c = byContacts.get(p.id) ?? [];
    const rank = (byRanks.get(p.id) ?? []).find((r) => areaCode === undefined || r.areaCode === areaCode);
    return {
      ...p,
      email: c.find((x) => x.kind === 'email')?.value ?? null,
      phone: c.find((x) => x.kind === 'phone')?.value ?? null,
      organisations: (byOrgs.get(p.id) ?? []).map((o) => o.name),
      roles: (byRoles.get(p.id) ?? []).map((r) => r.label),
      boroughs: (byBoroughs.get(p.id) ?? []).map((b) => b.name),
      topHundredRank: rank?.rank ?? null,
    };
  });
}

/** The names of the boroughs, for the filter's choices. */
export async function boroughChoices(db: Db, scope: SearchScope): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: areas.gssCode, name: areas.name })
    .from(areas)
    .where(scope === 'all' ? undefined : scope.length === 0 ? sql`false` : inArray(areas.gssCode, [...scope]))
    .orderBy(asc(areas.name));
}
