import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts';
import { runCli } from './program.ts';

/** The users commands, run in this process against an embedded database of their own. */

let dir: string;
let smtp: SmtpSink;
let smtpPort: number;
const received: ParsedMail[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nonsuch-users-cli-'));
  smtp = await startSmtpSink(received);
  smtpPort = smtp.port;
  vi.stubEnv('PUBLIC_URL', 'https://engagement.example.org');
  vi.stubEnv('SMTP_URL', '');
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
  await smtp.close();
});
afterEach(() => vi.stubEnv('SMTP_URL', ''));

/** Runs one command line; returns its exit code and what it printed. */
async function nonsuch(...args: string[]): Promise<{ code: number | 'serving'; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['--data-dir', dir, ...args]);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const json = async (...args: string[]) => {
  const run = await nonsuch('--json', ...args);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.out);
};

type Listed = { email: string; role: string; boroughs: string[]; disabled: boolean; hasPassword: boolean };

describe('nonsuch users', () => {
  it('creates a borough lead with boroughs and a generated password, and lists role and boroughs', async () => {
    const created = await json(
      'users',
      'create',
      '--email',
      'Lead@Example.org',
      '--name',
      'Lambeth Lead',
      '--role',
      'borough_lead',
      '--borough',
      'E09000022',
      '--borough',
      'E09000007',
    );
    expect(created).toMatchObject({ email: 'lead@example.org', role: 'borough_lead' });
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(JSON.stringify(created)).not.toContain('argon2');

    const list = (await json('users', 'list')) as Listed[];
    expect(list.find((u) => u.email === 'lead@example.org')).toMatchObject({
      role: 'borough_lead',
      boroughs: ['E09000007', 'E09000022'],
      disabled: false,
      hasPassword: true,
    });
    const text = await nonsuch('users', 'list');
    expect(text.out).toMatch(/lead@example\.org +Lambeth Lead +borough_lead +E09000007,E09000022 +active/);
  }, 60_000);

  it('keeps `users add` working, as an administrator by default', async () => {
    const added = await json('users', 'add', '--email', 'ops@example.org', '--name', 'Ops');
    expect(added).toMatchObject({ email: 'ops@example.org', role: 'administrator', boroughs: [] });
  });

  it('invites: prints a one-time link on the public address, e-mailed when SMTP is set', async () => {
    const invited = await json(
      'users',
      'invite',
      '--email',
      'new@example.org',
      '--name',
      'New Person',
      '--role',
      'analyst',
    );
    expect(invited.link).toMatch(/^https:\/\/engagement\.example\.org\/set-password\/[A-Za-z0-9_-]{43}$/);
    expect(invited).toMatchObject({ hasPassword: false, delivery: 'not-configured' });

    vi.stubEnv('SMTP_URL', `smtp://127.0.0.1:${smtpPort}`);
    const run = await nonsuch(
      'users',
      'create',
      '--invite',
      '--email',
      'mailed@example.org',
      '--name',
      'Mailed Person',
      '--role',
      'programme_lead',
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain('Invited Mailed Person <mailed@example.org> as programme_lead.');
    expect(run.out).toContain('The link has been emailed to them as well.');
    const link = /https:\/\/\S+\/set-password\/\S+/.exec(run.out)?.[0] ?? '';
    const mail = received.find((m) => m.text?.includes(link));
    expect(mail?.subject).toBe('You have been invited to Nonsuch');
    expect(mail?.text).toContain('Your Nonsuch administrator has given you an account');
  });

  it('updates name, role and boroughs; London-wide roles lose their boroughs', async () => {
    const moved = await json('users', 'update', 'lead@example.org', '--borough', 'E09000001');
    expect(moved).toMatchObject({ boroughs: ['E09000001'], sessionsEnded: true });
    const renamed = await json('users', 'update', 'lead@example.org', '--name', 'City Lead');
    expect(renamed).toMatchObject({ displayName: 'City Lead', sessionsEnded: false });
    const wide = await json('users', 'update', 'lead@example.org', '--role', 'analyst');
    expect(wide).toMatchObject({ role: 'analyst', boroughs: [] });

    const bad = await nonsuch('users', 'update', 'lead@example.org', '--role', 'borough_lead');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('boroughs: Choose at least one borough for a borough lead');
  });

  it('disables, enables and resets a password (printing the link)', async () => {
    expect((await nonsuch('users', 'disable', 'new@example.org')).out).toContain('Disabled new@example.org.');
    expect(
      ((await json('users', 'list')) as Listed[]).find((u) => u.email === 'new@example.org')?.disabled,
    ).toBe(true);
    const refused = await nonsuch('users', 'reset-password', 'new@example.org');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('This account is disabled');
    expect((await nonsuch('users', 'enable', 'new@example.org')).out).toContain('Enabled new@example.org.');

    const reset = await json('users', 'reset-password', 'NEW@example.org');
    expect(reset.link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);
    expect(new Date(reset.linkExpiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
  });

  it('explains mistakes: an unknown user, a bad borough, both --invite and --password-stdin', async () => {
    const unknown = await nonsuch('users', 'disable', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No user has the email address nobody@example.org');
    const borough = await nonsuch(
      'users',
      'invite',
      '--email',
      'x@example.org',
      '--name',
      'X',
      '--role',
      'borough_contributor',
      '--borough',
      'E09999999',
    );
    expect(borough.err).toContain('There is no London borough with the code E09999999');
    const both = await nonsuch(
      'users',
      'create',
      '--email',
      'y@example.org',
      '--name',
      'Y',
      '--invite',
      '--password-stdin',
    );
    expect(both.code).toBe(1);
    expect(both.err).toContain('Choose either --invite or --password-stdin');
    const noRole = await nonsuch('users', 'invite', '--email', 'z@example.org', '--name', 'Z');
    expect(noRole.code).toBe(1);
    expect(noRole.err).toContain('Give --role');
  });

  it('reads a password from standard input', () => {
    const run = spawnSync(
      process.execPath,
      [
        'src/cli.ts',
        '--data-dir',
        dir,
        '--json',
        'users',
        'create',
        '--email',
        'piped@example.org',
        '--name',
        'Piped',
        '--role',
        'analyst',
        '--password-stdin',
      ],
      {
        input: 'a long and unusual passphrase\n',
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const created = JSON.parse(run.stdout);
    expect(created).toMatchObject({ email: 'piped@example.org', role: 'analyst' });
    expect(created.password).toBeUndefined();
  }, 60_000);
});
