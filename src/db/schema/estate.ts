import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './access.ts';
import { areas } from './geography.ts';

/**
 * The estate: sites (buildings), proposals (planned changes to a site) and each borough's Asset
 * Management Plan. Sites and proposals keep their current values in one row and every edit as a
 * dated, numbered snapshot in an append-only versions table (history is data: a past version never
 * drifts).
 */

export const siteTypes = [
  'police-station',
  'front-counter',
  'safer-neighbourhood-base',
  'custody',
  'patrol-base',
  'other',
] as const;
export const siteStatuses = ['operational', 'closed', 'disposed'] as const;
export const heritageListings = ['none', 'grade-i', 'grade-ii-star', 'grade-ii', 'locally-listed'] as const;
export const wardSources = ['chosen', 'coordinates'] as const;

export const changeTypes = [
  'close-front-counter',
  'dispose',
  'relocate-functions',
  'co-locate',
  'new-facility',
  'refurbish',
] as const;
export const proposalStatuses = [
  'draft',
  'published',
  'proceed',
  'modified',
  'withdrawn',
  'implemented',
] as const;
export const ampStatuses = ['draft', 'final'] as const;

const versionColumns = {
  version: integer('version').notNull(),
  /** The record as it stood after this edit, in the domain's own snapshot shape. */
  snapshot: jsonb('snapshot').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  changedByUserId: uuid('changed_by_user_id').references(() => users.id),
  /** Copied, not referenced, so the version outlives any change to the account. */
  changedBy: text('changed_by').notNull(),
  note: text('note'),
};

export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
    name: text('name').notNull(),
    type: text('type', { enum: siteTypes }).notNull(),
    address: text('address').notNull(),
    /** Normalised: upper case with one space before the inward code ("SW1A 1AA"). */
    postcode: text('postcode').notNull(),
    wardCode: text('ward_code'),
    wardVintage: integer('ward_vintage'),
    /** How the ward is known: chosen by a person, or found from the coordinates and the boundaries. */
    wardSource: text('ward_source', { enum: wardSources }),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** Front counter opening hours, or other public access; empty when the public cannot visit. */
    publicAccess: text('public_access'),
    status: text('status', { enum: siteStatuses }).notNull(),
    iconic: boolean('iconic').notNull(),
    iconicReason: text('iconic_reason'),
    heritageListing: text('heritage_listing', { enum: heritageListings }).notNull(),
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('sites_area').on(t.areaCode, t.name),
    check('sites_iconic_reason', sql`not ${t.iconic} or ${t.iconicReason} is not null`),
    check(
      'sites_coordinates',
      sql`(${t.latitude} is null) = (${t.longitude} is null)
        and (${t.latitude} is null or (${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180))`,
    ),
  ],
);

export const siteVersions = pgTable(
  'site_versions',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    ...versionColumns,
  },
  (t) => [primaryKey({ columns: [t.siteId, t.version] })],
);

export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    /** The site's borough, kept on the proposal so every list can be scoped in SQL. */
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
    changeType: text('change_type', { enum: changeTypes }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    reasons: text('reasons').notNull(),
    /** Alternatives considered: description, how assessed, criteria, cost and saving in pence. */
    alternatives: jsonb('alternatives').notNull(),
    replacementProvision: text('replacement_provision'),
    engagementStart: date('engagement_start'),
    decisionDue: date('decision_due'),
    implementationDate: date('implementation_date'),
    disposalDate: date('disposal_date'),
    status: text('status', { enum: proposalStatuses }).notNull(),
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('proposals_area').on(t.areaCode),
    index('proposals_site').on(t.siteId),
    index('proposals_disposal').on(t.disposalDate),
  ],
);

export const proposalVersions = pgTable(
  'proposal_versions',
  {
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    ...versionColumns,
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.version] })],
);

/** A borough's Asset Management Plan: its proposals, draft until agreed, then final. */
export const amps = pgTable('amps', {
  areaCode: text('area_code')
    .primaryKey()
    .references(() => areas.gssCode),
  status: text('status', { enum: ampStatuses }).notNull(),
  agreedOn: date('agreed_on'),
  version: integer('version').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const ampVersions = pgTable(
  'amp_versions',
  {
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
    ...versionColumns,
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.version] })],
);

/**
 * Boundaries (GeoJSON geometry in WGS84 longitude and latitude) of boroughs, wards and
 * constituencies, per vintage, for maps drawn on the server and for finding a site's ward.
 */
export const boundaryKinds = ['borough', 'ward', 'constituency'] as const;

export const boundaries = pgTable(
  'boundaries',
  {
    kind: text('kind', { enum: boundaryKinds }).notNull(),
    code: text('code').notNull(),
    vintage: integer('vintage').notNull(),
    name: text('name').notNull(),
    /** The borough the area lies in (wards and boroughs); null for constituencies. */
    areaCode: text('area_code').references(() => areas.gssCode),
    geometry: jsonb('geometry').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code, t.vintage] }), index('boundaries_area').on(t.areaCode)],
);

/**
 * A person's calendar subscription address. The secret in the address is stored as a digest; the
 * feed shows what its owner may see, and stops when revoked or when the owner is disabled.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('calendar_feeds_user').on(t.userId)],
);

/** An uploaded sites or proposals file waiting for its preview to be confirmed. */
export const estateImportKinds = ['sites', 'proposals'] as const;

export const estateImports = pgTable('estate_imports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: estateImportKinds }).notNull(),
  fileName: text('file_name').notNull(),
  /** The file's bytes, base64: CSV or Excel. */
  content: text('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
});
