import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { readSettings, type Settings, writeSetting } from '../access/settings.repo.ts';
import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { selectVintages } from '../geography/electoral-areas.repo.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

const year = z
  .union([z.number(), z.string().trim()])
  .transform((v) => (v === '' ? null : Number(v)))
  .refine((v) => v === null || Number.isInteger(v), 'Choose a set of boundaries');

const inputSchema = z.object({
  imminentMonths: z.coerce
    .number({ error: 'Enter a number of months' })
    .int('Enter a whole number of months')
    .min(1, 'Enter at least 1 month')
    .max(60, 'Enter at most 60 months'),
  wardVintage: year,
  constituencyVintage: year,
});

export type PlanningSettingsInput = z.input<typeof inputSchema>;

/**
 * The planning settings: how far ahead a disposal counts as imminent, and which ward and
 * constituency boundaries are in use (empty: the newest loaded). A chosen vintage must be loaded.
 */
export async function updatePlanningSettings(ctx: Context, input: PlanningSettingsInput): Promise<Settings> {
  authorize(ctx.actor, 'setting:update');
  const parsed = parseInput(inputSchema, input);
  const fields: Record<string, string> = {};
  if (parsed.wardVintage !== null && !(await selectVintages(ctx.db, 'ward')).includes(parsed.wardVintage))
    fields.wardVintage = 'Choose ward boundaries that are loaded';
  if (
    parsed.constituencyVintage !== null &&
    !(await selectVintages(ctx.db, 'constituency')).includes(parsed.constituencyVintage)
  )
    fields.constituencyVintage = 'Choose constituency boundaries that are loaded';
  if (Object.keys(fields).length > 0)
    throw new DomainError('invalid', 'Some details need correcting.', { fields });
  return ctx.db.transaction(async (tx) => {
    const before = await readSettings(tx);
    const now = ctx.clock.now();
    await writeSetting(tx, 'imminentMonths', parsed.imminentMonths, now);
    await writeSetting(tx, 'wardVintage', parsed.wardVintage, now);
    await writeSetting(tx, 'constituencyVintage', parsed.constituencyVintage, now);
    const after = { ...before, ...parsed };
    const { oldValues, newValues } = changedValues(
      {
        imminentMonths: before.imminentMonths,
        wardVintage: before.wardVintage,
        constituencyVintage: before.constituencyVintage,
      },
      parsed,
    );
    if (Object.keys(newValues).length > 0) {
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: 'updated',
          entityType: 'setting',
          entityId: 'planning',
          summary: 'Planning settings changed',
          oldValues,
          newValues,
        },
      );
    }
    return after;
  });
}
