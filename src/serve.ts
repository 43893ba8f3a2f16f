import type { Config } from './config.ts';
import { buildDemo, type DemoResult } from './demo/build-demo.ts';
import { createDeps } from './deps.ts';
import { buildApp } from './web/app.ts';

/**
 * Starts Nonsuch: opens (and for an embedded database, locks) the database, migrates it, loads the
 * demo dataset into a brand-new embedded database outside production, and listens.
 */
export async function serve(config: Config): Promise<void> {
  const deps = await createDeps(config);
  let demo: DemoResult | undefined;
  if (deps.connection.isNew && config.env !== 'production') demo = await buildDemo(deps);

  const app = await buildApp(deps);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await deps.connection.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ port: config.port, host: config.host });
  const url = config.env === 'production' ? config.publicUrl : address.replace('127.0.0.1', 'localhost');
  const where = deps.connection.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  const lines = [``, `Nonsuch is running at ${url} (${where}).`];
  if (demo) {
    lines.push(
      ``,
      `A new database was created with the demo dataset. Sign in as the demo administrator:`,
      `  Email:    ${demo.admin.email}`,
      `  Password: ${demo.admin.password}`,
      `This password is shown only now.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
