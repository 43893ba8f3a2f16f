import type { Context } from '../access/actor.ts';
import { can } from '../access/policy.ts';
import { selectArea } from '../geography/areas.repo.ts';
import { currentVintages } from '../geography/current-vintages.ts';
import { selectWard } from '../geography/electoral-areas.repo.ts';
import { locatePoint } from '../geography/locate-point.ts';
import { DomainError } from '../shared/errors.ts';
import type { ParsedSiteInput, SiteSnapshot } from './site.ts';

const invalid = (field: string, message: string) =>
  new DomainError('invalid', 'Some details need correcting.', { fields: { [field]: message } });

/**
 * Where a site is: its borough and ward. With coordinates and loaded boundaries they are found from
 * the point, and a borough or ward chosen as well must agree; otherwise the person chooses them, and
 * a chosen ward must be one of the borough's wards in the boundaries in use. (A postcode places a
 * site only through coordinates: Nonsuch holds no postcode directory.)
 */
export async function placeSite(ctx: Context, input: ParsedSiteInput): Promise<SiteSnapshot> {
  const vintages = await currentVintages(ctx.db);
  let areaCode = input.areaCode;
  let ward: { code: string; vintage: number; source: 'chosen' | 'coordinates' } | undefined;

  if (input.latitude !== null && input.longitude !== null) {
    const found = await locatePoint(
      ctx.db,
      { latitude: input.latitude, longitude: input.longitude },
      vintages.ward,
    );
    if (found.boroughBoundaries && !found.areaCode) {
      throw invalid(
        'latitude',
        'These coordinates are outside the London boroughs; check the latitude and longitude',
      );
    }
    if (found.areaCode) {
      if (areaCode && areaCode !== found.areaCode) {
        const named = await selectArea(ctx.db, found.areaCode);
        throw invalid(
          'areaCode',
          `The coordinates are in ${named?.name ?? found.areaCode}; choose that borough or correct them`,
        );
      }
      areaCode = found.areaCode;
    }
    if (found.ward) {
      if (input.wardCode && input.wardCode !== found.ward.code) {
        throw invalid(
          'wardCode',
          'The coordinates are in a different ward; leave the ward empty to use theirs',
        );
      }
      ward = { ...found.ward, source: 'coordinates' };
    }
  }

  if (!areaCode) throw invalid('areaCode', 'Choose the borough the site is in');
  const area = await selectArea(ctx.db, areaCode);
  if (!area) throw invalid('areaCode', 'Choose a London borough');
  // Borough names are public, so a borough outside the person's reach is named, as a correctable
  // problem on the form rather than a page that loses what they typed.
  if (!can(ctx.actor, 'estate:edit', { areaCode })) {
    throw areaCode === input.areaCode
      ? invalid('areaCode', `${area.name} is not one of your boroughs`)
      : invalid(
          'latitude',
          `These coordinates are in ${area.name}, which is not one of your boroughs; check them`,
        );
  }

  if (!ward && input.wardCode) {
    const chosen =
      vintages.ward === undefined ? undefined : await selectWard(ctx.db, input.wardCode, vintages.ward);
    if (!chosen || chosen.areaCode !== areaCode)
      throw invalid('wardCode', 'Choose one of the borough’s wards');
    ward = { code: chosen.code, vintage: chosen.vintage, source: 'chosen' };
  }

  return {
    name: input.name,
    type: input.type,
    address: input.address,
    postcode: input.postcode,
    areaCode,
    wardCode: ward?.code ?? null,
    wardVintage: ward?.vintage ?? null,
    wardSource: ward?.source ?? null,
    latitude: input.latitude,
    longitude: input.longitude,
    publicAccess: input.publicAccess,
    status: input.status,
    iconic: input.iconic,
    iconicReason: input.iconic ? input.iconicReason : null,
    heritageListing: input.heritageListing,
  };
}
