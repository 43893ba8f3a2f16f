/**
 * A borough's top 100: the community leaders and opinion formers who get tailored briefings and the
 * monthly e-newsletter. The pure rules: how long the list may be, where a move takes a person, and
 * the new order after it. Ranks run 1..n without gaps; a list is kept as the ordered person ids.
 */

export const topHundredLimit = 100;

/** How a person is moved: one place up, one place down, or to a rank (the others shift). */
export type Move = 'up' | 'down' | number;

export type MoveTarget = Readonly<{ ok: true; rank: number }> | Readonly<{ ok: false; message: string }>;

/**
 * Reads what a person asked for: "up", "down", or a rank typed into a box (whole number). Whether
 * the rank lies on the list is for `targetRank`, which knows its length.
 */
export function parseMove(text: string): Move | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'up' || t === 'down') return t;
  if (!/^\d{1,6}$/.test(t)) return undefined;
  return Number(t);
}

/**
 * The rank a move takes a person to, on a list of `length` people where they are at `from`.
 * Moving the first up or the last down keeps them where they are; a rank off the list is refused.
 */
export function targetRank(move: Move, from: number, length: number): MoveTarget {
  if (move === 'up') return { ok: true, rank: Math.max(1, from - 1) };
  if (move === 'down') return { ok: true, rank: Math.min(length, from + 1) };
  if (!Number.isInteger(move) || move < 1 || move > length) {
    return {
      ok: false,
      message:
        length === 1 ? 'The list has one person, so the only rank is 1' : `Enter a rank from 1 to ${length}`,
    };
  }
  return { ok: true, rank: move };
}

/** The list after moving one person to `rank` (1-based): those in between shift by one place. */
export function moveTo(order: readonly string[], personId: string, rank: number): string[] {
  const from = order.indexOf(personId);
  if (from === -1) return [...order];
  const rest = order.filter((id) => id !== personId);
  const at = Math.min(Math.max(rank, 1), order.length) - 1;
  return [...rest.slice(0, at), personId, ...rest.slice(at)];
}

/** The list after removing one person: those below move up one place. */
export const without = (order: readonly string[], personId: string): string[] =>
  order.filter((id) => id !== personId);

/** The ranks of a list as stored: 1..n in order, never a gap or a repeat. */
export const ranksOf = (order: readonly string[]): { personId: string; rank: number }[] =>
  order.map((personId, i) => ({ personId, rank: i + 1 }));
