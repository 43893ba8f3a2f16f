import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { insertSiteVersion, type SiteRow, selectProposals, updateSite as writeSite } from './estate.repo.ts';
import { loadSite } from './get-site.ts';
import { type SiteInput, siteInputSchema, siteSnapshotOf } from './site.ts';
import { placeSite } from './site-place.ts';
import { versionAuthor, versionNote } from './version-author.ts';

export type UpdateSiteInput = SiteInput & {
  id: string;
  /** The version the person was looking at: a later one means someone else changed it meanwhile. */
  expectedVersion?: number | undefined;
  note?: string | undefined;
};

/** A site with proposals belongs to its borough's plan, so it cannot move borough. */
async function refuseMoveWithProposals(ctx: Context, site: { id: string; areaName: string }): Promise<void> {
  const proposals = await selectProposals(ctx.db, { scope: 'all', siteId: site.id });
  if (proposals.length === 0) return;
  throw new DomainError('invalid', 'Some details need correcting.', {
    fields: {
      areaCode: `This site has ${proposals.length === 1 ? 'a proposal' : `${proposals.length} proposals`} in ${site.areaName}’s plan, so it cannot move borough`,
    },
  });
}

/** Changes a site. Every change is a new dated version; saving with nothing changed makes none. */
export async function updateSite(ctx: Context, input: UpdateSiteInput): Promise<SiteRow> {
  const current = await loadSite(ctx, input.id, 'estate:edit');
  // A borough left out (or passed as undefined) keeps the current one.
  const parsed = parseInput(siteInputSchema, { ...input, areaCode: input.areaCode ?? current.areaCode });
  const note = versionNote(input);
  const snapshot = await placeSite(ctx, parsed);
  const moves = snapshot.areaCode !== current.areaCode;
  if (moves) {
    authorizeInBorough(ctx.actor, 'estate:edit', snapshot.areaCode, 'There is no such borough.');
    await refuseMoveWithProposals(ctx, current);
  }
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw new DomainError(
      'conflict',
      `Someone else changed this site (now version ${current.version}) since you opened it. Reload it and make your change again.`,
    );
  }
  const before = siteSnapshotOf(current);
  const { oldValues, newValues } = changedValues(before, snapshot);
  if (Object.keys(newValues).length === 0) return current;
  return ctx.db.transaction(async (tx) => {
    const site = await writeSite(tx, current.id, current.version, snapshot, ctx.clock.now());
    if (!site) {
      throw new DomainError(
        'conflict',
        'Someone else changed this site at the same moment. Reload it and try again.',
      );
    }
    // Checked again with the site's row locked: a proposal added meanwhile stops the move.
    if (moves) await refuseMoveWithProposals({ ...ctx, db: tx }, current);
    await insertSiteVersion(tx, site.id, {
      version: site.version,
      snapshot,
      ...versionAuthor(ctx),
      note,
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'site',
        entityId: site.id,
        areaCode: site.areaCode,
        summary: `Site “${site.name}” changed (version ${site.version})`,
        oldValues,
        newValues,
      },
    );
    return site;
  });
}
