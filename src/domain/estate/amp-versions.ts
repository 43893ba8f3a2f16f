import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import {
  type AmpRow,
  type AmpSnapshot,
  insertAmpVersion,
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
  const amp = await selectAmpForUpdate(ctx.db, areaCode);
  if (amp?.status !== 'final') return undefined;
  authorizeInBorough(ctx.actor, 'amp:agree', areaCode, 'There is no such borough.');
  return amp;
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
