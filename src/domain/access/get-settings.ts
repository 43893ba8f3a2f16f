import type { Context } from './actor.ts';
import { authorize } from './policy.ts';
import { readSettings, type Settings } from './settings.repo.ts';

/** The settings, for the administrator who may change them. */
export async function getSettings(ctx: Context): Promise<Settings> {
  authorize(ctx.actor, 'setting:update');
  return readSettings(ctx.db);
}
