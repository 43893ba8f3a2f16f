import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, uniqueName, withDatabase } from './template-database.ts';

/**
 * The same app on PostgreSQL, as real processes: `npm start`'s entry point with DATABASE_URL, and
 * the CLI beside it (PostgreSQL has no single-owner lock). Runs in the `postgres` project, which
 * exists only when DATABASE_URL is set (npm run test:pg, and CI).
 */

const adminUrl = process.env.DATABASE_URL ?? '';
const name = uniqueName('start');
const url = withDatabase(adminUrl, name);
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  DATABASE_URL: url,
  LOG_LEVEL: 'warn',
};
let server: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  await adminQuery(adminUrl, `create database "${name}"`);
});
afterAll(async () => {
  server?.kill('SIGKILL');
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['src/cli.ts', ...args], { env, encoding: 'utf8' });

describe('Nonsuch on PostgreSQL', () => {
  it('starts without demo data, serves the API, and lets the CLI work while it runs', async () => {
    server = spawn(process.execPath, ['src/main.ts'], { env: { ...env, PORT: '3281' } });
    server.stdout?.on('data', (d) => {
      output += d;
    });
    server.stderr?.on('data', (d) => {
      output += d;
    });
    const until = Date.now() + 45_000;
    while (!output.includes('Nonsuch is running at') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('(PostgreSQL)');
    expect(output).not.toContain('Password');

    const ready = await fetch('http://127.0.0.1:3281/ready');
    expect(await ready.json()).toEqual({ status: 'ready', database: 'postgres' });

    expect(JSON.parse(cli(['--json', 'users', 'list']).stdout)).toEqual([]);
    expect(cli(['users', 'add', '--email', 'pg@example.org', '--name', 'PG Lead']).status).toBe(0);
    const token = JSON.parse(
      cli(['--json', 'tokens', 'create', '--user', 'pg@example.org', '--name', 'x']).stdout,
    ).token;

    const refused = await fetch('http://127.0.0.1:3281/api/v1/boroughs');
    expect(refused.status).toBe(401);
    const res = await fetch('http://127.0.0.1:3281/api/v1/boroughs', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(33);

    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server?.on('exit', resolve));
    expect(code).toBe(0);
  });
});
