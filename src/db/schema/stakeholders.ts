import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './access.ts';
import { areas } from './geography.ts';

/**
 * The stakeholder database: people, organisations, who belongs where, the places a person covers,
 * their roles, the top 100 per borough, the consent ledger, the suppression list, saved segments,
 * uploads waiting to be imported, and the redirects left by merges.
 *
 * A person is in a borough's scope through `person_boroughs`, which is derived from their places
 * (a ward's borough, every borough a constituency touches) each time the places are saved.
 */

export const organisationTypes = [
  'council',
  'community-group',
  'faith-organisation',
  'business',
  'media-outlet',
  'residents-association',
  'ward-panel',
  'safer-neighbourhood-board',
  'school',
  'other',
] as const;

export const lawfulBases = [
  'public-task',
  'consent',
  'legitimate-interests',
  'legal-obligation',
  'contract',
  'vital-interests',
] as const;

export const accessibleFormats = ['large-print', 'easy-read', 'braille', 'bsl', 'audio'] as const;

export const placeKinds = ['borough', 'ward', 'constituency'] as const;

export const contactKinds = ['email', 'phone'] as const;

export const consentEvents = ['given', 'withdrawn'] as const;
export const consentMethods = ['web-form', 'email', 'meeting', 'phone', 'paper', 'import'] as const;

