import { upsertReferenceAreas } from '../domain/geography/areas.repo.ts';
import type { Connection } from './connect.ts';

/** Brings a database to the current schema and loads the reference facts every database has. */
export async function migrate(connection: Connection): Promise<void> {
  await connection.applyMigrations();
  await connection.db.transaction(async (tx) => {
    await upsertReferenceAreas(tx);
  });
}
