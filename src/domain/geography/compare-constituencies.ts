import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import {
  type BoroughConstituency,
  selectConstituenciesOfArea,
  selectVintages,
} from './electoral-areas.repo.ts';
import { gssCodePattern } from './get-area.ts';

export type ConstituencyChanges = Readonly<{
  gssCode: string;
  from: number;
  to: number;
  /** Constituencies covering the borough in `to` but not in `from`: their MPs are new to it. */
  added: readonly BoroughConstituency[];
  /** Constituencies that covered the borough in `from` and no longer do. */
  removed: readonly BoroughConstituency[];
  unchanged: readonly BoroughConstituency[];
}>;

const vintage = z.coerce
  .number({ error: 'Enter a year, like 2024' })
  .int('Enter a year, like 2024')
  .min(1990, 'Enter a year from 1990')
  .max(2100, 'Enter a year before 2100');

/** The pure comparison: by code, since a constituency whose boundaries change is given a new code. */
export function diffConstituencies(
  before: readonly BoroughConstituency[],
  after: readonly BoroughConstituency[],
): Pick<ConstituencyChanges, 'added' | 'removed' | 'unchanged'> {
  const beforeCodes = new Set(before.map((c) => c.code));
  const afterCodes = new Set(after.map((c) => c.code));
  return {
    added: after.filter((c) => !beforeCodes.has(c.code)),
    removed: before.filter((c) => !afterCodes.has(c.code)),
    unchanged: after.filter((c) => beforeCodes.has(c.code)),
  };
}

/**
 * The boundary-change check: for a borough, which constituencies (and so which MPs) differ between
 * two loaded constituency vintages.
 */
export async function compareConstituencies(
  ctx: Context,
  input: { gssCode: string; from: unknown; to: unknown },
): Promise<ConstituencyChanges> {
  const code = input.gssCode.trim().toUpperCase();
  const message = `There is no London area with the code ${input.gssCode}.`;
  authorizeInBorough(ctx.actor, 'area:read', code, message);
  if (!gssCodePattern.test(code)) throw new DomainError('not_found', message);
  const { from, to } = parseInput(z.object({ from: vintage, to: vintage }), {
    from: input.from,
    to: input.to,
  });
  const loaded = await selectVintages(ctx.db, 'constituency');
  const missing = [from, to].filter((y) => !loaded.includes(y));
  if (missing.length > 0) {
    const text = `No constituencies are loaded for ${missing.join(' or ')}. Loaded: ${loaded.join(', ') || 'none'}.`;
    throw new DomainError('invalid', text, {
      fields: Object.fromEntries(missing.map((y) => [y === from ? 'from' : 'to', text])),
    });
  }
  const [ward] = await selectVintages(ctx.db, 'ward');
  const before = await selectConstituenciesOfArea(ctx.db, code, { ward, constituency: from });
  const after = await selectConstituenciesOfArea(ctx.db, code, { ward, constituency: to });
  return { gssCode: code, from, to, ...diffConstituencies(before, after) };
}