export const suppressionReasons = ['erased', 'unsubscribed', 'bounced', 'requested'] as const;

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The controlled list of roles. Built-in roles are added by the migration; an administrator adds more. */
export const stakeholderRoles = pgTable('stakeholder_roles', {
  /** A stable slug ("mp", "ward-councillor"); the coverage check names built-in roles by it. */
  id: text('id').primaryKey(),
  label: text('label').notNull(),
  builtIn: boolean('built_in').notNull().default(false),
  sortOrder: integer('sort_order').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    type: text('type', { enum: organisationTypes }).notNull(),
    /** The borough the organisation belongs to; null for London-wide or national bodies. */
    areaCode: text('area_code').references(() => areas.gssCode),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    address: text('address'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('organisations_area').on(t.areaCode, t.name),
    index('organisations_name_trgm').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
  ],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The name as the person uses it ("Cllr Jane Smith"). After erasure, a description ("a ward councillor"). */
    fullName: text('full_name').notNull(),
    postalAddress: text('postal_address'),
    preferredLanguage: text('preferred_language'),
    accessibleFormats: text('accessible_formats').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    lastVerifiedOn: date('last_verified_on'),
    influence: integer('influence'),
    interest: integer('interest'),
    lawfulBasis: text('lawful_basis', { enum: lawfulBases }).notNull().default('public-task'),
    /** Retention: the day the record is next reviewed. */
    reviewOn: date('review_on'),
    /**
     * Name, e-mail addresses and organisation names, lower case, kept by the repository whenever
     * any of them changes; the trigram and full-text indexes are built on it.
     */
    searchText: text('search_text').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('simple'::regconfig, search_text)`,
    ),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('people_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('people_search_vector').using('gin', t.searchVector),
    index('people_name_id').on(sql`lower(${t.fullName})`, t.id),
    index('people_review_on').on(t.reviewOn),
    check('people_influence', sql`${t.influence} is null or ${t.influence} between 1 and 5`),
    check('people_interest', sql`${t.interest} is null or ${t.interest} between 1 and 5`),
  ],
);

/** E-mail addresses and telephone numbers; a person may have several of each. */
export const contactPoints = pgTable(
  'contact_points',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: contactKinds }).notNull(),
    /** As entered. */
    value: text('value').notNull(),
    /** E-mail: trimmed and lower case (the same normalised address is the same person). Phone: digits. */
    normalised: text('normalised').notNull(),
    label: text('label'),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('contact_points_email').on(t.normalised).where(sql`${t.kind} = 'email'`),
    index('contact_points_person').on(t.personId, t.kind, t.position),
  ],
);

export const personRoles = pgTable(
  'person_roles',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    roleId: text('role_id')
      .notNull()
      .references(() => stakeholderRoles.id),
  },
  (t) => [primaryKey({ columns: [t.personId, t.roleId] }), index('person_roles_role').on(t.roleId)],
);

/** The boroughs, wards and constituencies a person covers. Wards and constituencies name their vintage. */
export const personPlaces = pgTable(
  'person_places',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: placeKinds }).notNull(),
    code: text('code').notNull(),
    /** The boundaries' year for wards and constituencies; 0 for a borough. */
    vintage: integer('vintage').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.kind, t.code, t.vintage] }),
    index('person_places_place').on(t.kind, t.code),
  ],
);

/** Derived from the places: every borough the person's places lie in or touch. Scoping uses this. */
export const personBoroughs = pgTable(
  'person_boroughs',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.areaCode] }),
    index('person_boroughs_area').on(t.areaCode, t.personId),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    position: text('position'),
    startedOn: date('started_on'),
    endedOn: date('ended_on'),
  },
  (t) => [
    index('memberships_person').on(t.personId),
    index('memberships_organisation').on(t.organisationId),
    check(
      'memberships_dates',
      sql`${t.endedOn} is null or ${t.startedOn} is null or ${t.endedOn} >= ${t.startedOn}`,
    ),
  ],
);

/** Each borough's ranked top 100. Ranks run 1..n without gaps; the repository renumbers on each change. */
export const topHundred = pgTable(
  'top_hundred',
  {
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    rank: integer('rank').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.areaCode, t.personId] }),
    index('top_hundred_rank').on(t.areaCode, t.rank),
    check('top_hundred_rank_range', sql`${t.rank} between 1 and 100`),
  ],
);

/**
 * The consent ledger for the e-newsletter: each event as it happened, never edited. Whether a
 * person can be e-mailed is derived from the latest event and the suppression list.
 */
export const consentLedger = pgTable(
  'consent_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email-newsletter'] }).notNull(),
    event: text('event', { enum: consentEvents }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    method: text('method', { enum: consentMethods }).notNull(),
    /** The version of the wording the person was shown ("newsletter-2026-01"). */
    wordingVersion: text('wording_version').notNull(),
    evidence: text('evidence').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('consent_events_person').on(t.personId, t.channel, t.occurredAt)],
);

/**
 * Addresses never to be mailed, kept only as a salted hash (HMAC-SHA-256 of the normalised address
 * with this installation's secret salt), so an erased person's address is not kept but is still
 * recognised when it arrives again.
 */
export const suppressions = pgTable('suppressions', {
  emailHash: text('email_hash').primaryKey(),
  reason: text('reason', { enum: suppressionReasons }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** A saved filter over the stakeholder database, usually for one borough. */
export const segments = pgTable(
  'segments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    areaCode: text('area_code').references(() => areas.gssCode),
    /** The filter, in the shape the search validates (`StakeholderFilter`). */
    filter: jsonb('filter').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('segments_area').on(t.areaCode, t.name)],
);

/** Possible duplicates found by the similarity check, waiting for a person to merge or dismiss them. */
export const duplicateFlags = pgTable(
  'duplicate_flags',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    otherPersonId: uuid('other_person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolution: text('resolution', { enum: ['merged', 'dismissed'] }),
  },
  (t) => [
    index('duplicate_flags_open').on(t.resolvedAt, t.createdAt),
    uniqueIndex('duplicate_flags_pair').on(t.personId, t.otherPersonId),
  ],
);

/** Where a merged person's id now leads. */
export const personRedirects = pgTable('person_redirects', {
  fromId: uuid('from_id').primaryKey(),
  toId: uuid('to_id')
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  mergedAt: timestamp('merged_at', { withTimezone: true }).notNull(),
});

export const stakeholderImportStatuses = ['previewed', 'committing', 'committed', 'failed'] as const;

/**
 * An uploaded stakeholder file. Its bytes are kept only until it is committed or abandoned (erasure
 * also removes any pending upload naming the erased person); the counts stay as the record.
 */
export const stakeholderImports = pgTable('stakeholder_imports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  areaCode: text('area_code')
    .notNull()
    .references(() => areas.gssCode),
  fileName: text('file_name').notNull(),
  /** The file's bytes, base64; null once committed. */
  content: text('content'),
  /** The column mapping chosen: heading in the file → field. */
  mapping: jsonb('mapping'),
  status: text('status', { enum: stakeholderImportStatuses }).notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  /** `{created, updated, merged, flagged, rejected}` once committed. */
  outcome: jsonb('outcome'),
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
});
