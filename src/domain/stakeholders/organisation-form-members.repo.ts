import { and, asc, eq, exists, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { memberships, people, personBoroughs } from '../../db/schema/index.ts';

/** SQL for an organisation's members as its page lists them. */

export type OrganisationMember = Readonly<{
  personId: string;
  fullName: string;
  position: string | null;
  startedOn: string | null;
  endedOn: string | null;
}>;

/**
 * The people who belong to an organisation on `today` (no end date, or one not yet passed), not
 * erased, and in one of the boroughs given (`all` = any), by name.
 */
export async function selectCurrentMembers(
  db: Db,
  organisationId: string,
  today: string,
  scope: 'all' | readonly string[],
): Promise<OrganisationMember[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  return db
    .select({
      personId: people.id,
      fullName: people.fullName,
      position: memberships.position,
      startedOn: memberships.startedOn,
      endedOn: memberships.endedOn,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        isNull(people.erasedAt),
        or(isNull(memberships.endedOn), sql`${memberships.endedOn} >= ${today}`),
        scope === 'all'
          ? undefined
          : exists(
              db
                .select({ one: sql`1` })
                .from(personBoroughs)
                .where(
                  and(eq(personBoroughs.personId, people.id), inArray(personBoroughs.areaCode, [...scope])),
                ),
            ),
      ),
    )
    .orderBy(asc(sql`lower(${people.fullName})`), asc(people.id));
}
