import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema/index.ts';

/** The only place that knows there are two database backends. */

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Repositories accept either, so the use case decides the transaction. */
export type Db = Database | Transaction;

export type Connection = Readonly<{
  db: Database;
  kind: 'pglite' | 'postgres';
  applyMigrations: () => Promise<void>;
  /** A compressed copy of an embedded database (tests copy a migrated template this way). */
  dumpDataDir: () => Promise<Blob>;
  close: () => Promise<void>;
}>;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Extensions the schema uses (trigram search); PostgreSQL has them as contrib modules. */
const extensions = { pg_trgm };

/**
 * Settings every session gets. A near spelling of a word in a stakeholder search ("Margret" for
 * "Margaret") scores about 0.55 in trigram word similarity; pg_trgm's default threshold is 0.6.
 */
const sessionSettings: readonly (readonly [string, string])[] = [
  ['pg_trgm.word_similarity_threshold', '0.5'],
];

export type PgliteSource = { dataDir: string } | { loadDataDir: Blob } | { memory: true };

/** An embedded database. A data directory is locked for this process until close(). */
export async function connectPglite(source: PgliteSource): Promise<Connection> {
  let release = () => {};
  let client: PGlite;
  if ('dataDir' in source) {
    const lock = lockDataDir(source.dataDir);
    release = lock.release;
    const pgdata = join(source.dataDir, 'pgdata');
    mkdirSync(pgdata, { recursive: true });
    try {
      client = await PGlite.create({ dataDir: pgdata, relaxedDurability: false, extensions });
    } catch (error) {
      release();
      throw error;
    }
  } else if ('loadDataDir' in source) {
    client = await PGlite.create({ loadDataDir: source.loadDataDir, extensions });
  } else {
    client = await PGlite.create({ extensions });
  }
  await client.exec(sessionSettings.map(([k, v]) => `set ${k} = ${v};`).join('\n'));
  const db = drizzlePglite({ client, schema });
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    applyMigrations: async () => {
      await migratePglite(db, { migrationsFolder });
    },
    dumpDataDir: () => client.dumpDataDir('gzip'),
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** A PostgreSQL server. Several app instances may share it; migrations take an advisory lock. */
export async function connectPostgres(url: string, options: { max?: number } = {}): Promise<Connection> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    options: sessionSettings.map(([k, v]) => `-c ${k}=${v}`).join(' '),
  });
  // An idle connection the server drops (a restart, a failover) must not end the process; the pool
  // replaces it, and the next query reports any lasting problem.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
  // Fail at start, not on the first request, when the server cannot be reached.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg({ client: pool, schema });
  return {
    db: db as unknown as Database,
    kind: 'postgres',
    applyMigrations: async () => {
      const client = await pool.connect();
      try {
        // 0x4e6f6e73 = "Nons": one migrator at a time across instances.
        await client.query('select pg_advisory_lock(1315925619)');
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock(1315925619)').catch(() => {});
        client.release();
      }
    },
    dumpDataDir: () => Promise.reject(new Error('Only an embedded database can be dumped; use pg_dump.')),
    close: () => pool.end(),
  };
}

export function connect(options: { databaseUrl: string | undefined; dataDir: string }): Promise<Connection> {
  return options.databaseUrl
    ? connectPostgres(options.databaseUrl)
    : connectPglite({ dataDir: options.dataDir });
}

export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
