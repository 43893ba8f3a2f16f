import { and, asc, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { people } from '../../../db/schema/index.ts';
import { requiredRoles } from '../person.ts';
import type { CoveragePerson } from './coverage.ts';

/** The SQL of the coverage check: the people who might meet a requirement, and the borough's contacts. */

const inList = (codes: readonly string[]): SQL =>
  codes.length === 0
    ? sql`(null)`
    : sql`(${sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      )})`;

/**
 * The borough's people (not erased), and the MPs of its constituencies and the ward panel chairs of
 * the wards given wherever their other places lie, each with the required roles they hold and which
 * of the given wards and constituencies are among their places.
 */
export async function selectCoveragePeople(
  db: Db,
  areaCode: string,
  places: { constituencyCodes: readonly string[]; wardCodes: readonly string[] },
): Promise<CoveragePerson[]> {
  const roles = inList(Object.values(requiredRoles));
  const codes = inList([...places.constituencyCodes, ...places.wardCodes]);
  const inBorough = sql`exists (select 1 from person_boroughs pb
    where pb.person_id = ${people.id} and pb.area_code = ${areaCode})`;
  // Who to look at: the borough's people, and whoever holds one of its places as MP or ward panel chair.
  const candidates = sql`(select pb.person_id from person_boroughs pb where pb.area_code = ${areaCode}
    union select pr.person_id from person_roles pr join person_places pp on pp.person_id = pr.person_id
    where (pr.role_id = ${requiredRoles.mp} and pp.kind = 'constituency' and pp.code in ${inList(places.constituencyCodes)})
      or (pr.role_id = ${requiredRoles.wardPanelChair} and pp.kind = 'ward' and pp.code in ${inList(places.wardCodes)}))`;
  const rows = await db
    .select({
      id: people.id,
      fullName: people.fullName,
      lastVerifiedOn: people.lastVerifiedOn,
      inBorough: sql<boolean>`${inBorough}`,
      roleIds: sql<string[]>`coalesce((select array_agg(pr.role_id order by pr.role_id) from person_roles pr
        where pr.person_id = ${people.id} and pr.role_id in ${roles}), '{}'::text[])`,
      placeCodes: sql<string[]>`coalesce((select array_agg(distinct pp.code) from person_places pp
        where pp.person_id = ${people.id} and pp.kind in ('ward', 'constituency') and pp.code in ${codes}), '{}'::text[])`,
    })
    .from(people)
    .where(and(sql`${people.erasedAt} is null`, sql`${people.id} in ${candidates}`))
    .orderBy(sql`lower(${people.fullName})`, asc(people.id));
  return rows.map((r) => ({ ...r, roleIds: [...r.roleIds], placeCodes: [...r.placeCodes] }));
}
