import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { getArea } from '../geography/get-area.ts';
import { DomainError } from '../shared/errors.ts';
import { isCalendarDay, londonDay } from '../shared/london-time.ts';
import { isPlainText, parseInput } from '../shared/validation.ts';
import { ampProposals } from './amp-versions.ts';
import { type AmpSnapshot, insertAmpVersion, selectAmpForUpdate, writeAmp } from './estate.repo.ts';
import { versionAuthor } from './version-author.ts';

const inputSchema = z.object({
  agreedOn: z
    .string({ error: 'Enter the date the AMP was agreed' })
    .trim()
    .refine(isCalendarDay, 'Enter the date the AMP was agreed as a real date'),
  note: z
    .string()
    .trim()
    .max(2000, 'The note must be 2,000 characters or fewer')
    .refine(isPlainText, 'The note must be plain text')
    .optional(),
});

/**
 * A programme lead agrees a borough's AMP as final on a date (not in the future). From then on, a
 * change to its proposals needs a programme lead and is recorded as a new AMP version. Agreeing
 * again (a revised AMP) records a new version with the new date.
 */
export async function agreeAmp(
  ctx: Context,
  input: { gssCode: string; agreedOn: string; note?: string | undefined },
): Promise<{ version: number }> {
  const area = await getArea(ctx, { gssCode: input.gssCode });
  authorizeInBorough(
    ctx.actor,
    'amp:agree',
    area.gssCode,
    `There is no London area with the code ${input.gssCode}.`,
  );
  const { agreedOn, note } = parseInput(inputSchema, input);
  if (agreedOn > londonDay(ctx.clock.now())) {
    throw new DomainError('invalid', 'Some details need correcting.', {
      fields: { agreedOn: 'The date the AMP was agreed cannot be in the future' },
    });
  }
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = await selectAmpForUpdate(tx, area.gssCode);
    const version = (before?.version ?? 0) + 1;
    const snapshot: AmpSnapshot = {
      status: 'final',
      agreedOn,
      proposals: await ampProposals(txCtx, area.gssCode),
    };
    await writeAmp(tx, { areaCode: area.gssCode, status: 'final', agreedOn, version, now: ctx.clock.now() });
    await insertAmpVersion(tx, area.gssCode, {
      version,
      snapshot,
      ...versionAuthor(ctx),
      note: note || `Agreed as final on ${agreedOn}`,
    });
    await recordAudit(txCtx, {
      action: 'updated',
      entityType: 'amp',
      entityId: area.gssCode,
      areaCode: area.gssCode,
      summary: `${area.name}’s AMP agreed as final on ${agreedOn} (version ${version}, ${snapshot.proposals.length} proposals)`,
      oldValues: { status: before?.status ?? 'draft', agreedOn: before?.agreedOn ?? null },
      newValues: { status: 'final', agreedOn },
    });
    return { version };
  });
}
