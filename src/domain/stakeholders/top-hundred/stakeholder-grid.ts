/**
 * The influence and interest grid: each of a borough's people placed by their influence (1–5) and
 * interest (1–5) scores, and the four quadrants of the usual stakeholder map that say how closely
 * to engage them. Pure: people in, cells out.
 */

export type Quadrant = 'manage-closely' | 'keep-satisfied' | 'keep-informed' | 'monitor';

export const quadrantNames: Readonly<Record<Quadrant, string>> = {
  'manage-closely': 'Manage closely',
  'keep-satisfied': 'Keep satisfied',
  'keep-informed': 'Keep informed',
  monitor: 'Monitor',
};

/** What each quadrant asks of the borough team. */
export const quadrantAdvice: Readonly<Record<Quadrant, string>> = {
  'manage-closely': 'High influence, high interest: engage fully and brief them first',
  'keep-satisfied': 'High influence, lower interest: keep them content, without overloading them',
  'keep-informed': 'Lower influence, high interest: keep them informed and listen to them',
  monitor: 'Lower influence, lower interest: keep an eye on them with general updates',
};

export const quadrants: readonly Quadrant[] = [
  'manage-closely',
  'keep-satisfied',
  'keep-informed',
  'monitor',
];

/** A score from this value up counts as high: the middle row and column lean towards closer engagement. */
export const highScore = 3;

export const scores = [1, 2, 3, 4, 5] as const;

export function quadrantOf(influence: number, interest: number): Quadrant {
  const influential = influence >= highScore;
  const interested = interest >= highScore;
  if (influential) return interested ? 'manage-closely' : 'keep-satisfied';
  return interested ? 'keep-informed' : 'monitor';
}

export type GridPerson = Readonly<{
  id: string;
  fullName: string;
  influence: number | null;
  interest: number | null;
}>;

export type GridCell<P extends GridPerson> = Readonly<{
  influence: number;
  interest: number;
  quadrant: Quadrant;
  people: readonly P[];
}>;

export type Grid<P extends GridPerson> = Readonly<{
  /** Influence 5 (top row) down to 1; in each row, interest 1 to 5. */
  rows: readonly Readonly<{ influence: number; cells: readonly GridCell<P>[] }>[];
  /** People missing either score, who cannot be placed. */
  unscored: readonly P[];
  quadrants: readonly Readonly<{ quadrant: Quadrant; count: number }>[];
  placed: number;
}>;

const isScore = (n: number | null): n is number => n !== null && Number.isInteger(n) && n >= 1 && n <= 5;

/** Places people on the grid, keeping the order they came in (the caller sorts them). */
export function placeOnGrid<P extends GridPerson>(people: readonly P[]): Grid<P> {
  const byCell = new Map<string, P[]>();
  const unscored: P[] = [];
  for (const p of people) {
    if (!isScore(p.influence) || !isScore(p.interest)) {
      unscored.push(p);
      continue;
    }
    const key = `${p.influence}-${p.interest}`;
    byCell.set(key, [...(byCell.get(key) ?? []), p]);
  }
  const rows = [...scores].reverse().map((influence) => ({
    influence,
    cells: scores.map((interest) => ({
      influence,
      interest,
      quadrant: quadrantOf(influence, interest),
      people: byCell.get(`${influence}-${interest}`) ?? [],
    })),
  }));
  const counts = new Map<Quadrant, number>();
  for (const row of rows) {
    for (const cell of row.cells)
      counts.set(cell.quadrant, (counts.get(cell.quadrant) ?? 0) + cell.people.length);
  }
  return {
    rows,
    unscored,
    quadrants: quadrants.map((quadrant) => ({ quadrant, count: counts.get(quadrant) ?? 0 })),
    placed: people.length - unscored.length,
  };
}
