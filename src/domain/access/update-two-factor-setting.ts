import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { parseInput } from '../shared/validation.ts';
import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { deleteSessionsWithoutTwoFactor } from './sessions.repo.ts';
import { readSettings, type Settings, writeSetting } from './settings.repo.ts';

const inputSchema = z.object({
  twoFactorForAll: z.boolean({ error: 'Choose whether everyone needs two-factor' }),
});

/**
 * Requires two-factor authentication of everyone, or only of the roles that always need it. When it
 * becomes required of everyone, the sessions of people without it end, so they set it up when they
 * next sign in rather than whenever their sessions happen to expire.
 */
export async function updateTwoFactorSetting(
  ctx: Context,
  input: { twoFactorForAll: boolean },
): Promise<Settings> {
  authorize(ctx.actor, 'setting:update');
  const { twoFactorForAll } = parseInput(inputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const before = await readSettings(tx);
    if (before.twoFactorForAll === twoFactorForAll) return before;
    await writeSetting(tx, 'twoFactorForAll', twoFactorForAll, ctx.clock.now());
    const ended = twoFactorForAll ? await deleteSessionsWithoutTwoFactor(tx) : 0;
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'setting',
        entityId: 'two-factor-for-all',
        summary: twoFactorForAll
          ? `Two-factor authentication required for everyone; ${ended} session${ended === 1 ? '' : 's'} without it ended`
          : 'Two-factor authentication required only for administrators and programme leads',
        oldValues: { twoFactorForAll: before.twoFactorForAll },
        newValues: { twoFactorForAll },
      },
    );
    return { ...before, twoFactorForAll };
  });
}
