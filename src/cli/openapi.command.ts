import { Command } from 'commander';
import { loadConfigWith } from '../config.ts';
import { connectPglite } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { buildApp } from '../web/app.ts';

/** Prints the OpenAPI document, built from the routes over a throwaway in-memory database. */
export function openApiCommand(): Command {
  return new Command('openapi').description('Print the OpenAPI document of the JSON API').action(async () => {
    const connection = await connectPglite({ memory: true });
    try {
      await migrate(connection);
      const config = loadConfigWith({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: undefined });
      const app = await buildApp({ config, db: connection.db, connection, clock: systemClock });
      await app.ready();
      process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
      await app.close();
    } finally {
      await connection.close();
    }
  });
}
