import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { areas } from './geography.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
};

export const roleValues = [
  'administrator',
  'programme_lead',
  'borough_lead',
  'borough_contributor',
  'analyst',
] as const;

export const users = pgTable('users', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  /** Stored lower-cased; unique. */
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roleValues }).notNull(),
  /** Null until an invited user chooses a password (or for people who only sign in through SSO). */
  passwordHash: text('password_hash'),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  /** The confirmed TOTP shared secret (base32), set with totp_enabled_at. */
  totpSecret: text('totp_secret'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** The last TOTP time step accepted, so a code cannot be used twice. */
  totpLastStep: integer('totp_last_step'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  ...timestamps,
});

/** The boroughs a borough-scoped user works in. Roles with London-wide reach have none. */
export const userBoroughs = pgTable(
  'user_boroughs',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
  },
  (t) => [primaryKey({ columns: [t.userId, t.areaCode] })],
);

/** One-time links: an invitation to set a first password, or a password reset. Stored as digests. */
export const userLinks = pgTable(
  'user_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['invitation', 'password-reset'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('user_links_user_id').on(t.userId)],
);

/** Two-factor recovery codes, shown once and stored as digests. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user_id').on(t.userId)],
);

export const sessionStages = ['complete', 'second-factor', 'enrol-second-factor'] as const;

/** Browser sessions. The cookie holds a random token; only its SHA-256 digest is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** A public handle, so a person can see and end their sessions without the token. */
    id: uuid('id').notNull().unique().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A session is only signed in when complete; before that it may only finish the second factor. */
    stage: text('stage', { enum: sessionStages }).notNull().default('complete'),
    method: text('method', { enum: ['password', 'single-sign-on'] })
      .notNull()
      .default('password'),
    userAgent: text('user_agent'),
    address: text('address'),
    /**
     * A two-factor secret offered to this session's owner and not yet confirmed. Kept on the
     * session, so that no other session (someone else with the password) ever sees it.
     */
    pendingTotpSecret: text('pending_totp_secret'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_id').on(t.userId)],
);

/** Failed sign-ins per account and per address, for the exponential back-off. */
export const signInThrottle = pgTable('sign_in_throttle', {
  /** `account:<email>` or `address:<ip>`. */
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }).notNull(),
});

/** Personal access tokens for the JSON API. Only the SHA-256 digest of the secret is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the secret, shown so a person can tell their tokens apart. */
    hint: text('hint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_id').on(t.userId)],
);

/** Settings an administrator changes at run time (not deployment configuration, which is config.ts). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * The audit trail. Append-only: a trigger (migration 0003) refuses every update, delete and
 * truncate, whoever asks. Actor fields are copied, not referenced, so the row outlives any change.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorKind: text('actor_kind', { enum: ['user', 'operator', 'anonymous'] }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** The borough the record belongs to, when it belongs to one (for filtering and scoping). */
    areaCode: text('area_code'),
    summary: text('summary').notNull(),
    oldValues: jsonb('old_values'),
    newValues: jsonb('new_values'),
    requestId: text('request_id'),
    address: text('address'),
    /** True for refusals and failures (permission denied, sign-in failed), so they can be found. */
    refused: boolean('refused').notNull().default(false),
  },
  (t) => [
    index('audit_events_at').on(t.at),
    index('audit_events_actor').on(t.actorUserId, t.at),
    index('audit_events_entity').on(t.entityType, t.entityId),
    index('audit_events_area').on(t.areaCode, t.at),
  ],
);
