/**
 * How alike two people's names and organisations are, for the import's duplicate check (decision
 * 0027). Trigrams are made as PostgreSQL's pg_trgm makes them (each word, in lower case, padded with
 * two spaces before and one after), and similarity is theirs too: shared trigrams over all trigrams.
 *
 * A name is compared without titles and honours ("Cllr", "Dr", "MP", "OBE") and accents. The score
 * of two people is the names' similarity when either has no organisation, otherwise
 * (2 × names + organisations) ÷ 3: the name counts double, since colleagues share an organisation.
 * A score of `flagThreshold` or more is flagged for review.
 *
 * Finding the similar pairs among many people uses prefix filtering: trigrams are numbered from the
 * rarest, and two sets whose similarity reaches t must share one of the first |x| − ⌈t·|x|⌉ + 1
 * trigrams of each, so only those are indexed and probed. The result is exact, not an estimate.
 */

/** The score at or above which a new person is flagged as a possible duplicate of an existing one. */
export const flagThreshold = 0.7;

/** The names' similarity the threshold needs at the least: (2n + 1) ÷ 3 ≥ t when the organisations are the same. */
const nameThreshold = (3 * flagThreshold - 1) / 2;

const titles = new Set([
  'cllr',
  'councillor',
  'dr',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'rev',
  'revd',
  'reverend',
  'fr',
  'father',
  'sr',
  'sister',
  'imam',
  'rabbi',
  'pastor',
  'sir',
  'dame',
  'lord',
  'lady',
  'baroness',
  'baron',
  'prof',
  'professor',
  'rt',
  'hon',
  'the',
  'mp',
  'obe',
  'mbe',
  'cbe',
  'qpm',
  'jp',
  'am',
  'dl',
  'kc',
  'qc',
]);

/** Lower-case words of letters and digits, accents removed. */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** The words of a name that say who the person is, without titles and honours. */
export function nameWords(name: string): string[] {
  const all = words(name);
  const kept = all.filter((w) => !titles.has(w));
  return kept.length > 0 ? kept : all;
}

/** pg_trgm's trigrams of some words: "  w", " wo", "wor", "ord", "rd ". */
export function trigrams(ws: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of ws) {
    const padded = `  ${w} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** Shared over all: 1 for the same trigrams, 0 for none in common (or nothing to compare). */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** The similarity of two texts, as pg_trgm's similarity() gives it. */
export const textSimilarity = (a: string, b: string): number =>
  similarity(trigrams(words(a)), trigrams(words(b)));

export type Named = Readonly<{ name: string; organisations: readonly string[] }>;

/** How alike two people are, by name and organisation (see above); 0 to 1. */
export function personScore(a: Named, b: Named): number {
  const names = similarity(trigrams(nameWords(a.name)), trigrams(nameWords(b.name)));
  return combine(names, organisationSimilarity(a.organisations, b.organisations));
}

function organisationSimilarity(a: readonly string[], b: readonly string[]): number | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, textSimilarity(x, y));
  return best;
}

const combine = (names: number, organisations: number | undefined): number =>
  organisations === undefined ? names : (2 * names + organisations) / 3;

/** Scores are shown and stored to two decimals. */
export const roundScore = (score: number): number => Math.round(score * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Many against many

type Entry<T> = Readonly<{ item: T; ids: Int32Array; organisations: readonly string[] }>;

/**
 * The people a file is checked against, indexed once. `best(candidate)` finds the most similar at
 * or above the threshold, exactly, looking only at those sharing a rare trigram of the name.
 */
export class SimilarityIndex<T> {
  private readonly ids = new Map<string, number>();
  private readonly entries: Entry<T>[] = [];
  private readonly postings = new Map<number, number[]>();

  /**
   * `names` are every name the index and its candidates hold, so trigrams can be numbered from the
   * rarest (the order prefix filtering needs).
   */
  constructor(people: readonly (Named & { item: T })[], candidateNames: readonly string[]) {
    const frequency = new Map<string, number>();
    const count = (name: string) => {
      for (const t of trigrams(nameWords(name))) frequency.set(t, (frequency.get(t) ?? 0) + 1);
    };
    for (const p of people) count(p.name);
    for (const n of candidateNames) count(n);
    [...frequency.entries()]
      .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .forEach(([t], i) => {
        this.ids.set(t, i);
      });
    for (const p of people) {
      const ids = this.idsOf(p.name);
      if (ids.length === 0) continue;
      const index = this.entries.length;
      this.entries.push({ item: p.item, ids, organisations: p.organisations });
      for (let i = 0; i < prefixLength(ids.length); i += 1) {
        const id = ids[i] as number;
        const list = this.postings.get(id);
        if (list) list.push(index);
        else this.postings.set(id, [index]);
      }
    }
  }

  /** A trigram no one indexed is the rarest of all: it takes a number below every other. */
  private unseen = -1;

  private idsOf(name: string): Int32Array {
    const ids: number[] = [];
    for (const t of trigrams(nameWords(name))) {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.unseen;
        this.unseen -= 1;
        this.ids.set(t, id);
      }
      ids.push(id);
    }
    return Int32Array.from(ids).sort();
  }

  /** The most similar person at or above the threshold, with the score; undefined when none is. */
  best(candidate: Named): { item: T; score: number } | undefined {
    const ids = this.idsOf(candidate.name);
    if (ids.length === 0) return undefined;
    const seen = new Set<number>();
    let best: { item: T; score: number } | undefined;
    const minSize = Math.ceil(nameThreshold * ids.length - 1e-9);
    const maxSize = Math.floor(ids.length / nameThreshold + 1e-9);
    for (let i = 0; i < prefixLength(ids.length); i += 1) {
      for (const index of this.postings.get(ids[i] as number) ?? []) {
        if (seen.has(index)) continue;
        seen.add(index);
        const entry = this.entries[index] as Entry<T>;
        if (entry.ids.length < minSize || entry.ids.length > maxSize) continue;
        const names = sortedSimilarity(ids, entry.ids);
        if (names < nameThreshold - 1e-9) continue;
        const score = combine(names, organisationSimilarity(candidate.organisations, entry.organisations));
        if (score >= flagThreshold - 1e-9 && (best === undefined || score > best.score)) {
          best = { item: entry.item, score };
        }
      }
    }
    return best;
  }
}

/** How many of a set's rarest trigrams two sets at the names' threshold must share one of. */
const prefixLength = (size: number): number => size - Math.ceil(nameThreshold * size - 1e-9) + 1;

function sortedSimilarity(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return shared / (a.length + b.length - shared);
}
