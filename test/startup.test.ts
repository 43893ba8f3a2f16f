import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The newcomer's commands, run as real processes: npm start's entry point and the CLI. */

const dirs: string[] = [];
const children: ChildProcess[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'nonsuch-start-'));
  dirs.push(dir);
  return dir;
};
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number>;
} {
  const child = spawn(process.execPath, ['src/main.ts'], { env: { ...baseEnv, ...env } });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean, ms = 45_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['src/cli.ts', ...args], { env: { ...baseEnv, ...env }, encoding: 'utf8' });

describe('npm start on a new data directory', () => {
  it('creates the database with the demo dataset, prints the sign-in once, and a second start fails fast', async () => {
    const dir = freshDir();
    const env = { NONSUCH_DATA_DIR: dir, PORT: '3291', LOG_LEVEL: 'warn' };
    const first = start(env);
    await waitFor(() => first.output().includes('Nonsuch is running at'));
    expect(first.output()).toContain('http://localhost:3291');
    expect(first.output()).toMatch(/Administrator +admin@nonsuch\.example/);
    expect(first.output()).toMatch(/Analyst +grace\.adeyemi@nonsuch\.example/);
    const password = /Password: +(\S+)/.exec(first.output())?.[1];
    expect(password).toBeDefined();
    expect((await fetch('http://127.0.0.1:3291/health')).status).toBe(200);
    expect((await fetch('http://127.0.0.1:3291/sign-in')).status).toBe(200);

    const second = start({ ...env, PORT: '3292' });
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toContain(`in use by process ${first.child.pid}`);
    expect(second.output()).toContain('src/main.ts');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Started again on the same directory: no new demo data, no password printed.
    const third = start({ ...env, PORT: '3293' });
    await waitFor(() => third.output().includes('Nonsuch is running at'));
    expect(third.output()).not.toContain('Password');
    third.child.kill('SIGTERM');
    await third.exited;
  });

  it('takes over the lock of a process that was killed', async () => {
    const dir = freshDir();
    const env = { NONSUCH_DATA_DIR: dir, PORT: '3294', LOG_LEVEL: 'warn' };
    const first = start(env);
    await waitFor(() => first.output().includes('Nonsuch is running at'));
    first.child.kill('SIGKILL');
    await first.exited;
    const next = start(env);
    await waitFor(() => next.output().includes('Nonsuch is running at'));
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});

describe('a first start that fails', () => {
  it('on a busy port stops before creating anything, and the next start still shows the sign-in', async () => {
    const dir = freshDir();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(3296, '127.0.0.1', resolve));
    try {
      const busy = start({ NONSUCH_DATA_DIR: dir, PORT: '3296', LOG_LEVEL: 'warn' });
      expect(await busy.exited).toBe(1);
      expect(busy.output()).toContain('Port 3296 is already in use by another program');
      expect(busy.output()).not.toContain('Password');
      expect(busy.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
    const next = start({ NONSUCH_DATA_DIR: dir, PORT: '3297', LOG_LEVEL: 'warn' });
    await waitFor(() => next.output().includes('Nonsuch is running at'));
    expect(next.output()).toMatch(/Password: +\S+/);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});

describe('an acknowledged write', () => {
  it('survives kill -9 of the embedded database owner', async () => {
    const dir = freshDir();
    const env = { NONSUCH_DATA_DIR: dir, PORT: '3295', LOG_LEVEL: 'warn' };
    const first = start(env);
    await waitFor(() => first.output().includes('Nonsuch is running at'));
    const password = /Password: +(\S+)/.exec(first.output())?.[1] ?? '';

    // Sign in through the real form (as the demo analyst, who needs no second factor): the session
    // row is written before the response arrives.
    const form = await fetch('http://127.0.0.1:3295/sign-in');
    const csrfCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const signedIn = await fetch('http://127.0.0.1:3295/sign-in', {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: 'grace.adeyemi@nonsuch.example', password }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const session = (
      signedIn.headers.getSetCookie().find((c) => c.startsWith('nonsuch-session=')) ?? ''
    ).split(';')[0];
    expect(session).toMatch(/^nonsuch-session=.+/);

    first.child.kill('SIGKILL');
    await first.exited;

    const second = start(env);
    await waitFor(() => second.output().includes('Nonsuch is running at'));
    const home = await fetch('http://127.0.0.1:3295/', {
      redirect: 'manual',
      headers: { cookie: session ?? '' },
    });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Grace Adeyemi');
    second.child.kill('SIGTERM');
    await second.exited;
  });
});

describe('production', () => {
  it('refuses to start without its secrets, naming every one', async () => {
    const run = start({ NODE_ENV: 'production', PORT: 'not-a-port' });
    expect(await run.exited).toBe(1);
    for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'COOKIE_SECRET', 'SMTP_URL', 'MAIL_FROM']) {
      expect(run.output()).toContain(name);
    }
  });
});

describe('the CLI', () => {
  it('migrates a new database with the 33 areas and no demo data, and manages users and tokens', () => {
    const dir = freshDir();
    const migrated = cli(['--data-dir', dir, '--json', 'migrate']);
    expect(migrated.status).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ migrated: true, areas: 33 });
    expect(JSON.parse(cli(['--data-dir', dir, '--json', 'users', 'list']).stdout)).toEqual([]);

    const added = cli([
      '--data-dir',
      dir,
      '--json',
      'users',
      'add',
      '--email',
      'Ops@Example.org',
      '--name',
      'Ops Lead',
    ]);
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ email: 'ops@example.org', displayName: 'Ops Lead' });

    const token = cli([
      '--data-dir',
      dir,
      '--json',
      'tokens',
      'create',
      '--user',
      'ops@example.org',
      '--name',
      'ci',
    ]);
    expect(token.status).toBe(0);
    const created = JSON.parse(token.stdout) as { id: string; token: string };
    expect(created.token).toMatch(/^nst_/);
    expect(cli(['--data-dir', dir, 'tokens', 'revoke', created.id]).stdout).toContain('Revoked');

    const bad = cli(['--data-dir', dir, 'users', 'add', '--email', 'not-an-email', '--name', 'X']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('email: Enter an email address in the correct format');

    const demo = cli(['--data-dir', dir, '--json', 'demo']);
    expect(demo.status).toBe(0);
    expect(JSON.parse(demo.stdout).admin.email).toBe('admin@nonsuch.example');
    expect(cli(['--data-dir', dir, 'demo']).status).toBe(1);
  });

  it('explains every command with --help', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const name of ['serve', 'migrate', 'users', 'tokens', 'demo']) expect(help.stdout).toContain(name);
    expect(cli(['users', 'add', '--help']).stdout).toContain('--password-stdin');
    expect(cli(['no-such-command']).status).not.toBe(0);
  });
});
