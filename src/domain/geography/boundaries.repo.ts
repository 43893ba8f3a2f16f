import { and, asc, count, desc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { boundaries } from '../../db/schema/index.ts';

/** All SQL for boundaries: the shapes of boroughs, wards and constituencies per vintage. */

export type BoundaryKind = (typeof boundaries.$inferSelect)['kind'];

/**
 * A GeoJSON polygon or multipolygon in WGS84 longitude and latitude, its rings wound the way d3-geo
 * reads them (outer rings clockwise, the opposite of RFC 7946; see boundary-geometry.ts).
 */
export type Geometry =
  | Readonly<{ type: 'Polygon'; coordinates: number[][][] }>
  | Readonly<{ type: 'MultiPolygon'; coordinates: number[][][][] }>;

export type BoundaryRow = Readonly<{
  kind: BoundaryKind;
  code: string;
  vintage: number;
  name: string;
  areaCode: string | null;
  geometry: Geometry;
}>;

export type NewBoundary = BoundaryRow;

/**
 * Inserts or replaces boundaries; returns how many were new and how many replaced (one that is the
 * same as before is left alone and counted in neither). Told after each batch how many are written.
 */
export async function upsertBoundaries(
  db: Db,
  rows: readonly NewBoundary[],
  now: Date,
  onBatch?: (written: number) => void,
): Promise<{ added: number; changed: number }> {
  let added = 0;
  let changed = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const written = await db
      .insert(boundaries)
      .values(rows.slice(i, i + 200).map((r) => ({ ...r, loadedAt: now })))
      .onConflictDoUpdate({
        target: [boundaries.kind, boundaries.code, boundaries.vintage],
        set: {
          name: sql`excluded.name`,
          areaCode: sql`excluded.area_code`,
          geometry: sql`excluded.geometry`,
          loadedAt: sql`excluded.loaded_at`,
        },
        setWhere: sql`(${boundaries.name}, ${boundaries.areaCode}, ${boundaries.geometry}) is distinct from (excluded.name, excluded.area_code, excluded.geometry)`,
      })
      .returning({ inserted: sql<boolean>`xmax = 0` });
    added += written.filter((r) => r.inserted).length;
    changed += written.filter((r) => !r.inserted).length;
    onBatch?.(Math.min(i + 200, rows.length));
  }
  return { added, changed };
}

/** The newest vintage of a kind with boundaries loaded, if any. */
export async function newestBoundaryVintage(db: Db, kind: BoundaryKind): Promise<number | undefined> {
  const [row] = await db
    .select({ vintage: boundaries.vintage })
    .from(boundaries)
    .where(eq(boundaries.kind, kind))
    .orderBy(desc(boundaries.vintage))
    .limit(1);
  return row?.vintage;
}

/** Boundaries of a kind in a vintage, optionally only those in one borough. */
export async function selectBoundaries(
  db: Db,
  kind: BoundaryKind,
  vintage: number,
  areaCode?: string,
): Promise<BoundaryRow[]> {
  const rows = await db
    .select({
      kind: boundaries.kind,
      code: boundaries.code,
      vintage: boundaries.vintage,
      name: boundaries.name,
      areaCode: boundaries.areaCode,
      geometry: boundaries.geometry,
    })
    .from(boundaries)
    .where(
      and(
        eq(boundaries.kind, kind),
        eq(boundaries.vintage, vintage),
        areaCode ? eq(boundaries.areaCode, areaCode) : undefined,
      ),
    )
    .orderBy(asc(boundaries.name));
  return rows.map((r) => ({ ...r, geometry: r.geometry as Geometry }));
}

export type LoadedBoundaries = Readonly<{
  kind: BoundaryKind;
  vintage: number;
  count: number;
  loadedAt: Date;
}>;

/** What boundaries are loaded: how many of each kind and vintage, and when last loaded. */
export async function selectLoadedBoundaries(db: Db): Promise<LoadedBoundaries[]> {
  const rows = await db
    .select({
      kind: boundaries.kind,
      vintage: boundaries.vintage,
      count: count(),
      loadedAt: max(boundaries.loadedAt),
    })
    .from(boundaries)
    .groupBy(boundaries.kind, boundaries.vintage)
    .orderBy(asc(boundaries.kind), desc(boundaries.vintage));
  return rows.map((r) => ({ ...r, loadedAt: r.loadedAt ?? new Date(0) }));
}
