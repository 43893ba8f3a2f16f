import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../domain/geography/boundaries.repo.ts';
import { boundaryMap } from './boundary-map.ts';

/** A square in longitude and latitude, wound clockwise as d3 reads an outline. */
const square = (west: number, south: number, east: number, north: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [west, north],
      [east, north],
      [east, south],
      [west, south],
    ],
  ],
});

const size = { width: 640, maxHeight: 720, margin: 16 };

describe('boundaryMap', () => {
  it('draws nothing when there is no shape to draw', () => {
    expect(boundaryMap({ outline: undefined, wards: [], sites: [{ latitude: 51.5, longitude: -0.1 }] })).toBe(
      undefined,
    );
  });

  it('fits a wide borough to the width, with a margin, and crops the height to it', () => {
    const map = boundaryMap(
      { outline: { geometry: square(-0.2, 51.45, 0.0, 51.5) }, wards: [], sites: [] },
      size,
    );
    expect(map?.width).toBe(640);
    expect(map?.height).toBeGreaterThan(100);
    expect(map?.height).toBeLessThan(720);
    expect(map?.outline).toMatch(/^M16,\d+(\.\d)?L16,16L624,16L624,\d+(\.\d)?Z$/);
  });

  it('fits a tall borough to the height, centred across', () => {
    const map = boundaryMap(
      { outline: { geometry: square(-0.13, 51.4, -0.1, 51.52) }, wards: [], sites: [] },
      size,
    );
    expect(map?.height).toBe(720);
    const xs = [...(map?.outline ?? '').matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1]));
    const left = Math.min(...xs);
    const right = Math.max(...xs);
    expect(left).toBeGreaterThan(16);
    expect(Math.abs(left - (640 - right))).toBeLessThan(1);
  });

  it('draws each ward and places each site, keeping a site outside the line in the frame', () => {
    const map = boundaryMap(
      {
        outline: { geometry: square(-0.2, 51.45, 0.0, 51.5) },
        wards: [
          { code: 'E05000001', name: 'West', geometry: square(-0.2, 51.45, -0.1, 51.5) },
          { code: 'E05000002', name: 'East', geometry: square(-0.1, 51.45, 0.0, 51.5) },
        ],
        sites: [
          { longitude: -0.15, latitude: 51.475 },
          { longitude: 0.05, latitude: 51.475 }, // beyond the eastern edge
        ],
      },
      size,
    );
    if (!map) throw new Error('no map');
    expect(map.wards.map((w) => w.name)).toEqual(['West', 'East']);
    expect(map.wards.every((w) => w.path.startsWith('M') && w.path.endsWith('Z'))).toBe(true);
    const [inside, outside] = map.points;
    expect(inside?.x).toBeGreaterThan(16);
    expect(inside?.x).toBeLessThan(320);
    expect(outside?.x).toBeCloseTo(624, 0);
    for (const p of map.points) {
      expect(p.y).toBeGreaterThanOrEqual(16);
      expect(p.y).toBeLessThanOrEqual(map.height - 16);
    }
  });
});
