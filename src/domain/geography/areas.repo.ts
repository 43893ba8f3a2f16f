import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { areas, bcus } from '../../db/schema/index.ts';
import { bcus as bcuFacts, londonAreas } from './london-areas.ts';

export type AreaRecord = Readonly<{
  gssCode: string;
  name: string;
  shortCode: string;
  kind: 'london-borough' | 'city';
  policeForce: 'metropolitan' | 'city-of-london';
  bcuCode: string | null;
  bcuName: string | null;
  tileCol: number;
  tileRow: number;
}>;

const areaColumns = {
  gssCode: areas.gssCode,
  name: areas.name,
  shortCode: areas.shortCode,
  kind: areas.kind,
  policeForce: areas.policeForce,
  bcuCode: areas.bcuCode,
  bcuName: bcus.name,
  tileCol: areas.tileCol,
  tileRow: areas.tileRow,
};

/** Every overview and API list reads all areas, so the query is prepared once. */
const allAreas = preparedQuery((db) =>
  db
    .select(areaColumns)
    .from(areas)
    .leftJoin(bcus, eq(bcus.code, areas.bcuCode))
    .orderBy(asc(areas.name))
    .prepare('all_areas'),
);

/** All areas, or only those with the given codes (a borough-scoped reader's). */
export function selectAreas(db: Db, scope: 'all' | readonly string[] = 'all'): Promise<AreaRecord[]> {
  if (scope === 'all') return allAreas(db).execute();
  if (scope.length === 0) return Promise.resolve([]);
  return db
    .select(areaColumns)
    .from(areas)
    .leftJoin(bcus, eq(bcus.code, areas.bcuCode))
    .where(inArray(areas.gssCode, [...scope]))
    .orderBy(asc(areas.name));
}

export async function selectArea(db: Db, gssCode: string): Promise<AreaRecord | undefined> {
  const [row] = await db
    .select(areaColumns)
    .from(areas)
    .leftJoin(bcus, eq(bcus.code, areas.bcuCode))
    .where(eq(areas.gssCode, gssCode));
  return row;
}

/** Writes the reference facts from code into the database; re-running changes nothing. */
export async function upsertReferenceAreas(db: Db): Promise<void> {
  await db
    .insert(bcus)
    .values(bcuFacts.map((b) => ({ ...b })))
    .onConflictDoUpdate({ target: bcus.code, set: { name: sql`excluded.name` } });
  await db
    .insert(areas)
    .values(
      londonAreas.map((a) => ({
        gssCode: a.gssCode,
        name: a.name,
        shortCode: a.shortCode,
        kind: a.kind,
        policeForce: a.policeForce,
        bcuCode: a.bcuCode,
        tileCol: a.tile.col,
        tileRow: a.tile.row,
      })),
    )
    .onConflictDoUpdate({
      target: areas.gssCode,
      set: {
        name: sql`excluded.name`,
        shortCode: sql`excluded.short_code`,
        kind: sql`excluded.kind`,
        policeForce: sql`excluded.police_force`,
        bcuCode: sql`excluded.bcu_code`,
        tileCol: sql`excluded.tile_col`,
        tileRow: sql`excluded.tile_row`,
      },
    });
}
