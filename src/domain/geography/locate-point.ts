import { geoContains } from 'd3-geo';
import type { Db } from '../../db/connect.ts';
import { type BoundaryRow, newestBoundaryVintage, selectBoundaries } from './boundaries.repo.ts';

export type Location = Readonly<{
  /** Whether borough boundaries are loaded, so that the borough could be looked up at all. */
  boroughBoundaries: boolean;
  /** The borough containing the point, when boundaries are loaded and one does. */
  areaCode: string | undefined;
  /** The ward containing the point, when ward boundaries of the vintage are loaded and one does. */
  ward: Readonly<{ code: string; vintage: number }> | undefined;
}>;

const containing = (rows: readonly BoundaryRow[], point: [number, number]) =>
  rows.find((r) => geoContains(r.geometry as Parameters<typeof geoContains>[0], point));

/**
 * Which borough and ward a point (WGS84) lies in, from the loaded boundaries: the borough from the
 * newest borough boundaries, the ward from the ward boundaries of the vintage in use.
 */
export async function locatePoint(
  db: Db,
  point: Readonly<{ longitude: number; latitude: number }>,
  wardVintage: number | undefined,
): Promise<Location> {
  const lonLat: [number, number] = [point.longitude, point.latitude];
  const boroughVintage = await newestBoundaryVintage(db, 'borough');
  const borough =
    boroughVintage === undefined
      ? undefined
      : containing(await selectBoundaries(db, 'borough', boroughVintage), lonLat);
  const wardRows =
    wardVintage === undefined
      ? []
      : await selectBoundaries(db, 'ward', wardVintage, borough?.code ?? undefined);
  const ward = containing(wardRows, lonLat);
  return {
    boroughBoundaries: boroughVintage !== undefined,
    areaCode: borough?.code ?? ward?.areaCode ?? undefined,
    ward: ward ? { code: ward.code, vintage: ward.vintage } : undefined,
  };
}
