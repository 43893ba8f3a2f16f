import { z } from 'zod';
import { heritageListings, siteStatuses, siteTypes } from '../../db/schema/estate.ts';
import { isPlainText, singleLine } from '../shared/validation.ts';

/** A site: one building of the estate. The pure rules and the shapes the use cases share. */

export { heritageListings, siteStatuses, siteTypes };
export type SiteType = (typeof siteTypes)[number];
export type SiteStatus = (typeof siteStatuses)[number];
export type HeritageListing = (typeof heritageListings)[number];

export const siteTypeNames: Readonly<Record<SiteType, string>> = {
  'police-station': 'Police station',
  'front-counter': 'Front counter',
  'safer-neighbourhood-base': 'Safer Neighbourhood base',
  custody: 'Custody suite',
  'patrol-base': 'Patrol base',
  other: 'Other',
};

export const siteStatusNames: Readonly<Record<SiteStatus, string>> = {
  operational: 'Operational',
  closed: 'Closed',
  disposed: 'Disposed',
};

export const heritageListingNames: Readonly<Record<HeritageListing, string>> = {
  none: 'Not listed',
  'grade-i': 'Grade I listed',
  'grade-ii-star': 'Grade II* listed',
  'grade-ii': 'Grade II listed',
  'locally-listed': 'Locally listed',
};

/**
 * A UK postcode: outward code (area, district) and inward code (sector, unit). Accepts any spacing
 * and case; `normalisePostcode` writes it as Royal Mail does ("SW1A 1AA").
 */
const postcodePattern = /^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2})$/;

export function normalisePostcode(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (!postcodePattern.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

const gssBorough = /^E09\d{6}$/;
const gssWard = /^E05\d{6}$/;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .refine(isPlainText, `${label} must be plain text`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((s) => s ?? null);

/** A coordinate typed in a form or a file: empty means none. */
const coordinate = (label: string, min: number, max: number) =>
  z
    .union([z.number(), z.string().trim()])
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v === '') return null;
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a number from ${min} to ${max}` });
        return z.NEVER;
      }
      return Math.round(n * 1e6) / 1e6;
    });

/** What a person enters for a site. The borough may be left out when coordinates place the site. */
export const siteInputSchema = z
  .object({
    name: singleLine(
      {
        required: 'Enter the site’s name',
        tooLong: 'The name must be 200 characters or fewer',
        invalid: 'The name must be plain text',
      },
      200,
    ),
    type: z.enum(siteTypes, { error: 'Choose the type of site' }),
    address: z
      .string({ error: 'Enter the address' })
      .trim()
      .min(1, 'Enter the address')
      .max(500, 'The address must be 500 characters or fewer')
      .refine(isPlainText, 'The address must be plain text'),
    postcode: z.string({ error: 'Enter the postcode' }).transform((s, ctx) => {
      if (s.trim() === '') {
        ctx.addIssue({ code: 'custom', message: 'Enter the postcode' });
        return z.NEVER;
      }
      const normal = normalisePostcode(s);
      if (!normal) {
        ctx.addIssue({ code: 'custom', message: 'Enter a real UK postcode, like SE11 5HN' });
        return z.NEVER;
      }
      return normal;
    }),
    areaCode: z
      .string()
      .trim()
      .toUpperCase()
      .optional()
      .transform((s) => (s ? s : undefined))
      .refine((s) => s === undefined || gssBorough.test(s), 'Choose a London borough'),
    wardCode: z
      .string()
      .trim()
      .toUpperCase()
      .optional()
      .transform((s) => (s ? s : undefined))
      .refine((s) => s === undefined || gssWard.test(s), 'Choose a ward of the borough'),
    latitude: coordinate('latitude', -90, 90),
    longitude: coordinate('longitude', -180, 180),
    publicAccess: optionalText(500, 'Public access'),
    status: z.enum(siteStatuses, { error: 'Choose the site’s status' }).default('operational'),
    iconic: z.boolean().default(false),
    iconicReason: optionalText(1000, 'The reason'),
    heritageListing: z.enum(heritageListings, { error: 'Choose a heritage listing' }).default('none'),
  })
  .check(
    // Runs even when other fields failed, so a person sees every problem at once.
    z.superRefine(
      (v, ctx) => {
        if ((v.latitude === null) !== (v.longitude === null)) {
          const missing = v.latitude === null ? 'latitude' : 'longitude';
          ctx.addIssue({ code: 'custom', path: [missing], message: `Enter the ${missing} too, or neither` });
        }
        if (v.iconic && !v.iconicReason) {
          ctx.addIssue({
            code: 'custom',
            path: ['iconicReason'],
            message: 'Say why the public is attached to this site',
          });
        }
      },
      // …but only on an object: a missing body (null, undefined) is refused by the shape alone.
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  );

export type SiteInput = z.input<typeof siteInputSchema>;
export type ParsedSiteInput = z.output<typeof siteInputSchema>;

/** A site as each version records it. */
export type SiteSnapshot = Readonly<{
  name: string;
  type: SiteType;
  address: string;
  postcode: string;
  areaCode: string;
  wardCode: string | null;
  wardVintage: number | null;
  wardSource: 'chosen' | 'coordinates' | null;
  latitude: number | null;
  longitude: number | null;
  publicAccess: string | null;
  status: SiteStatus;
  iconic: boolean;
  iconicReason: string | null;
  heritageListing: HeritageListing;
}>;

export const siteFieldNames: Readonly<Record<keyof SiteSnapshot, string>> = {
  name: 'Name',
  type: 'Type',
  address: 'Address',
  postcode: 'Postcode',
  areaCode: 'Borough',
  wardCode: 'Ward',
  wardVintage: 'Ward boundaries',
  wardSource: 'How the ward is known',
  latitude: 'Latitude',
  longitude: 'Longitude',
  publicAccess: 'Public access',
  status: 'Status',
  iconic: 'Iconic',
  iconicReason: 'Why it is iconic',
  heritageListing: 'Heritage listing',
};

/** The snapshot fields of a site (a stored row, a record with its names): what a version records. */
export const siteSnapshotOf = (s: SiteSnapshot): SiteSnapshot => ({
  name: s.name,
  type: s.type,
  address: s.address,
  postcode: s.postcode,
  areaCode: s.areaCode,
  wardCode: s.wardCode,
  wardVintage: s.wardVintage,
  wardSource: s.wardSource,
  latitude: s.latitude,
  longitude: s.longitude,
  publicAccess: s.publicAccess,
  status: s.status,
  iconic: s.iconic,
  iconicReason: s.iconicReason,
  heritageListing: s.heritageListing,
});
