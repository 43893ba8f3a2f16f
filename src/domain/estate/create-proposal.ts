import type { Context } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { guardFinalAmp, recordAmpChange } from './amp-versions.ts';
import { insertProposal, insertProposalVersion, lockSite, type ProposalRow } from './estate.repo.ts';
import { loadSite } from './get-site.ts';
import {
  type ProposalInput,
  type ProposalSnapshot,
  proposalInputSchema,
  statusMoveProblem,
} from './proposal.ts';
import { versionAuthor, versionNote } from './version-author.ts';

/**
 * Adds a proposal for a site, as version 1. In a borough whose AMP is final only a programme lead
 * may, and the AMP gains a version.
 */
export async function createProposal(
  ctx: Context,
  input: ProposalInput & { siteId: string; note?: string | undefined },
): Promise<ProposalRow> {
  const site = await loadSite(ctx, input.siteId, 'estate:edit');
  const parsed = parseInput(proposalInputSchema, input);
  const note = versionNote(input);
  const statusProblem = statusMoveProblem(undefined, parsed.status);
  if (statusProblem) {
    throw new DomainError('invalid', 'Some details need correcting.', { fields: { status: statusProblem } });
  }
  const snapshot: ProposalSnapshot = { siteId: site.id, ...parsed };
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // The site's row stays locked until the proposal is written, so the site cannot move borough meanwhile.
    if ((await lockSite(tx, site.id))?.areaCode !== site.areaCode) {
      throw new DomainError(
        'conflict',
        'The site moved to another borough meanwhile. Reload it and try again.',
      );
    }
    const finalAmp = await guardFinalAmp(txCtx, site.areaCode);
    const proposal = await insertProposal(tx, snapshot, site.areaCode, ctx.clock.now());
    await insertProposalVersion(tx, proposal.id, { version: 1, snapshot, ...versionAuthor(ctx), note });
    if (finalAmp) await recordAmpChange(txCtx, finalAmp, `Proposal “${proposal.title}” added`);
    await recordAudit(txCtx, {
      action: 'created',
      entityType: 'proposal',
      entityId: proposal.id,
      areaCode: proposal.areaCode,
      summary: `Proposal “${proposal.title}” added for ${site.name}`,
      newValues: snapshot,
    });
    return proposal;
  });
}
