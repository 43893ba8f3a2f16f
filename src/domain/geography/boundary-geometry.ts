import { geoArea } from 'd3-geo';
import type { Geometry } from './boundaries.repo.ts';
import { shown } from './ons-table.ts';

/**
 * Checking a boundary's GeoJSON geometry and putting its rings the way d3-geo reads them. Pure:
 * bad input comes back as a message, never as an exception.
 *
 * d3-geo works on the sphere, where a ring encloses one of two areas, and it takes the area on the
 * ring's right (clockwise on a map) — the opposite of RFC 7946, whose outer rings run
 * anticlockwise. ONS files follow either convention, sometimes both in one file (a sliver of
 * Hounslow in the 2022 borough boundaries runs the other way to the rest), and a ring read the
 * wrong way round encloses the whole Earth except the borough. So each outer ring is turned until
 * it encloses less than a hemisphere, and each hole until it encloses more, and the geometry is
 * stored that way: what `geoContains` and `geoPath` read without further thought.
 */

export type GeometryCheck =
  | Readonly<{ ok: true; geometry: Geometry }>
  | Readonly<{ ok: false; message: string }>;

type Ring = [number, number][];

class Problem {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const hemisphere = 2 * Math.PI;

function position(raw: unknown): [number, number] | Problem {
  if (!Array.isArray(raw) || raw.length < 2) {
    return new Problem('Each point must be a pair of numbers: longitude, latitude');
  }
  const [lon, lat] = raw as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return new Problem('Each point must be a pair of finite numbers: longitude, latitude');
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    const metres = Math.abs(lon) > 1000 && Math.abs(lat) > 1000;
    return new Problem(
      metres
        ? `The point ${lon}, ${lat} looks like British National Grid metres: save the file with longitude and latitude (WGS84, EPSG:4326)`
        : `The point ${lon}, ${lat} is not a longitude (−180 to 180) and latitude (−90 to 90)`,
    );
  }
  return [lon, lat];
}

function ring(raw: unknown, hole: boolean): Ring | Problem {
  if (!Array.isArray(raw) || raw.length < 4) {
    return new Problem('Each ring of a polygon must have at least 4 points, the last the same as the first');
  }
  const points: Ring = [];
  for (const p of raw as unknown[]) {
    const read = position(p);
    if (read instanceof Problem) return read;
    points.push(read);
  }
  const first = points[0] as [number, number];
  const last = points[points.length - 1] as [number, number];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return new Problem('Each ring of a polygon must end at the point it starts from');
  }
  const encloses = geoArea({ type: 'Polygon', coordinates: [points] });
  // An outer ring encloses the small side; a hole, read alone, the large side.
  return hole === encloses < hemisphere ? points.reverse() : points;
}

function polygon(raw: unknown): Ring[] | Problem {
  if (!Array.isArray(raw) || raw.length === 0) {
    return new Problem('Each polygon must be a list of rings: the outline, then any holes');
  }
  const rings: Ring[] = [];
  for (const [i, r] of (raw as unknown[]).entries()) {
    const read = ring(r, i > 0);
    if (read instanceof Problem) return read;
    rings.push(read);
  }
  return rings;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Polygon or MultiPolygon in longitude and latitude, with its rings the way d3-geo reads them. */
export function checkGeometry(raw: unknown): GeometryCheck {
  if (!isRecord(raw)) return { ok: false, message: 'The feature has no geometry' };
  if (raw.type === 'Polygon') {
    const read = polygon(raw.coordinates);
    return read instanceof Problem
      ? { ok: false, message: read.message }
      : { ok: true, geometry: { type: 'Polygon', coordinates: read } };
  }
  if (raw.type === 'MultiPolygon') {
    if (!Array.isArray(raw.coordinates) || raw.coordinates.length === 0) {
      return { ok: false, message: 'A MultiPolygon must be a list of polygons' };
    }
    const polygons: Ring[][] = [];
    for (const p of raw.coordinates as unknown[]) {
      const read = polygon(p);
      if (read instanceof Problem) return { ok: false, message: read.message };
      polygons.push(read);
    }
    return { ok: true, geometry: { type: 'MultiPolygon', coordinates: polygons } };
  }
  const found = typeof raw.type === 'string' ? shown(raw.type) : 'no type';
  return { ok: false, message: `The geometry must be a Polygon or MultiPolygon; found ${found}` };
}
