import type { Config } from './config.ts';
import { buildDemoIfNoUsers, type DemoResult } from './demo/build-demo.ts';
import { createDeps } from './deps.ts';
import { roleNames } from './domain/access/actor.ts';
import { anyUser } from './domain/access/users.repo.ts';
import { startRetentionJob } from './jobs/retention.ts';
import { buildApp } from './web/app.ts';

/**
 * Starts Nonsuch: opens (and for an embedded database, locks) the database, migrates it, listens,
 * and then — on an embedded database outside production with no accounts yet — loads the demo
 * dataset and prints its sign-in once. Listening comes first, so a port already in use stops the
 * start before anything is created or any password is shown.
 */
export async function serve(config: Config): Promise<void> {
  const deps = await createDeps(config);
  let address: string;
  const app = await buildApp(deps);
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await deps.connection.close();
    throw error;
  }
  // The daily jobs run in the server process (uploads not imported are removed after 7 days).
  const retention = startRetentionJob(deps, app.log);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await retention.stop();
    await app.close();
    await deps.connection.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const demoAllowed = deps.connection.kind === 'pglite' && config.env !== 'production';
  const demo: DemoResult | undefined = demoAllowed ? await buildDemoIfNoUsers(deps) : undefined;
  const nobody = !demo && !(await anyUser(deps.db));

  const url = config.env === 'production' ? config.publicUrl : address.replace('127.0.0.1', 'localhost');
  const where = deps.connection.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  const lines = [``, `Nonsuch is running at ${url} (${where}).`];
  if (demo) {
    lines.push(
      ``,
      `A new database was created with the demo dataset, with one account for each role.`,
      `  Password: ${demo.password}  (the same for every account)`,
      ...demo.accounts.map((a) => `  ${roleNames[a.role].padEnd(20)} ${a.email}`),
      `The sign-in page lists them too. Administrators and programme leads set up two-factor authentication first.`,
    );
  }
  if (nobody) {
    lines.push(
      ``,
      `No one can sign in yet. Add an administrator with:`,
      `  nonsuch users create --role administrator --email you@example.org --name "Your Name"`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
