import { geoMercator, geoPath } from 'd3-geo';
import type { Geometry } from '../../../domain/geography/boundaries.repo.ts';

/**
 * A borough map drawn on the server: the borough's outline, its wards and its sites, projected
 * with d3-geo (Mercator, fitted to the width) into SVG path data and points. Pure: plain data in,
 * plain data out; the template draws it and names every part.
 */

export type BoundaryMapInput = Readonly<{
  outline: Readonly<{ geometry: Geometry }> | undefined;
  wards: readonly Readonly<{ code: string; name: string; geometry: Geometry }>[];
  sites: readonly Readonly<{ latitude: number; longitude: number }>[];
}>;

export type BoundaryMap = Readonly<{
  width: number;
  height: number;
  /** SVG path data for the borough's outline, when borough boundaries are loaded. */
  outline: string | undefined;
  wards: readonly Readonly<{ code: string; name: string; path: string }>[];
  /** Each site's place, in the order given. */
  points: readonly Readonly<{ x: number; y: number }>[];
}>;

export type MapSize = Readonly<{ width: number; maxHeight: number; margin: number }>;

const defaultSize: MapSize = { width: 640, maxHeight: 720, margin: 16 };

const round = (n: number) => Math.round(n * 10) / 10;

/** The map, or undefined when there is no shape to draw (no boundaries loaded for the borough). */
export function boundaryMap(input: BoundaryMapInput, size: MapSize = defaultSize): BoundaryMap | undefined {
  const shapes: GeoJSON.Geometry[] = [
    ...(input.outline ? [input.outline.geometry] : []),
    ...input.wards.map((w) => w.geometry),
  ];
  if (shapes.length === 0) return undefined;
  const points: GeoJSON.Point[] = input.sites.map((s) => ({
    type: 'Point',
    coordinates: [s.longitude, s.latitude],
  }));
  // Fitted to everything drawn, sites included, so a site just outside the line is still seen.
  const everything: GeoJSON.GeometryCollection = {
    type: 'GeometryCollection',
    geometries: [...shapes, ...points],
  };
  const inner = { width: size.width - 2 * size.margin, height: size.maxHeight - 2 * size.margin };
  const projection = geoMercator().fitSize([inner.width, inner.height], everything);
  const path = geoPath(projection).digits(1);
  // Shift the drawing to the top of the frame and centre it across, then crop the height to fit.
  const [[x0, y0], [x1, y1]] = path.bounds(everything);
  const [tx, ty] = projection.translate();
  projection.translate([tx - x0 + size.margin + (inner.width - (x1 - x0)) / 2, ty - y0 + size.margin]);
  const height = Math.min(size.maxHeight, Math.ceil(y1 - y0 + 2 * size.margin));

  return {
    width: size.width,
    height,
    outline: input.outline ? (path(input.outline.geometry) ?? undefined) : undefined,
    wards: input.wards.map((w) => ({ code: w.code, name: w.name, path: path(w.geometry) ?? '' })),
    points: input.sites.map((s) => {
      const [x, y] = projection([s.longitude, s.latitude]) ?? [0, 0];
      return { x: round(x), y: round(y) };
    }),
  };
}
