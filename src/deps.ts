import type { Config } from './config.ts';
import { type Connection, connect, type Database } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import type { Actor, Context } from './domain/access/actor.ts';
import { type Clock, systemClock } from './domain/shared/clock.ts';

/** The composition root: everything the web app, the CLI and the jobs share. */
export type Deps = Readonly<{
  config: Config;
  db: Database;
  connection: Connection;
  clock: Clock;
}>;

/** Opens the database named by the config (locking an embedded one) and brings it up to date. */
export async function createDeps(config: Config, options: { clock?: Clock } = {}): Promise<Deps> {
  const connection = await connect(config);
  try {
    await migrate(connection);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return { config, db: connection.db, connection, clock: options.clock ?? systemClock };
}

/** A use-case context for one actor; a web request adds its id and address for the audit trail. */
export const contextFor = (
  deps: Pick<Context, 'db' | 'clock'>,
  actor: Actor,
  origin: { requestId?: string; address?: string } = {},
): Context => ({
  db: deps.db,
  clock: deps.clock,
  actor,
  requestId: origin.requestId,
  address: origin.address,
});
