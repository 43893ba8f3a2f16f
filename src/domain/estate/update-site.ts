import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { insertSiteVersion, type SiteRow, selectProposals, updateSite as writeSite } from './estate.repo.ts';
import { loadSite, siteSnapshotOf } from './get-site.ts';
import { type SiteInput, siteInputSchema } from './site.ts';
import { placeSite } from './site-place.ts';
import { versionAuthor, versionNote } from './version-author.ts';

export type UpdateSiteInput = SiteInput & {
  id: string;
  /** The version the person was looking at: a later one means someone else changed it meanwhile. */
  expectedVersion?: number | undefined;
  note?: string | undefined;
};

/** Changes a site. Every change is a new dated version; saving with nothing changed makes none. */
export async function updateSite(ctx: Context, input: UpdateSiteInput): Promise<SiteRow> {
  const current = await loadSite(ctx, input.id, 'estate:edit');
  // A borough left out (or passed as undefined) keeps the current one.
  const parsed = parseInput(siteInputSchema, { ...input, areaCode: input.areaCode ?? current.areaCode });
  const note = versionNote(input);
  const snapshot = await placeSite(ctx, parsed);
  if (snapshot.areaCode !== current.areaCode) {
    authorizeInBorough(ctx.actor, 'estate:edit', snapshot.areaCode, 'There is no such borough.');
    const proposals = await selectProposals(ctx.db, { scope: 'all', siteId: current.id });
    if (proposals.length > 0) {
      throw new DomainError('invalid', 'Some details need correcting.', {
        fields: {
          areaCode: `This site has ${proposals.length === 1 ? 'a proposal' : `${proposals.length} proposals`} in ${current.areaName}’s plan, so it cannot move borough`,
        },
      });
    }
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
