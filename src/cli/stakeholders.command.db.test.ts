import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { people } from '../db/schema/index.ts';
import { contextFor, createDeps, type Deps } from '../deps.ts';
import { operator } from '../domain/access/actor.ts';
import { createPerson } from '../domain/stakeholders/create-person.ts';
import { runCli } from './program.ts';

/** `nonsuch stakeholders …`, run in this process against an embedded database of its own. */

let dir: string;
let personId: string;

/** Opens the command's database for the test itself (the command line must not be running). */
async function withDatabase<T>(work: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await createDeps(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', NONSUCH_DATA_DIR: dir, DATABASE_URL: undefined }),
  );
  try {
    return await work(deps);
  } finally {
    await deps.connection.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nonsuch-stakeholders-cli-'));
  personId = await withDatabase(
    async (deps) =>
      (
        await createPerson(contextFor(deps, operator('test')), {
          fullName: 'Winifred Ashdown',
          emails: ['win.ashdown@example.org'],
          roleIds: ['journalist'],
          places: [{ kind: 'borough', code: 'E09000022' }],
        })
      ).id,
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    return { code: await runCli(['--data-dir', dir, ...args]), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('nonsuch stakeholders', () => {
  it('writes a subject access export as JSON, to standard output or a file', async () => {
    const printed = await nonsuch('stakeholders', 'subject-access', personId);
    expect(printed.code).toBe(0);
    const sar = JSON.parse(printed.out) as { name: string; producedBy: string; sections: { key: string }[] };
    expect(sar.name).toBe('Winifred Ashdown');
    expect(sar.producedBy).toBe('Command line (cli)');
    const file = join(dir, 'sar.json');
    const written = await nonsuch('stakeholders', 'subject-access', personId, '--out', file);
    expect(written.code).toBe(0);
    expect(written.out).toContain(`Wrote the subject access export of Winifred Ashdown to ${file}`);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { personId: string }).personId).toBe(personId);

    const missing = await nonsuch('stakeholders', 'subject-access', '00000000-0000-4000-8000-000000000000');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('There is no such person.');
  }, 120_000);

  it('erases a person only with their name typed to confirm', async () => {
    const wrong = await nonsuch('stakeholders', 'erase', personId, '--confirm', 'Winifred');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('confirmName: The name typed does not match');
    const missing = await nonsuch('stakeholders', 'erase', personId);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain("required option '--confirm <name>' not specified");
    expect(
      await withDatabase(
        async (deps) => (await deps.db.select().from(people).where(eq(people.id, personId)))[0]?.erasedAt,
      ),
    ).toBeNull();

    const done = await nonsuch('--json', 'stakeholders', 'erase', personId, '--confirm', 'WINIFRED ASHDOWN');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({
      id: personId,
      description: 'a journalist',
      counts: { emailAddresses: 1 },
    });
    const row = await withDatabase(
      async (deps) => (await deps.db.select().from(people).where(eq(people.id, personId)))[0],
    );
    expect(row?.fullName).toBe('a journalist');
  }, 120_000);

  it('runs the retention schedule once, for cron', async () => {
    const run = await nonsuch('--json', 'stakeholders', 'retention');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({
      stakeholderUploadsRemoved: 0,
      estateUploadsRemoved: 0,
      pastReview: 0,
    });
    const text = await nonsuch('stakeholders', 'retention');
    expect(text.out).toMatch(
      /^Retention schedule run for \d{4}-\d\d-\d\d: 0 uploads removed; 0 records are past review\.\n$/,
    );
  }, 120_000);
});
