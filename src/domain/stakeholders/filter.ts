import { z } from 'zod';
import { organisationTypes } from '../../db/schema/stakeholders.ts';
import { isUuid } from '../shared/ids.ts';

/**
 * The filter over the stakeholder database that the search page, segments, exports and the API
 * share. Empty values mean "any". A segment stores the parsed filter as it is.
 */

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const yesNo = z.preprocess((v) => {
  const b = blankToUndefined(v);
  if (b === 'yes' || b === 'true' || b === true) return true;
  if (b === 'no' || b === 'false' || b === false) return false;
  return b;
}, z.boolean({ error: 'Choose yes or no' }).optional());

export const sortOrders = ['name', '-name', 'updated', '-updated'] as const;
export type SortOrder = (typeof sortOrders)[number];

export const stakeholderFilterSchema = z.object({
  q: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(200, 'The search must be 200 characters or fewer')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
      .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || undefined)
      .optional(),
  ),
  areaCode: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^E09\d{6}$/, 'Choose a borough from the list')
      .optional(),
  ),
  wardCode: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^E05\d{6}$/, 'Choose a ward from the list')
      .optional(),
  ),
  roleId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/, 'Choose a role from the list')
      .optional(),
  ),
  organisationType: z.preprocess(
    blankToUndefined,
    z.enum(organisationTypes, { error: 'Choose a type of organisation from the list' }).optional(),
  ),
  topHundred: yesNo,
  consent: z.preprocess(
    blankToUndefined,
    z.enum(['given', 'withdrawn', 'none'], { error: 'Choose a consent state from the list' }).optional(),
  ),
  stale: yesNo,
});

export type StakeholderFilterInput = z.input<typeof stakeholderFilterSchema>;
export type StakeholderFilter = z.output<typeof stakeholderFilterSchema>;

/** The filter without its empty fields, as a segment stores it and a URL carries it. */
export function compactFilter(filter: StakeholderFilter): StakeholderFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as StakeholderFilter;
}

/** The filter as query-string pairs (for links: the next page, a segment's list, an export). */
export function filterQuery(filter: StakeholderFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(compactFilter(filter))) {
    out[k] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  }
  return out;
}

// --- Keyset pagination -------------------------------------------------------------------------

/** Where the next page starts: the sort value and id of the last row shown. Opaque to the user. */
export type Cursor = Readonly<{ value: string; id: string }>;

export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');

/**
 * Reads a cursor strictly, for the sort it will be used with: the id must be a UUID, the name free
 * of control characters, and a time (the last-updated sorts) an instant as `encodeCursor` wrote it.
 * Anything else (a cursor edited by hand) is undefined, and the list starts from the first page.
 */
export function decodeCursor(text: string | undefined, sort?: SortOrder): Cursor | undefined {
  if (text === undefined || text === '' || text.length > 1000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [value, id] = parsed as unknown[];
  if (typeof value !== 'string' || typeof id !== 'string' || !isUuid(id) || value.length > 400)
    return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  if (sort === 'updated' || sort === '-updated') {
    const at = new Date(value);
    // PostgreSQL has no year 0, which JavaScript writes as 0000.
    if (Number.isNaN(at.getTime()) || at.toISOString() !== value || at.getUTCFullYear() < 1) return undefined;
  }
  return { value, id };
}
