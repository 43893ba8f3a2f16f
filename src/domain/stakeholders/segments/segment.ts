import type { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { boroughScope, can } from '../../access/policy.ts';
import { singleLine } from '../../shared/validation.ts';
import { compactFilter, type StakeholderFilter, stakeholderFilterSchema } from '../filter.ts';
import { type Emailability, exclusionReasonNames } from '../person.ts';

/**
 * A segment is a saved filter over the stakeholder database under a name: its members are whoever
 * matches the filter today, so its count is always live. A segment belongs to one borough (the
 * filter's borough), or to all of London when a programme lead saves it without one.
 */

export const noSuchSegment = 'There is no such segment.';

/** The segment form: its name beside the fields of the stakeholder filter, flat, as the form sends them. */
export const segmentInputSchema = stakeholderFilterSchema.extend({
  name: singleLine(
    {
      required: 'Enter a name for the segment',
      tooLong: 'The name must be 120 characters or fewer',
      invalid: 'The name must be plain text',
    },
    120,
  ),
});
export type SegmentInput = z.input<typeof segmentInputSchema>;

/** The name and the filter as stored: the filter without its empty fields. */
export function parsedSegment(parsed: z.output<typeof segmentInputSchema>): {
  name: string;
  areaCode: string | null;
  filter: StakeholderFilter;
} {
  const { name, ...filter } = parsed;
  const compact = compactFilter(filter);
  return { name, areaCode: compact.areaCode ?? null, filter: compact };
}

/** A stored filter read back; anything the filter does not know is dropped. */
export function storedFilter(value: unknown, areaCode: string | null): StakeholderFilter {
  const parsed = stakeholderFilterSchema.safeParse(value);
  // The borough of the segment is the filter's borough, whatever the stored filter says.
  const filter = parsed.success ? compactFilter(parsed.data) : {};
  return compactFilter({ ...filter, areaCode: areaCode ?? undefined });
}

export type SegmentRecord = Readonly<{
  id: string;
  name: string;
  areaCode: string | null;
  areaName: string | null;
  filter: StakeholderFilter;
  createdAt: Date;
  updatedAt: Date;
}>;

/**
 * Whether the actor may see (`stakeholder:read`) or change (`stakeholder:export`) a segment. A
 * London-wide segment is only for those who act in every borough.
 */
export function segmentInReach(
  actor: Actor,
  action: 'stakeholder:read' | 'stakeholder:export',
  areaCode: string | null,
): boolean {
  return areaCode === null ? boroughScope(actor, action) === 'all' : can(actor, action, { areaCode });
}

// --- Who can be e-mailed ----------------------------------------------------------------------

export type ExclusionReason = Exclude<Emailability, { ok: true }>['reason'];

/** The reasons a member of a segment cannot be sent the newsletter, in the order they are judged. */
export const exclusionReasons = [
  'no-email',
  'suppressed',
  'withdrawn',
  'no-consent',
] as const satisfies readonly ExclusionReason[];

export { exclusionReasonNames };

/** How many members can be e-mailed and how many cannot, for each reason. */
export type Reachability = Readonly<{
  members: number;
  emailable: number;
  excluded: Readonly<Record<(typeof exclusionReasons)[number], number>>;
}>;
