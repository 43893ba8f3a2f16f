import { geoContains } from 'd3-geo';
import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import type { SiteRecord } from '../estate/estate.repo.ts';
import { listSites } from '../estate/list-sites.ts';
import { DomainError } from '../shared/errors.ts';
import { selectArea } from './areas.repo.ts';
import { type Geometry, newestBoundaryVintage, selectBoundaries } from './boundaries.repo.ts';
import { currentVintages } from './current-vintages.ts';
import { gssCodePattern } from './get-area.ts';

export type MapShape = Readonly<{ code: string; name: string; geometry: Geometry }>;

export type MapSite = Pick<SiteRecord, 'id' | 'name' | 'type' | 'status' | 'latitude' | 'longitude'> &
  Readonly<{ latitude: number; longitude: number }>;

export type BoroughMap = Readonly<{
  gssCode: string;
  name: string;
  /** The borough's outline from the newest borough boundaries loaded, if any. */
  boundary: (MapShape & { vintage: number }) | undefined;
  /** The vintage of the ward shapes: the wards in use, or the newest ward boundaries when no ward list is loaded. */
  wardVintage: number | undefined;
  wards: readonly MapShape[];
  /** The borough's sites that have coordinates, in the order of the site list. */
  sites: readonly MapSite[];
  /** How many of the borough's sites have no coordinates, and so are not on the map. */
  sitesWithoutCoordinates: number;
  /** Sites whose coordinates lie outside the borough's outline: left off, so they cannot shrink the map to a dot. */
  sitesOutside: readonly Pick<SiteRecord, 'id' | 'name'>[];
}>;

const hasCoordinates = (s: SiteRecord): s is SiteRecord & { latitude: number; longitude: number } =>
  s.latitude !== null && s.longitude !== null;

/**
 * What a borough's map shows: its outline, its wards in the boundaries in use, and its sites with
 * coordinates. A borough outside the actor's boroughs answers as a missing one does.
 */
export async function getBoroughMap(ctx: Context, input: { gssCode: string }): Promise<BoroughMap> {
  const code = input.gssCode.trim().toUpperCase();
  const message = `There is no London area with the code ${input.gssCode}.`;
  authorizeInBorough(ctx.actor, 'area:read', code, message);
  const area = gssCodePattern.test(code) ? await selectArea(ctx.db, code) : undefined;
  if (!area) throw new DomainError('not_found', message);

  const boroughVintage = await newestBoundaryVintage(ctx.db, 'borough');
  const [outline] =
    boroughVintage === undefined ? [] : await selectBoundaries(ctx.db, 'borough', boroughVintage, code);
  const wardVintage = (await currentVintages(ctx.db)).ward ?? (await newestBoundaryVintage(ctx.db, 'ward'));
  const wards = wardVintage === undefined ? [] : await selectBoundaries(ctx.db, 'ward', wardVintage, code);
  const sites = await listSites(ctx, { areaCode: code });
  const withCoordinates = sites.filter(hasCoordinates);
  const inside = (s: { latitude: number; longitude: number }) =>
    !outline || geoContains(outline.geometry as Parameters<typeof geoContains>[0], [s.longitude, s.latitude]);
  const placed = withCoordinates.filter(inside);

  return {
    gssCode: code,
    name: area.name,
    boundary: outline && {
      code: outline.code,
      name: outline.name,
      vintage: outline.vintage,
      geometry: outline.geometry,
    },
    wardVintage,
    wards: wards.map((w) => ({ code: w.code, name: w.name, geometry: w.geometry })),
    sites: placed.map((s) => ({
      id: s.id,
      name: s.name,
      type: s.type,
      status: s.status,
      latitude: s.latitude,
      longitude: s.longitude,
    })),
    sitesWithoutCoordinates: sites.length - withCoordinates.length,
    sitesOutside: withCoordinates.filter((s) => !inside(s)).map((s) => ({ id: s.id, name: s.name })),
  };
}
