import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text } from 'drizzle-orm/pg-core';

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
