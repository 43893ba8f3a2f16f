import { z } from 'zod';
import { encodeCursor } from '../../domain/stakeholders/filter.ts';
import { isStale } from '../../domain/stakeholders/person.ts';
import { exclusionReasons } from '../../domain/stakeholders/segments/segment.ts';
import type { SegmentMembersPage } from '../../domain/stakeholders/segments/segment-members.ts';

/**
 * The API's view of a segment's members: every field is named here, so nothing reaches the API by
 * accident. Calendar days are YYYY-MM-DD.
 */

const segmentRefSchema = z
  .object({
    id: z.string().meta({ description: 'The segment’s id (a UUID)' }),
    name: z.string().meta({ example: 'Lambeth faith leaders' }),
    borough: z
      .object({
        gssCode: z.string().meta({ description: 'ONS GSS code', example: 'E09000022' }),
        name: z.string().meta({ example: 'Lambeth' }),
      })
      .nullable()
      .meta({ description: 'The borough the segment belongs to; null for a London-wide segment' }),
    memberCount: z.number().int().meta({ description: 'How many people match the segment today' }),
  })
  .meta({ id: 'SegmentSummary' });

export const segmentMemberSchema = z
  .object({
    id: z.string().meta({ description: 'The person’s id (a UUID)' }),
    fullName: z.string().meta({ example: 'Margaret Okonkwo' }),
    email: z
      .string()
      .nullable()
      .meta({ description: 'The first e-mail address on the record; null when there is none' }),
    organisations: z.array(z.string()).meta({ description: 'Current memberships, by organisation name' }),
    roles: z.array(z.string()).meta({ description: 'Role names, for example “Ward councillor”' }),
    boroughs: z.array(z.string()).meta({ description: 'Names of the boroughs the person covers' }),
    consent: z.enum(['given', 'withdrawn', 'none']).meta({
      description: 'The latest consent event for the e-newsletter, or none when the ledger has none',
    }),
    topHundredRank: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Rank in the segment borough’s top 100 (1 to 100); null when not in it' }),
    lastVerifiedOn: z
      .string()
      .nullable()
      .meta({ description: 'When the contact details were last checked (YYYY-MM-DD); null when never' }),
    stale: z
      .boolean()
      .meta({ description: 'True when the details have not been checked for 12 months or more' }),
    emailable: z.boolean().meta({ description: 'Whether the newsletter may be sent to this person today' }),
    excludedBecause: z.enum(exclusionReasons).nullable().meta({
      description:
        'Why the person cannot be e-mailed, judged in this order: no-email (no address), suppressed (every address is on the suppression list), withdrawn (consent withdrawn), no-consent (no consent recorded); null when they can be',
    }),
  })
  .meta({ id: 'SegmentMember' });

export const segmentMembersSchema = z
  .object({
    segment: segmentRefSchema,
    data: z.array(segmentMemberSchema).meta({ description: 'A page of members, by name' }),
    next: z
      .string()
      .nullable()
      .meta({ description: 'Give as `after` to get the next page; null on the last page' }),
  })
  .meta({ id: 'SegmentMemberPage' });

type SegmentMemberJson = z.infer<typeof segmentMemberSchema>;

export function presentSegmentMembers(
  page: SegmentMembersPage,
  today: string,
): z.infer<typeof segmentMembersSchema> {
  const { segment } = page;
  return {
    segment: {
      id: segment.id,
      name: segment.name,
      borough:
        segment.areaCode === null
          ? null
          : { gssCode: segment.areaCode, name: segment.areaName ?? segment.areaCode },
      memberCount: page.total,
    },
    data: page.members.map(
      (m): SegmentMemberJson => ({
        id: m.id,
        fullName: m.fullName,
        email: m.email,
        organisations: [...m.organisations],
        roles: [...m.roles],
        boroughs: [...m.boroughs],
        consent: m.consent,
        topHundredRank: m.topHundredRank,
        lastVerifiedOn: m.lastVerifiedOn,
        stale: isStale(m.lastVerifiedOn, today),
        emailable: m.status.ok,
        excludedBecause: m.status.ok || m.status.reason === 'erased' ? null : m.status.reason,
      }),
    ),
    next: page.next ? encodeCursor(page.next) : null,
  };
}
