import { z } from 'zod';
import {
  accessibleFormats,
  consentMethods,
  lawfulBases,
  organisationTypes,
  placeKinds,
} from '../../db/schema/stakeholders.ts';
import { isCalendarDay } from '../shared/london-time.ts';
import { isPlainText, singleLine } from '../shared/validation.ts';

/** A stakeholder: the pure rules and shapes the use cases, pages, API and importer share. */

export { accessibleFormats, consentMethods, lawfulBases, organisationTypes, placeKinds };
export type OrganisationType = (typeof organisationTypes)[number];
export type LawfulBasis = (typeof lawfulBases)[number];
export type AccessibleFormat = (typeof accessibleFormats)[number];
export type PlaceKind = (typeof placeKinds)[number];
export type ConsentMethod = (typeof consentMethods)[number];

export const organisationTypeNames: Readonly<Record<OrganisationType, string>> = {
  council: 'Council',
  'community-group': 'Community group',
  'faith-organisation': 'Faith organisation',
  business: 'Business',
  'media-outlet': 'Media outlet',
  'residents-association': 'Residents’ association',
  'ward-panel': 'Ward panel',
  'safer-neighbourhood-board': 'Safer Neighbourhood Board',
  school: 'School',
  other: 'Other',
};

export const lawfulBasisNames: Readonly<Record<LawfulBasis, string>> = {
  'public-task': 'Public task',
  consent: 'Consent',
  'legitimate-interests': 'Legitimate interests',
  'legal-obligation': 'Legal obligation',
  contract: 'Contract',
  'vital-interests': 'Vital interests',
};

export const accessibleFormatNames: Readonly<Record<AccessibleFormat, string>> = {
  'large-print': 'Large print',
  'easy-read': 'Easy read',
  braille: 'Braille',
  bsl: 'British Sign Language',
  audio: 'Audio',
};

export const consentMethodNames: Readonly<Record<ConsentMethod, string>> = {
  'web-form': 'Web form',
  email: 'E-mail',
  meeting: 'At a meeting',
  phone: 'By telephone',
  paper: 'Paper form',
  import: 'Imported from a spreadsheet',
};

/** The built-in roles the coverage check looks for (the migration adds them to the controlled list). */
export const requiredRoles = {
  mp: 'mp',
  leader: 'council-leader',
  leadMember: 'lead-member-community-safety',
  linkMember: 'link-member',
  boroughCommander: 'borough-commander',
  snbChair: 'snb-chair',
  wardPanelChair: 'ward-panel-chair',
  mediaEditor: 'media-editor',
} as const;

/** A contact not verified for this many months is stale. */
export const staleAfterMonths = 12;

// --- Normalising ------------------------------------------------------------------------------

/**
 * An e-mail address as the de-duplication and the suppression list compare it: trimmed and in
 * lower case. Returns undefined when it is not an address (one @, a dot in the domain, no spaces).
 */
export function normaliseEmail(text: string): string | undefined {
  const s = text.trim().toLowerCase();
  if (s.length > 254) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(s)) return undefined;
  return /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/.test(s) && !s.includes('..')
    ? s
    : undefined;
}

/**
 * A telephone number as typed, reduced to its digits (keeping a leading +). Returns undefined when
 * it has fewer than 7 or more than 15 digits, or characters no number has.
 */
export function normalisePhone(text: string): string | undefined {
  const s = text.trim();
  if (!/^\+?[0-9 ()\-.]+(\s*(ext\.?|x)\s*[0-9]+)?$/i.test(s)) return undefined;
  const main = s.replace(/\s*(ext\.?|x)\s*[0-9]+$/i, '');
  const digits = main.replace(/[^0-9]/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  return main.trim().startsWith('+') ? `+${digits}` : digits;
}

/** Whether a contact last verified on `lastVerifiedOn` (or never) is stale on `today` (both London days). */
export function isStale(lastVerifiedOn: string | null, today: string): boolean {
  if (lastVerifiedOn === null) return true;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const cutoff = new Date(Date.UTC(y, m - 1 - staleAfterMonths, d)).toISOString().slice(0, 10);
  return lastVerifiedOn <= cutoff;
}

// --- Input -------------------------------------------------------------------------------------

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .refine(isPlainText, `${label} must be plain text`)
    .nullable()
    .optional()
    .transform((s) => (s === undefined || s === null || s === '' ? null : s));

const optionalDay = (label: string) =>
  z
    .string()
    .trim()
    .nullable()
    .optional()
    .transform((s) => (s === undefined || s === null || s === '' ? null : s))
    .refine((s) => s === null || isCalendarDay(s), `${label} must be a real date`);

const score = (label: string) =>
  z
    .union([z.number(), z.string().trim()])
    .nullable()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v === null || v === '') return null;
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 5) {
        c.addIssue({ code: 'custom', message: `${label} must be a whole number from 1 to 5` });
        return z.NEVER;
      }
      return n;
    });

