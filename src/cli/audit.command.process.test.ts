import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `nonsuch audit export`, run as a real process on an embedded database of its own. */

const dir = mkdtempSync(join(tmpdir(), 'nonsuch-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['src/cli.ts', '--data-dir', dir, ...args], {
    env: baseEnv,
    encoding: 'utf8',
  });

describe('nonsuch audit export', () => {
  it('writes the filtered trail as CSV to standard output', { timeout: 120_000 }, () => {
    const added = cli(['--json', 'users', 'add', '--email', 'ops@example.org', '--name', 'Ops Lead']);
    expect(added.status).toBe(0);
    const opsId = (JSON.parse(added.stdout) as { id: string }).id;

    const all = cli(['audit', 'export', '--entity', 'user']);
    expect(all.status).toBe(0);
    const lines = all.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'When (UTC),When (London),Who,Action,Entity type,Entity id,Borough,Summary,Old values,New values,Request id,Address,Refused',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT[^,]+Z,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d (GMT|BST),Command line \\(cli\\),created,user,${opsId},,User Ops Lead created,,"\\{`,
      ),
    );
    expect(lines[1]).toContain('""email"":""ops@example.org""');
    expect(lines[1]).toMatch(/,,,no$/);

    // The new user has done nothing yet, and nothing happened long ago: the header alone.
    const byUser = cli(['audit', 'export', '--user', 'ops@example.org', '--from', '2001-01-01']);
    expect(byUser.status).toBe(0);
    expect(byUser.stdout.trim().split('\n')).toHaveLength(1);

    const bad = cli(['audit', 'export', '--from', '2026-02-30', '--borough', 'Camden']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('from: Enter a real start date, like 2026-03-29');
    expect(bad.stderr).toContain('borough: Choose a borough from the list');

    const nobody = cli(['audit', 'export', '--user', 'nobody@example.org']);
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toContain('No user has the email address nobody@example.org.');
  });
});
