import type { Context } from '../access/actor.ts';
import { can } from '../access/policy.ts';
import { selectArea } from '../geography/areas.repo.ts';
import { DomainError } from '../shared/errors.ts';
import {
  type AmpRow,
  type AmpSnapshot,
  ensureAmp,
  insertAmpVersion,
  selectAmp,
  selectAmpForUpdate,
  selectProposals,
  writeAmp,
} from './estate.repo.ts';
import { versionAuthor } from './version-author.ts';

/** The proposals an AMP version records: each with the version it stood at. */
export async function ampProposals(ctx: Context, areaCode: string): Promise<AmpSnapshot['proposals']> {
  const rows = await selectProposals(ctx.db, { scope: 'all', areaCode });
  return rows.map((p) => ({ id: p.id, title: p.title, version: p.version, status: p.status }));
}

/**
 * Before a change to a borough's proposals: once the AMP is final, only a programme lead may make
 * it. Locks the AMP row, so concurrent changes number their AMP versions in turn. Returns the AMP
 * when it is final (and the change must be recorded as a new AMP version), otherwise undefined.
 */
export async function guardFinalAmp(ctx: Context, areaCode: string): Promise<AmpRow | undefined> {
  // A row to lock even before the AMP is first agreed, so agreeing it waits for this change.
  await ensureAmp(ctx.db, areaCode, ctx.clock.now());
  const amp = await selectAmpForUpdate(ctx.db, areaCode);
  if (amp?.status !== 'final') return undefined;
  await refuseUnlessAmpChanger(ctx, areaCode);
  return amp;
}

/** Whether the person may change a borough's proposals: an editor there, and while its AMP is final a programme lead. */
export const mayChangeProposals = (ctx: Context, areaCode: string, ampStatus: AmpRow['status'] | undefined) =>
  can(ctx.actor, 'estate:edit', { areaCode }) &&
  (ampStatus !== 'final' || can(ctx.actor, 'amp:agree', { areaCode }));

async function refuseUnlessAmpChanger(ctx: Context, areaCode: string): Promise<void> {
  if (can(ctx.actor, 'amp:agree', { areaCode })) return;
  const area = await selectArea(ctx.db, areaCode);
  throw new DomainError(
    'forbidden',
    `${area?.name ?? 'This borough'}’s Asset Management Plan is final: only a programme lead can change its proposals.`,
  );
}

/** Before showing a form that would change a borough's proposals: refuses, with the reason, when it could not be saved. */
export async function authorizeProposalChange(ctx: Context, areaCode: string): Promise<void> {
  if ((await selectAmp(ctx.db, areaCode))?.status === 'final') await refuseUnlessAmpChanger(ctx, areaCode);
}

/** Records a new version of a final AMP after a change to its proposals. `ctx.db` is the transaction. */
export async function recordAmpChange(ctx: Context, amp: AmpRow, note: string): Promise<void> {
  const version = amp.version + 1;
  const snapshot: AmpSnapshot = {
    status: amp.status,
    agreedOn: amp.agreedOn,
    proposals: await ampProposals(ctx, amp.areaCode),
  };
  await writeAmp(ctx.db, { ...amp, version, now: ctx.clock.now() });
  await insertAmpVersion(ctx.db, amp.areaCode, { version, snapshot, ...versionAuthor(ctx), note });
}
