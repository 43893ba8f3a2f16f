import { Command } from 'commander';
import { buildDemo } from '../demo/build-demo.ts';
import { contextFor } from '../deps.ts';
import { operator, roleNames } from '../domain/access/actor.ts';
import { listAreas } from '../domain/geography/list-areas.ts';
import { serve } from '../serve.ts';
import { configFor, report, withDeps } from './run.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Start the web server (the same as npm start)')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .action(async (options: { port?: string }, command: Command) => {
      await serve(configFor(command, options.port ? { PORT: options.port } : {}));
    });
}

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('Create or update the database schema and load the reference data (the 33 London areas)')
    .action(async (_options: object, command: Command) => {
      const result = await withDeps(command, async (deps) => ({
        database: deps.connection.kind,
        areas: (await listAreas(contextFor(deps, operator('cli')))).length,
      }));
      report(
        command,
        { ...result, migrated: true },
        `Database (${result.database}) is up to date with ${result.areas} areas.`,
      );
    });
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('Build the demo dataset into a data directory (new or existing; not in production)')
    .action(async (_options: object, command: Command) => {
      const config = configFor(command);
      if (config.env === 'production') throw new Error('The demo dataset is never loaded in production.');
      const demo = await withDeps(command, (deps) => buildDemo(deps));
      report(
        command,
        { dataDir: config.databaseUrl ? undefined : config.dataDir, ...demo },
        `Built the demo dataset (${demo.users} users) in ${config.databaseUrl ? 'the PostgreSQL database' : config.dataDir}.\n` +
          `Every demo account has the password ${demo.password}\n` +
          demo.accounts.map((a) => `  ${roleNames[a.role].padEnd(20)} ${a.email}`).join('\n'),
      );
    });
}
