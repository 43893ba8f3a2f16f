import { z } from 'zod';
import { consentEvents } from '../../db/schema/stakeholders.ts';
import type { PersonView } from '../../domain/stakeholders/get-person.ts';
import {
  accessibleFormats,
  consentMethods,
  exclusionReasonNames,
  isStale,
  lawfulBases,
  organisationTypes,
  placeKinds,
} from '../../domain/stakeholders/person.ts';
import type { StakeholderRow } from '../../domain/stakeholders/search.repo.ts';
import type { OrganisationRecord } from '../../domain/stakeholders/stakeholders.repo.ts';

/**
 * The API's view of the stakeholder database: people (a row of the list, and the whole record) and
 * organisations. Every field is named here, so nothing reaches the API by accident. Calendar days
 * are YYYY-MM-DD (London days); instants are ISO 8601 in UTC.
 */

const iso = (d: Date) => d.toISOString();

const calendarDay = (description: string) =>
  z
    .string()
    .nullable()
    .meta({ description: `${description} (YYYY-MM-DD); null when not recorded` });

const instant = (description: string) =>
  z.string().meta({ description: `${description} (ISO 8601, UTC)`, example: '2026-11-22T09:00:00.000Z' });

const score = (what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(5)
    .nullable()
    .meta({ description: `${what}, from 1 (low) to 5 (high); null when not assessed` });

const consentState = z.enum(['given', 'withdrawn', 'none']).meta({
  description: 'E-newsletter consent from the latest event in the ledger: given, withdrawn, or none recorded',
});

const boroughRef = z.object({
  gssCode: z.string().meta({ description: 'ONS GSS code', example: 'E09000022' }),
  name: z.string().meta({ example: 'Lambeth' }),
});

// --- People: a row of the list ------------------------------------------------------------------

export const stakeholderSummarySchema = z
  .object({
    id: z.string().meta({ description: 'The person’s id (a UUID)' }),
    fullName: z.string().meta({ description: 'The name as the person uses it', example: 'Cllr Ada Brixton' }),
    email: z.string().nullable().meta({ description: 'The first e-mail address; null when there is none' }),
    phone: z.string().nullable().meta({ description: 'The first telephone number; null when there is none' }),
    organisations: z
      .array(z.string())
      .meta({ description: 'The organisations the person belongs to now (memberships not ended)' }),
    roles: z.array(z.string()).meta({ description: 'The person’s roles, as named on the controlled list' }),
    boroughs: z
      .array(z.string())
      .meta({ description: 'The names of the boroughs the person covers (from their places)' }),
    influence: score('Influence'),
    interest: score('Interest'),
    topHundredRank: z.number().int().nullable().meta({
      description:
        'Rank in a borough’s top 100: the filtered borough’s when `areaCode` is given, otherwise any; null when not ranked',
    }),
    consent: consentState,
    lastVerifiedOn: calendarDay('When the contact details were last checked'),
    stale: z.boolean().meta({
      description: 'Whether the contact details were last checked 12 months ago or more (or never)',
    }),
    updatedAt: instant('When the record last changed'),
    links: z.object({ self: z.string(), page: z.string() }),
  })
  .meta({ id: 'StakeholderSummary' });

export type StakeholderSummaryJson = z.infer<typeof stakeholderSummarySchema>;

/** A row of the list; `today` (a London day) decides whether the contact details are stale. */
export function presentStakeholderSummary(row: StakeholderRow, today: string): StakeholderSummaryJson {
  return {
    id: row.id,
    fullName: row.fullName,
    email: row.email,
    phone: row.phone,
    organisations: [...row.organisations],
    roles: [...row.roles],
    boroughs: [...row.boroughs],
    influence: row.influence,
    interest: row.interest,
    topHundredRank: row.topHundredRank,
    consent: row.consent,
    lastVerifiedOn: row.lastVerifiedOn,
    stale: isStale(row.lastVerifiedOn, today),
    updatedAt: iso(row.updatedAt),
    links: { self: `/api/v1/stakeholders/${row.id}`, page: `/stakeholders/${row.id}` },
  };
}

export const stakeholderListSchema = z
  .object({
    items: z
      .array(stakeholderSummarySchema)
      .meta({ description: 'One page of people, in the order asked for' }),
    total: z.number().int().meta({ description: 'How many people match the filters, on every page' }),
    next: z.string().nullable().meta({
      description: 'Give this as `after` to get the next page; null on the last page',
    }),
  })
  .meta({ id: 'StakeholderList' });

// --- People: the whole record -------------------------------------------------------------------

const consentEventSchema = z
  .object({
    event: z.enum(consentEvents),
    occurredAt: instant('When consent was given or withdrawn'),
    method: z.enum(consentMethods).meta({ description: 'How it was given or withdrawn' }),
    wordingVersion: z.string().meta({ description: 'The version of the wording the person was shown' }),
    evidence: z.string().meta({ description: 'What the person said or signed, and where it is kept' }),
    recordedAt: instant('When it was recorded'),
    recordedBy: z.string().meta({ description: 'Who recorded it, as named at the time' }),
  })
  .meta({ id: 'ConsentEvent' });

export const stakeholderSchema = z
  .object({
    id: z.string().meta({ description: 'The person’s id (a UUID)' }),
    fullName: z.string().meta({
      description: 'The name as the person uses it; after erasure, a description such as “a ward councillor”',
    }),
    emails: z
      .array(
        z.object({
          address: z.string().meta({ description: 'As entered' }),
          suppressed: z.boolean().meta({ description: 'Whether the address is on the suppression list' }),
        }),
      )
      .meta({ description: 'E-mail addresses, in order of preference' }),
    phones: z.array(z.string()).meta({ description: 'Telephone numbers as entered, in order of preference' }),
    postalAddress: z.string().nullable(),
    preferredLanguage: z.string().nullable(),
    accessibleFormats: z.array(z.enum(accessibleFormats)).meta({
      description: 'Formats the person needs: large print, easy read, Braille, British Sign Language, audio',
    }),
    notes: z.string().nullable(),
    lastVerifiedOn: calendarDay('When the contact details were last checked'),
    stale: z.boolean().meta({
      description: 'Whether the contact details were last checked 12 months ago or more (or never)',
    }),
    influence: score('Influence'),
    interest: score('Interest'),
    lawfulBasis: z.enum(lawfulBases).meta({ description: 'The lawful basis for holding the record' }),
    reviewOn: calendarDay('When the record is next reviewed for retention'),
    pastReview: z.boolean().meta({ description: 'Whether the review date has been reached' }),
    roles: z.array(z.object({ id: z.string(), label: z.string() })).meta({
      description: 'Roles from the controlled list (see the `roleId` filter)',
    }),
    places: z
      .array(
        z.object({
          kind: z.enum(placeKinds),
          code: z.string().meta({ description: 'ONS code of the borough, ward or constituency' }),
          vintage: z
            .number()
            .int()
            .nullable()
            .meta({ description: 'The year of the ward or constituency boundaries; null for a borough' }),
          name: z.string(),
        }),
      )
      .meta({ description: 'The boroughs, wards and constituencies the person covers' }),
    boroughs: z.array(boroughRef).meta({
      description: 'Every borough the places lie in or touch: the boroughs whose staff may see the person',
    }),
    memberships: z
      .array(
        z.object({
          id: z.string(),
          organisation: z.object({
            id: z.string(),
            name: z.string(),
            type: z.enum(organisationTypes),
            links: z.object({ self: z.string() }),
          }),
          position: z.string().nullable(),
          startedOn: calendarDay('When the membership began'),
          endedOn: calendarDay('When the membership ended'),
        }),
      )
      .meta({ description: 'The organisations the person belongs or belonged to' }),
    topHundred: z
      .array(z.object({ gssCode: z.string(), rank: z.number().int().min(1).max(100) }))
      .meta({ description: 'The boroughs whose top 100 the person is in, with their rank' }),
    newsletter: z
      .object({
        consent: consentState,
        canBeEmailed: z.boolean().meta({
          description: 'Derived from the consent ledger and the suppression list, never set directly',
        }),
        address: z.string().nullable().meta({ description: 'The address the newsletter would go to' }),
        excludedBecause: z
          .enum(['no-email', 'no-consent', 'withdrawn', 'suppressed', 'erased'])
          .nullable()
          .meta({ description: 'Why the newsletter may not go to the person; null when it may' }),
        excludedBecauseText: z.string().nullable().meta({ description: 'The reason, in words' }),
        events: z.array(consentEventSchema).meta({ description: 'The consent ledger, newest first' }),
      })
      .meta({ description: 'Whether the e-newsletter may go to the person, and why' }),
    erasedAt: z.string().nullable().meta({
      description: 'When the person’s personal data was erased (ISO 8601, UTC); null when not erased',
    }),
    version: z.number().int().meta({
      description: 'The record’s version; every change adds one. Send it back to change the record safely',
    }),
    createdAt: instant('When the person was added'),
    updatedAt: instant('When the record last changed'),
    links: z.object({ self: z.string(), page: z.string() }),
  })
  .meta({ id: 'Stakeholder' });

export type StakeholderJson = z.infer<typeof stakeholderSchema>;

export const stakeholderDetailSchema = z
  .object({ data: stakeholderSchema })
  .meta({ id: 'StakeholderDetail' });

const organisationTypeOf = (type: string) =>
  (organisationTypes as readonly string[]).includes(type)
    ? (type as (typeof organisationTypes)[number])
    : 'other';

export function presentStakeholder(view: PersonView): z.infer<typeof stakeholderDetailSchema> {
  const p = view.person;
  const e = view.emailability;
  return {
    data: {
      id: p.id,
      fullName: p.fullName,
      emails: p.emails.map((m) => ({ address: m.value, suppressed: m.suppressed })),
      phones: p.phones.map((ph) => ph.value),
      postalAddress: p.postalAddress,
      preferredLanguage: p.preferredLanguage,
      accessibleFormats: p.accessibleFormats.filter((f): f is (typeof accessibleFormats)[number] =>
        (accessibleFormats as readonly string[]).includes(f),
      ),
      notes: p.notes,
      lastVerifiedOn: p.lastVerifiedOn,
      stale: view.stale,
      influence: p.influence,
      interest: p.interest,
      lawfulBasis: p.lawfulBasis,
      reviewOn: p.reviewOn,
      pastReview: view.pastReview,
      roles: p.roles.map((r) => ({ id: r.id, label: r.label })),
      places: p.places.map((pl) => ({
        kind: pl.kind,
        code: pl.code,
        vintage: pl.kind === 'borough' ? null : pl.vintage,
        name: pl.name,
      })),
      boroughs: p.boroughs.map((b) => ({ gssCode: b.code, name: b.name })),
      memberships: p.memberships.map((m) => ({
        id: m.id,
        organisation: {
          id: m.organisationId,
          name: m.organisationName,
          type: organisationTypeOf(m.organisationType),
          links: { self: `/api/v1/organisations/${m.organisationId}` },
        },
        position: m.position,
        startedOn: m.startedOn,
        endedOn: m.endedOn,
      })),
      topHundred: p.topHundred.map((t) => ({ gssCode: t.areaCode, rank: t.rank })),
      newsletter: {
        consent: p.consent,
        canBeEmailed: e.ok,
        address: e.ok ? e.address : null,
        excludedBecause: e.ok ? null : e.reason,
        excludedBecauseText: e.ok ? null : exclusionReasonNames[e.reason],
        events: view.consentEvents.map((c) => ({
          event: c.event,
          occurredAt: iso(c.occurredAt),
          method: c.method,
          wordingVersion: c.wordingVersion,
          evidence: c.evidence,
          recordedAt: iso(c.recordedAt),
          recordedBy: c.recordedBy,
        })),
      },
      erasedAt: p.erasedAt ? iso(p.erasedAt) : null,
      version: p.version,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
      links: { self: `/api/v1/stakeholders/${p.id}`, page: `/stakeholders/${p.id}` },
    },
  };
}

/** What a merged person's old id answers: where the record lives now. */
export const mergedSchema = z
  .object({
    mergedInto: z.string().meta({ description: 'The id of the record this one was merged into' }),
    links: z.object({ self: z.string().meta({ description: 'The surviving record, as in Location' }) }),
  })
  .meta({ id: 'MergedStakeholder' });

export const presentMerged = (survivorId: string): z.infer<typeof mergedSchema> => ({
  mergedInto: survivorId,
  links: { self: `/api/v1/stakeholders/${survivorId}` },
});

// --- Organisations -----------------------------------------------------------------------------

export const organisationSchema = z
  .object({
    id: z.string().meta({ description: 'The organisation’s id (a UUID)' }),
    name: z.string().meta({ example: 'Windmill Hill Residents’ Association' }),
    type: z.enum(organisationTypes),
    borough: boroughRef
      .nullable()
      .meta({ description: 'The borough the organisation belongs to; null for a London-wide body' }),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string().nullable(),
    createdAt: instant('When the organisation was added'),
    updatedAt: instant('When it last changed'),
    links: z.object({ self: z.string(), page: z.string() }),
  })
  .meta({ id: 'Organisation' });

export type OrganisationJson = z.infer<typeof organisationSchema>;

export function presentOrganisation(o: OrganisationRecord): OrganisationJson {
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    borough: o.areaCode ? { gssCode: o.areaCode, name: o.areaName ?? o.areaCode } : null,
    email: o.email,
    phone: o.phone,
    website: o.website,
    address: o.address,
    notes: o.notes,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
    links: { self: `/api/v1/organisations/${o.id}`, page: `/organisations/${o.id}` },
  };
}

export const organisationListSchema = z
  .object({
    items: z.array(organisationSchema).meta({ description: 'The organisations, by name' }),
    total: z.number().int().meta({ description: 'How many organisations are listed' }),
  })
  .meta({ id: 'OrganisationList' });

export const organisationDetailSchema = z
  .object({ data: organisationSchema })
  .meta({ id: 'OrganisationDetail' });
