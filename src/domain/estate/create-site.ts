import type { Context } from '../access/actor.ts';
import { authorize, authorizeInBorough } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { parseInput } from '../shared/validation.ts';
import { insertSite, insertSiteVersion, type SiteRow } from './estate.repo.ts';
import { type SiteInput, siteInputSchema } from './site.ts';
import { placeSite } from './site-place.ts';
import { versionAuthor, versionNote } from './version-author.ts';

/** Adds a site to a borough's estate, as version 1 of its history. */
export async function createSite(ctx: Context, input: SiteInput & { note?: string }): Promise<SiteRow> {
  authorize(ctx.actor, 'estate:edit');
  const parsed = parseInput(siteInputSchema, input);
  const note = versionNote(input);
  const snapshot = await placeSite(ctx, parsed);
  authorizeInBorough(ctx.actor, 'estate:edit', snapshot.areaCode, 'There is no such borough.');
  return ctx.db.transaction(async (tx) => {
    const site = await insertSite(tx, snapshot, ctx.clock.now());
    await insertSiteVersion(tx, site.id, {
      version: 1,
      snapshot,
      ...versionAuthor(ctx),
      note,
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'site',
        entityId: site.id,
        areaCode: site.areaCode,
        summary: `Site “${site.name}” added`,
        newValues: snapshot,
      },
    );
    return site;
  });
}

/** Before showing the new-site form: refuses, as the use case would, those who may not add sites. */
export function authorizeSiteForm(ctx: Context): void {
  authorize(ctx.actor, 'estate:edit');
}
