import type { Context } from '../access/actor.ts';
import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { guardFinalAmp, recordAmpChange } from './amp-versions.ts';
import { insertProposalVersion, type ProposalRow, updateProposal as writeProposal } from './estate.repo.ts';
import { loadProposal, proposalSnapshotOf } from './get-proposal.ts';
import {
  type ProposalInput,
  type ProposalSnapshot,
  proposalInputSchema,
  statusMoveProblem,
} from './proposal.ts';
import { versionAuthor, versionNote } from './version-author.ts';

export type UpdateProposalInput = ProposalInput & {
  id: string;
  /** The version the person was looking at: a later one means someone else changed it meanwhile. */
  expectedVersion?: number | undefined;
  note?: string | undefined;
};

/**
 * Changes a proposal. Every change is a new dated version (saving with nothing changed makes none),
 * so the text people were consulted on can always be shown beside what was decided. The status
 * moves only forward; in a borough whose AMP is final only a programme lead may change a proposal,
 * and the AMP gains a version.
 */
export async function updateProposal(ctx: Context, input: UpdateProposalInput): Promise<ProposalRow> {
  const current = await loadProposal(ctx, input.id, 'estate:edit');
  // A status left out (or passed as undefined) keeps the current one.
  const parsed = parseInput(proposalInputSchema, { ...input, status: input.status ?? current.status });
  const note = versionNote(input);
  const statusProblem = statusMoveProblem(current.status, parsed.status);
  if (statusProblem) {
    throw new DomainError('invalid', 'Some details need correcting.', { fields: { status: statusProblem } });
  }
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw new DomainError(
      'conflict',
      `Someone else changed this proposal (now version ${current.version}) since you opened it. Reload it and make your change again.`,
    );
  }
  const snapshot: ProposalSnapshot = { siteId: current.siteId, ...parsed };
  const { oldValues, newValues } = changedValues(proposalSnapshotOf(current), snapshot);
  if (Object.keys(newValues).length === 0) return current;
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const finalAmp = await guardFinalAmp(txCtx, current.areaCode);
    const proposal = await writeProposal(
      tx,
      current.id,
      current.version,
      snapshot,
      current.areaCode,
      ctx.clock.now(),
    );
    if (!proposal) {
      throw new DomainError(
        'conflict',
        'Someone else changed this proposal at the same moment. Reload it and try again.',
      );
    }
    await insertProposalVersion(tx, proposal.id, {
      version: proposal.version,
      snapshot,
      ...versionAuthor(ctx),
      note,
    });
    if (finalAmp) {
      await recordAmpChange(
        txCtx,
        finalAmp,
        `Proposal “${proposal.title}” changed (version ${proposal.version})`,
      );
    }
    await recordAudit(txCtx, {
      action: 'updated',
      entityType: 'proposal',
      entityId: proposal.id,
      areaCode: proposal.areaCode,
      summary: `Proposal “${proposal.title}” changed (version ${proposal.version})`,
      oldValues,
      newValues,
    });
    return proposal;
  });
}
