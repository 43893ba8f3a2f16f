import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const bcus = pgTable('bcus', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
});

export const areas = pgTable(
  'areas',
  {
    gssCode: text('gss_code').primaryKey(),
    name: text('name').notNull(),
    // Unique in the facts (london-areas.test.ts), not by constraint: the upsert writes row by row,
    // so a constraint would refuse two areas swapping their codes or tiles.
    shortCode: text('short_code').notNull(),
    kind: text('kind', { enum: ['london-borough', 'city'] }).notNull(),
    policeForce: text('police_force', { enum: ['metropolitan', 'city-of-london'] }).notNull(),
    bcuCode: text('bcu_code').references(() => bcus.code),
    tileCol: integer('tile_col').notNull(),
    tileRow: integer('tile_row').notNull(),
  },
  (t) => [check('areas_gss_code_format', sql`${t.gssCode} ~ '^E09[0-9]{6}$'`)],
);

/**
 * Wards and Westminster constituencies change with boundary reviews, so each is kept per vintage
 * (the year of its boundaries: wards 2022, constituencies 2024). A code names one area within a
 * vintage; the same code in two vintages is two records.
 */
export const geographyKinds = ['ward', 'constituency'] as const;

export const vintages = pgTable(
  'geography_vintages',
  {
    kind: text('kind', { enum: geographyKinds }).notNull(),
    year: integer('year').notNull(),
    /** The day these boundaries came into use, when known. */
    effectiveFrom: date('effective_from'),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);

export const wards = pgTable(
  'wards',
  {
    code: text('code').notNull(),
    vintage: integer('vintage').notNull(),
    name: text('name').notNull(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
  },
  (t) => [
    primaryKey({ columns: [t.code, t.vintage] }),
    index('wards_area').on(t.areaCode, t.vintage),
    check('wards_code_format', sql`${t.code} ~ '^E05[0-9]{6}$'`),
  ],
);

export const constituencies = pgTable(
  'constituencies',
  {
    code: text('code').notNull(),
    vintage: integer('vintage').notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.code, t.vintage] }),
    check('constituencies_code_format', sql`${t.code} ~ '^E14[0-9]{6}$'`),
  ],
);

/** Ward → constituency, per pair of vintages (the ONS ward-to-constituency lookup). */
export const wardConstituencies = pgTable(
  'ward_constituencies',
  {
    wardCode: text('ward_code').notNull(),
    wardVintage: integer('ward_vintage').notNull(),
    constituencyCode: text('constituency_code').notNull(),
    constituencyVintage: integer('constituency_vintage').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.wardCode, t.wardVintage, t.constituencyVintage] }),
    index('ward_constituencies_constituency').on(t.constituencyCode, t.constituencyVintage),
  ],
);

/**
 * Which boroughs a constituency covers, and roughly how much of it lies in each: stands in for the
 * ward lookup where none is loaded.
 */
export const constituencyAreas = pgTable(
  'constituency_areas',
  {
    constituencyCode: text('constituency_code').notNull(),
    vintage: integer('vintage').notNull(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.gssCode),
    /** The share of the constituency inside the borough, 0–1, when known. */
    share: doublePrecision('share'),
  },
  (t) => [
    primaryKey({ columns: [t.constituencyCode, t.vintage, t.areaCode] }),
    index('constituency_areas_area').on(t.areaCode, t.vintage),
  ],
);
