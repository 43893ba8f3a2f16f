import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import { DomainError } from '../shared/errors.ts';
import { selectArea } from './areas.repo.ts';
import { currentVintages } from './current-vintages.ts';
import {
  type BoroughConstituency,
  selectConstituenciesOfArea,
  selectWardsOfAreas,
} from './electoral-areas.repo.ts';
import { gssCodePattern } from './get-area.ts';

export type BoroughGeography = Readonly<{
  gssCode: string;
  /** The vintages in use (the settings' choice, else the newest loaded), or undefined when none is loaded. */
  wardVintage: number | undefined;
  constituencyVintage: number | undefined;
  /** Every constituency vintage loaded, newest first, for the boundary-change check. */
  constituencyVintages: readonly number[];
  wards: readonly Readonly<{ code: string; name: string }>[];
  constituencies: readonly BoroughConstituency[];
}>;

/**
 * A borough's wards and the constituencies covering part of it, derived from the loaded lookups
 * (never typed by hand), in the boundaries in use. A borough outside the actor's
 * boroughs answers as a missing one does.
 */
export async function getBoroughGeography(
  ctx: Context,
  input: { gssCode: string },
): Promise<BoroughGeography> {
  const code = input.gssCode.trim().toUpperCase();
  const message = `There is no London area with the code ${input.gssCode}.`;
  authorizeInBorough(ctx.actor, 'area:read', code, message);
  if (!gssCodePattern.test(code) || !(await selectArea(ctx.db, code)))
    throw new DomainError('not_found', message);
  const {
    ward: wardVintage,
    constituency: constituencyVintage,
    constituencyVintages,
  } = await currentVintages(ctx.db);
  const wards = wardVintage === undefined ? [] : await selectWardsOfAreas(ctx.db, [code], wardVintage);
  const constituencies =
    constituencyVintage === undefined
      ? []
      : await selectConstituenciesOfArea(ctx.db, code, {
          ward: wardVintage,
          constituency: constituencyVintage,
        });
  return {
    gssCode: code,
    wardVintage,
    constituencyVintage,
    constituencyVintages,
    wards: wards.map((w) => ({ code: w.code, name: w.name })),
    constituencies,
  };
}
