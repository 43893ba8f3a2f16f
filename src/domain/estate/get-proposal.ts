import type { Context } from '../access/actor.ts';
import { type Action, authorize, authorizeInBorough } from '../access/policy.ts';
import { readSettings } from '../access/settings.repo.ts';
import { DomainError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { mayChangeProposals } from './amp-versions.ts';
import {
  type ProposalRecord,
  selectAmp,
  selectProposal,
  selectProposalVersions,
  type VersionRow,
} from './estate.repo.ts';
import { type ProposalSummary, withImminence } from './get-site.ts';
import type { ProposalSnapshot } from './proposal.ts';

const notFound = 'There is no such proposal.';

/** One proposal by id, for an action in its borough; another borough's answers as a missing one. */
export async function loadProposal(ctx: Context, id: string, action: Action): Promise<ProposalRecord> {
  authorize(ctx.actor, action);
  const proposal = isUuid(id) ? await selectProposal(ctx.db, id) : undefined;
  if (!proposal) throw new DomainError('not_found', notFound);
  authorizeInBorough(ctx.actor, action, proposal.areaCode, notFound);
  return proposal;
}

export const proposalSnapshotOf = (p: ProposalRecord): ProposalSnapshot => ({
  siteId: p.siteId,
  changeType: p.changeType,
  title: p.title,
  summary: p.summary,
  reasons: p.reasons,
  // jsonb keeps an object's keys in its own order; rebuild each alternative in the schema's order so
  // it compares equal (as JSON) to the same alternative parsed from a form.
  alternatives: p.alternatives.map((a) => ({
    description: a.description,
    assessment: a.assessment,
    criteria: a.criteria,
    costPence: a.costPence,
    savingPence: a.savingPence,
  })),
  replacementProvision: p.replacementProvision,
  engagementStart: p.engagementStart,
  decisionDue: p.decisionDue,
  implementationDate: p.implementationDate,
  disposalDate: p.disposalDate,
  status: p.status,
});

export type ProposalDetail = Readonly<{
  proposal: ProposalSummary;
  versions: readonly VersionRow<ProposalSnapshot>[];
  /** The months ahead within which a disposal is imminent, as the settings say today. */
  imminentMonths: number;
  /** Whether the reader may change it (not while its AMP is final, unless a programme lead). */
  mayChange: boolean;
  ampFinal: boolean;
}>;

/** A proposal, whether it is imminent, and every version of it, newest first. */
export async function getProposal(ctx: Context, input: { id: string }): Promise<ProposalDetail> {
  const record = await loadProposal(ctx, input.id, 'estate:read');
  const [proposal] = await withImminence(ctx, [record]);
  const versions = await selectProposalVersions(ctx.db, record.id);
  const amp = await selectAmp(ctx.db, record.areaCode);
  return {
    proposal: proposal as ProposalSummary,
    versions,
    imminentMonths: (await readSettings(ctx.db)).imminentMonths,
    mayChange: mayChangeProposals(ctx, record.areaCode, amp?.status),
    ampFinal: amp?.status === 'final',
  };
}
