import type { Db } from '../../db/connect.ts';
import { readSettings } from '../access/settings.repo.ts';
import { selectVintages } from './electoral-areas.repo.ts';

export type CurrentVintages = Readonly<{
  /** The ward boundaries in use, or undefined when no wards are loaded. */
  ward: number | undefined;
  constituency: number | undefined;
  /** Every loaded constituency vintage, newest first. */
  constituencyVintages: readonly number[];
}>;

/**
 * The boundaries in use: those chosen in the settings when they are loaded, otherwise the newest
 * loaded (decision 0019).
 */
export async function currentVintages(db: Db): Promise<CurrentVintages> {
  const settings = await readSettings(db);
  const wardVintages = await selectVintages(db, 'ward');
  const constituencyVintages = await selectVintages(db, 'constituency');
  const pick = (chosen: number | null, loaded: readonly number[]) =>
    chosen !== null && loaded.includes(chosen) ? chosen : loaded[0];
  return {
    ward: pick(settings.wardVintage, wardVintages),
    constituency: pick(settings.constituencyVintage, constituencyVintages),
    constituencyVintages,
  };
}
