import type { Context } from '../access/actor.ts';
import { type Action, authorize, authorizeInBorough, can } from '../access/policy.ts';
import { readSettings } from '../access/settings.repo.ts';
import { DomainError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { londonDay } from '../shared/london-time.ts';
import { mayChangeProposals } from './amp-versions.ts';
import {
  type ProposalRecord,
  type SiteRecord,
  selectAmp,
  selectProposals,
  selectSite,
  selectSiteVersions,
  type VersionRow,
} from './estate.repo.ts';
import { isImminent } from './proposal.ts';
import type { SiteSnapshot } from './site.ts';

const notFound = 'There is no such site.';

/** One site by id, for an action in its borough; another borough's site answers as a missing one. */
export async function loadSite(ctx: Context, id: string, action: Action): Promise<SiteRecord> {
  authorize(ctx.actor, action);
  const site = isUuid(id) ? await selectSite(ctx.db, id) : undefined;
  if (!site) throw new DomainError('not_found', notFound);
  authorizeInBorough(ctx.actor, action, site.areaCode, notFound);
  return site;
}

export type ProposalSummary = ProposalRecord & { imminent: boolean };

export type SiteDetail = Readonly<{
  site: SiteRecord;
  versions: readonly VersionRow<SiteSnapshot>[];
  proposals: readonly ProposalSummary[];
  /** What the reader may do here: change the site; add or change its proposals (not while the AMP is final, unless a programme lead). */
  mayEditSite: boolean;
  mayChangeProposals: boolean;
  ampFinal: boolean;
}>;

/** Marks each proposal imminent or not, by today's London date and the window in the settings. */
export async function withImminence(
  ctx: Context,
  rows: readonly ProposalRecord[],
): Promise<ProposalSummary[]> {
  const { imminentMonths } = await readSettings(ctx.db);
  const today = londonDay(ctx.clock.now());
  return rows.map((p) => ({ ...p, imminent: isImminent(p, today, imminentMonths) }));
}

/** A site with its history (every version, newest first) and its proposals. */
export async function getSite(ctx: Context, input: { id: string }): Promise<SiteDetail> {
  const site = await loadSite(ctx, input.id, 'estate:read');
  const versions = await selectSiteVersions(ctx.db, site.id);
  const proposals = await withImminence(
    ctx,
    await selectProposals(ctx.db, { scope: 'all', siteId: site.id }),
  );
  const amp = await selectAmp(ctx.db, site.areaCode);
  return {
    site,
    versions,
    proposals,
    mayEditSite: can(ctx.actor, 'estate:edit', { areaCode: site.areaCode }),
    mayChangeProposals: mayChangeProposals(ctx, site.areaCode, amp?.status),
    ampFinal: amp?.status === 'final',
  };
}
