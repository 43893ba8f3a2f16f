import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOnGrid, quadrantOf } from './stakeholder-grid.ts';
import { moveTo, parseMove, ranksOf, targetRank, without } from './top-hundred.ts';

describe('moving a person on the top 100', () => {
  it.each([
    ['up', 'up'],
    [' Down ', 'down'],
    ['7', 7],
    ['007', 7],
    ['', undefined],
    ['1.5', undefined],
    ['-2', undefined],
    ['seven', undefined],
  ] as const)('reads %j as %j', (text, move) => {
    expect(parseMove(text)).toBe(move);
  });

  it.each([
    ['up', 3, 5, { ok: true, rank: 2 }],
    ['up', 1, 5, { ok: true, rank: 1 }],
    ['down', 3, 5, { ok: true, rank: 4 }],
    ['down', 5, 5, { ok: true, rank: 5 }],
    [1, 3, 5, { ok: true, rank: 1 }],
    [5, 3, 5, { ok: true, rank: 5 }],
    [6, 3, 5, { ok: false, message: 'Enter a rank from 1 to 5' }],
    [0, 3, 5, { ok: false, message: 'Enter a rank from 1 to 5' }],
    [2, 1, 1, { ok: false, message: 'The list has one person, so the only rank is 1' }],
  ] as const)('%j from %i of %i goes to %j', (move, from, length, target) => {
    expect(targetRank(move, from, length)).toEqual(target);
  });

  it('shifts those in between by one place', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 'd', 2)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c', 'd'], 'a', 3)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveTo(['a', 'b'], 'x', 1)).toEqual(['a', 'b']);
    expect(without(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
    expect(ranksOf(['a', 'c'])).toEqual([
      { personId: 'a', rank: 1 },
      { personId: 'c', rank: 2 },
    ]);
  });

  it('keeps everyone, once each, with the mover at the rank asked for', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 100 }),
        fc.nat(),
        fc.integer({ min: -5, max: 110 }),
        (order, pick, rank) => {
          const mover = order[pick % order.length] as string;
          const after = moveTo(order, mover, rank);
          expect([...after].sort()).toEqual([...order].sort());
          expect(after.indexOf(mover) + 1).toBe(Math.min(Math.max(rank, 1), order.length));
          expect(after.filter((id) => id !== mover)).toEqual(order.filter((id) => id !== mover));
        },
      ),
    );
  });
});

describe('the influence and interest grid', () => {
  it.each([
    [5, 5, 'manage-closely'],
    [3, 3, 'manage-closely'],
    [5, 1, 'keep-satisfied'],
    [3, 2, 'keep-satisfied'],
    [1, 5, 'keep-informed'],
    [2, 3, 'keep-informed'],
    [2, 2, 'monitor'],
    [1, 1, 'monitor'],
  ] as const)('influence %i and interest %i: %s', (influence, interest, quadrant) => {
    expect(quadrantOf(influence, interest)).toBe(quadrant);
  });

  it('places people by score, influence 5 at the top and interest 1 first, and lists the unscored apart', () => {
    const grid = placeOnGrid([
      { id: 'a', fullName: 'Ann', influence: 5, interest: 1 },
      { id: 'b', fullName: 'Bo', influence: 5, interest: 1 },
      { id: 'c', fullName: 'Cy', influence: 1, interest: 4 },
      { id: 'd', fullName: 'Di', influence: null, interest: 4 },
      { id: 'e', fullName: 'Ed', influence: 2, interest: null },
    ]);
    expect(grid.rows.map((r) => r.influence)).toEqual([5, 4, 3, 2, 1]);
    expect(grid.rows[0]?.cells.map((c) => c.interest)).toEqual([1, 2, 3, 4, 5]);
    expect(grid.rows[0]?.cells[0]?.people.map((p) => p.fullName)).toEqual(['Ann', 'Bo']);
    expect(grid.rows[0]?.cells[0]?.quadrant).toBe('keep-satisfied');
    expect(grid.rows[4]?.cells[3]?.people.map((p) => p.fullName)).toEqual(['Cy']);
    expect(grid.unscored.map((p) => p.fullName)).toEqual(['Di', 'Ed']);
    expect(grid.placed).toBe(3);
    expect(grid.quadrants).toEqual([
      { quadrant: 'manage-closely', count: 0 },
      { quadrant: 'keep-satisfied', count: 2 },
      { quadrant: 'keep-informed', count: 1 },
      { quadrant: 'monitor', count: 0 },
    ]);
  });
});