const emailList = z
  .array(z.string())
  .max(10, 'A person can have at most 10 e-mail addresses')
  .optional()
  .transform((list, c) => {
    const out: { value: string; normalised: string }[] = [];
    for (const raw of list ?? []) {
      if (raw.trim() === '') continue;
      const normalised = normaliseEmail(raw);
      if (normalised === undefined) {
        c.addIssue({ code: 'custom', message: `“${raw.trim().slice(0, 80)}” is not an e-mail address` });
        return z.NEVER;
      }
      if (!out.some((e) => e.normalised === normalised)) out.push({ value: raw.trim(), normalised });
    }
    return out;
  });

const phoneList = z
  .array(z.string())
  .max(10, 'A person can have at most 10 telephone numbers')
  .optional()
  .transform((list, c) => {
    const out: { value: string; normalised: string }[] = [];
    for (const raw of list ?? []) {
      if (raw.trim() === '') continue;
      const normalised = normalisePhone(raw);
      if (normalised === undefined) {
        c.addIssue({ code: 'custom', message: `“${raw.trim().slice(0, 40)}” is not a telephone number` });
        return z.NEVER;
      }
      if (!out.some((p) => p.normalised === normalised)) out.push({ value: raw.trim(), normalised });
    }
    return out;
  });

export const placeSchema = z.object({
  kind: z.enum(placeKinds, { error: 'Choose borough, ward or constituency' }),
  code: z
    .string({ error: 'Choose a place' })
    .trim()
    .regex(/^E(09|05|14)\d{6}$/, 'Choose a borough, ward or constituency from the list'),
  /** Ward and constituency boundaries' year; omitted means the vintage in use. */
  vintage: z.number().int().min(1990).max(2100).optional(),
});
export type PlaceInput = z.input<typeof placeSchema>;

export const membershipSchema = z
  .object({
    organisationId: z.uuid({ error: 'Choose an organisation' }),
    position: optionalText(200, 'Position'),
    startedOn: optionalDay('Start date'),
    endedOn: optionalDay('End date'),
  })
  .refine((m) => m.endedOn === null || m.startedOn === null || m.endedOn >= m.startedOn, {
    message: 'The end date must be on or after the start date',
    path: ['endedOn'],
  });

export const personInputSchema = z.object({
  fullName: singleLine(
    {
      required: 'Enter the person’s name',
      tooLong: 'The name must be 200 characters or fewer',
      invalid: 'The name must be plain text',
    },
    200,
  ),
  emails: emailList,
  phones: phoneList,
  postalAddress: optionalText(500, 'Postal address'),
  preferredLanguage: optionalText(60, 'Preferred language'),
  accessibleFormats: z
    .array(z.enum(accessibleFormats, { error: 'Choose formats from the list' }))
    .optional()
    .transform((l) => [...new Set(l ?? [])]),
  notes: optionalText(5000, 'Notes'),
  lastVerifiedOn: optionalDay('Last verified'),
  influence: score('Influence'),
  interest: score('Interest'),
  lawfulBasis: z
    .enum(lawfulBases, { error: 'Choose a lawful basis from the list' })
    .optional()
    .transform((b) => b ?? 'public-task'),
  reviewOn: optionalDay('Review date'),
  roleIds: z
    .array(z.string().trim().min(1).max(80))
    .max(20, 'A person can have at most 20 roles')
    .optional()
    .transform((l) => [...new Set(l ?? [])]),
  places: z
    .array(placeSchema)
    .min(1, 'Choose at least one borough, ward or constituency the person covers')
    .max(100, 'A person can cover at most 100 places'),
  memberships: z.array(membershipSchema).max(50, 'A person can have at most 50 memberships').optional(),
});

export type PersonInput = z.input<typeof personInputSchema>;
export type ParsedPerson = z.output<typeof personInputSchema>;

