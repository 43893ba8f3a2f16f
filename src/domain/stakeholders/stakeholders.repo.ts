import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { areas, organisations, stakeholderRoles } from '../../db/schema/index.ts';
import type { ParsedOrganisation } from './person.ts';

/** SQL for organisations and the controlled list of roles. */

export type OrganisationRow = typeof organisations.$inferSelect;
export type RoleRow = typeof stakeholderRoles.$inferSelect;

export async function selectRoles(db: Db): Promise<RoleRow[]> {
  return db
    .select()
    .from(stakeholderRoles)
    .orderBy(asc(stakeholderRoles.sortOrder), asc(stakeholderRoles.label));
}

export async function selectRoleIds(db: Db): Promise<string[]> {
  return (await db.select({ id: stakeholderRoles.id }).from(stakeholderRoles)).map((r) => r.id);
}

export async function insertRole(
  db: Db,
  role: { id: string; label: string },
  now: Date,
): Promise<RoleRow | undefined> {
  const [next] = await db
    .select({ n: sql<number>`coalesce(max(${stakeholderRoles.sortOrder}), 0) + 1` })
    .from(stakeholderRoles);
  const [row] = await db
    .insert(stakeholderRoles)
    .values({ ...role, builtIn: false, sortOrder: Number(next?.n ?? 1), createdAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Each organisation's borough (null = London-wide), for those that exist. */
export async function selectOrganisationAreas(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisations.id, areaCode: organisations.areaCode })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.areaCode]));
}

export async function insertOrganisation(db: Db, o: ParsedOrganisation, now: Date): Promise<OrganisationRow> {
  const [row] = await db
    .insert(organisations)
    .values({ ...o, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert into organisations returned nothing');
  return row;
}

export async function updateOrganisationRow(
  db: Db,
  id: string,
  o: ParsedOrganisation,
  now: Date,
): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .update(organisations)
    .set({ ...o, updatedAt: now })
    .where(eq(organisations.id, id))
    .returning();
  return row;
}

export type OrganisationRecord = OrganisationRow & { areaName: string | null };

export async function selectOrganisation(db: Db, id: string): Promise<OrganisationRecord | undefined> {
  const [row] = await db
    .select({ organisation: organisations, areaName: areas.name })
    .from(organisations)
    .leftJoin(areas, eq(areas.gssCode, organisations.areaCode))
    .where(eq(organisations.id, id));
  return row ? { ...row.organisation, areaName: row.areaName } : undefined;
}

/**
 * Organisations an actor can choose from: London-wide ones and those in the boroughs given
 * (`all` = every borough), by name.
 */
export async function selectOrganisationChoices(
  db: Db,
  scope: 'all' | readonly string[],
  filter: { areaCode?: string | undefined; type?: string | undefined } = {},
): Promise<OrganisationRecord[]> {
  const scoped =
    scope === 'all'
      ? undefined
      : scope.length === 0
        ? sql`${organisations.areaCode} is null`
        : sql`(${organisations.areaCode} is null or ${inArray(organisations.areaCode, [...scope])})`;
  const rows = await db
    .select({ organisation: organisations, areaName: areas.name })
    .from(organisations)
    .leftJoin(areas, eq(areas.gssCode, organisations.areaCode))
    .where(
      and(
        scoped,
        filter.areaCode === undefined ? undefined : eq(organisations.areaCode, filter.areaCode),
        filter.type === undefined ? undefined : sql`${organisations.type} = ${filter.type}`,
      ),
    )
    .orderBy(asc(sql`lower(${organisations.name})`), asc(organisations.id));
  return rows.map((r) => ({ ...r.organisation, areaName: r.areaName }));
}
