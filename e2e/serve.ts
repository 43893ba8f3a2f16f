import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { serve } from '../src/serve.ts';

/**
 * The server the browser journeys use: a fresh embedded database with the demo dataset built by
 * the real CLI (`nonsuch demo --json`), then the real start-up path. The demo administrator's
 * credentials are left where the journeys can read them.
 */
// One directory per port, so journeys on different ports can run side by side.
const port = process.env.E2E_PORT ?? '3210';
const run = fileURLToPath(new URL(`./.run/${port}/`, import.meta.url));
const dataDir = `${run}data`;
rmSync(run, { recursive: true, force: true });
mkdirSync(run, { recursive: true });

const demo = execFileSync(process.execPath, ['src/cli.ts', '--data-dir', dataDir, '--json', 'demo'], {
  encoding: 'utf8',
  env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
});
const { admin } = JSON.parse(demo) as { admin: { email: string; password: string } };
writeFileSync(`${run}credentials.json`, JSON.stringify(admin));

await serve(
  loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    NONSUCH_DATA_DIR: dataDir,
    PORT: port,
    DATABASE_URL: undefined,
  }),
);