export const organisationInputSchema = z.object({
  name: singleLine(
    {
      required: 'Enter the organisation’s name',
      tooLong: 'The name must be 200 characters or fewer',
      invalid: 'The name must be plain text',
    },
    200,
  ),
  type: z.enum(organisationTypes, { error: 'Choose the type of organisation' }),
  areaCode: z
    .string()
    .trim()
    .nullable()
    .optional()
    .transform((s) => (s === undefined || s === null || s === '' ? null : s))
    .refine((s) => s === null || /^E09\d{6}$/.test(s), 'Choose a borough from the list'),
  email: z
    .string()
    .nullable()
    .optional()
    .transform((s, c) => {
      if (s === undefined || s === null || s.trim() === '') return null;
      if (normaliseEmail(s) === undefined) {
        c.addIssue({ code: 'custom', message: 'Enter an e-mail address like name@example.org' });
        return z.NEVER;
      }
      return s.trim();
    }),
  phone: z
    .string()
    .nullable()
    .optional()
    .transform((s, c) => {
      if (s === undefined || s === null || s.trim() === '') return null;
      if (normalisePhone(s) === undefined) {
        c.addIssue({ code: 'custom', message: 'Enter a telephone number, like 020 7946 0000' });
        return z.NEVER;
      }
      return s.trim();
    }),
  website: optionalText(300, 'Website').refine(
    (s) => s === null || /^https?:\/\/[^\s]+$/i.test(s),
    'Enter the website’s full address, starting https://',
  ),
  address: optionalText(500, 'Address'),
  notes: optionalText(5000, 'Notes'),
});
export type OrganisationInput = z.input<typeof organisationInputSchema>;
export type ParsedOrganisation = z.output<typeof organisationInputSchema>;

export const consentInputSchema = z.object({
  event: z.enum(['given', 'withdrawn'], { error: 'Choose whether consent was given or withdrawn' }),
  /** When it happened; a London day or an instant. Not in the future. */
  occurredOn: z
    .string({ error: 'Enter the date consent was given or withdrawn' })
    .trim()
    .refine(isCalendarDay, 'Enter a real date'),
  method: z.enum(consentMethods, { error: 'Choose how consent was given or withdrawn' }),
  wordingVersion: singleLine(
    {
      required: 'Enter the version of the wording the person was shown',
      tooLong: 'The wording version must be 80 characters or fewer',
      invalid: 'The wording version must be plain text',
    },
    80,
  ),
  evidence: z
    .string({ error: 'Describe the evidence' })
    .trim()
    .min(1, 'Describe the evidence: what the person said or signed, and where it is kept')
    .max(2000, 'The evidence must be 2000 characters or fewer')
    .refine(isPlainText, 'The evidence must be plain text'),
});
export type ConsentInput = z.input<typeof consentInputSchema>;

// --- Whether a person can be e-mailed ------------------------------------------------------------

export type ConsentState = 'given' | 'withdrawn' | 'none';

export type Emailability =
  | Readonly<{ ok: true; address: string }>
  | Readonly<{ ok: false; reason: 'no-email' | 'no-consent' | 'withdrawn' | 'suppressed' | 'erased' }>;

export const exclusionReasonNames: Readonly<Record<Exclude<Emailability, { ok: true }>['reason'], string>> = {
  'no-email': 'No e-mail address',
  'no-consent': 'No consent recorded',
  withdrawn: 'Consent withdrawn',
  suppressed: 'Address on the suppression list',
  erased: 'Erased',
};

/**
 * Whether the newsletter may go to a person: derived from the latest consent event and the
 * suppression list, never from a checkbox. The first address not suppressed is the one used.
 */
export function emailability(person: {
  erased: boolean;
  consent: ConsentState;
  emails: readonly { normalised: string; suppressed: boolean }[];
}): Emailability {
  if (person.erased) return { ok: false, reason: 'erased' };
  if (person.emails.length === 0) return { ok: false, reason: 'no-email' };
  const usable = person.emails.find((e) => !e.suppressed);
  if (usable === undefined) return { ok: false, reason: 'suppressed' };
  if (person.consent === 'withdrawn') return { ok: false, reason: 'withdrawn' };
  if (person.consent === 'none') return { ok: false, reason: 'no-consent' };
  return { ok: true, address: usable.normalised };
}
