import type { AreaRecord } from '../../../domain/geography/areas.repo.ts';

/** Geometry for the London tile map: one square tile per area at its grid position. */

export type Tile = Readonly<{
  gssCode: string;
  name: string;
  shortCode: string;
  href: string;
  accessibleName: string;
  x: number;
  y: number;
  size: number;
  labelX: number;
  labelY: number;
  isCity: boolean;
}>;

export type TileMap = Readonly<{ width: number; height: number; tiles: Tile[] }>;

const tileSize = 72;
const gap = 6;

export function tileMap(areas: readonly AreaRecord[]): TileMap {
  const step = tileSize + gap;
  // Drawn around the areas given (all of London, or a borough lead's few), with no empty margin.
  const minCol = Math.min(...areas.map((a) => a.tileCol));
  const minRow = Math.min(...areas.map((a) => a.tileRow));
  const cols = Math.max(...areas.map((a) => a.tileCol)) - minCol + 1;
  const rows = Math.max(...areas.map((a) => a.tileRow)) - minRow + 1;
  const tiles = [...areas]
    // Reading order (row by row, west to east) is also the keyboard order.
    .sort((a, b) => a.tileRow - b.tileRow || a.tileCol - b.tileCol)
    .map((a) => {
      const x = (a.tileCol - minCol) * step;
      const y = (a.tileRow - minRow) * step;
      return {
        gssCode: a.gssCode,
        name: a.name,
        shortCode: a.shortCode,
        href: `/boroughs/${a.gssCode}`,
        // The name starts with the code shown on the tile, so speech users can say what they see.
        accessibleName: `${a.shortCode}: ${a.name}, ${a.bcuName ? `${a.bcuName} BCU` : 'City of London Police'}`,
        x,
        y,
        size: tileSize,
        labelX: x + tileSize / 2,
        labelY: y + tileSize / 2 + 5,
        isCity: a.kind === 'city',
      };
    });
  return { width: cols * step - gap, height: rows * step - gap, tiles };
}
