import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { selectProposalVersions, type VersionRow } from './estate.repo.ts';
import { loadProposal } from './get-proposal.ts';
import {
  compareSnapshots,
  type FieldComparison,
  type ProposalSnapshot,
  proposalFieldNames,
} from './proposal.ts';

const versionNumber = z.coerce
  .number({ error: 'Choose a version' })
  .int('Choose a version')
  .min(1, 'Choose a version');
const inputSchema = z.object({ id: z.string(), from: versionNumber, to: versionNumber });

export type ProposalComparison = Readonly<{
  proposalId: string;
  title: string;
  from: VersionRow<ProposalSnapshot>;
  to: VersionRow<ProposalSnapshot>;
  fields: readonly FieldComparison<keyof ProposalSnapshot>[];
  versions: readonly number[];
}>;

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * Two versions of a proposal side by side, field by field, with what changed marked. Without
 * versions named, the newest is compared with the one before it.
 */
export async function compareProposalVersions(
  ctx: Context,
  input: { id: string; from?: unknown; to?: unknown },
): Promise<ProposalComparison> {
  const proposal = await loadProposal(ctx, input.id, 'estate:read');
  const { from, to } = parseInput(inputSchema, {
    id: input.id,
    from: given(input.from) ? input.from : Math.max(1, proposal.version - 1),
    to: given(input.to) ? input.to : proposal.version,
  });
  const versions = await selectProposalVersions(ctx.db, proposal.id);
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  if (!a || !b) {
    throw new DomainError('not_found', `This proposal has versions 1 to ${proposal.version}.`);
  }
  return {
    proposalId: proposal.id,
    title: proposal.title,
    from: a,
    to: b,
    fields: compareSnapshots(proposalFieldNames, a.snapshot, b.snapshot),
    versions: versions.map((v) => v.version).sort((x, y) => x - y),
  };
}
