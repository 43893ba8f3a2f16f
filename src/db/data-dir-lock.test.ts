import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DataDirLock, DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

let dir: string;
const held: DataDirLock[] = [];
const lock = (d: string): DataDirLock => {
  const l = lockDataDir(d);
  held.push(l);
  return l;
};
const lockFile = () => join(dir, 'nonsuch.lock');

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (typeof child.pid !== 'number') throw new Error('could not start a child process');
  return child.pid;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nonsuch-lock-'));
});
afterEach(() => {
  for (const l of held.splice(0)) l.release();
  rmSync(dir, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('takes the lock and records who holds it', () => {
    lock(dir);
    expect(existsSync(lockFile())).toBe(true);
    const holder = JSON.parse(readFileSync(lockFile(), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    expect(typeof holder.command).toBe('string');
    expect(Number.isNaN(Date.parse(holder.startedAt))).toBe(false);
  });

  it('creates the data directory when it does not exist', () => {
    const nested = join(dir, 'a', 'b');
    lock(nested);
    expect(existsSync(join(nested, 'nonsuch.lock'))).toBe(true);
  });

  it('refuses a second lock while the first is held, naming the holder', () => {
    lock(dir);
    const error = caught(() => lock(dir));
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).holderPid).toBe(process.pid);
    expect((error as DataDirLockedError).message).toContain(`in use by process ${process.pid}`);
    expect((error as DataDirLockedError).message).toContain(dir);
    // The holder's lock is untouched.
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
  });

  it('can be taken again after release, and release removes the file', () => {
    const first = lock(dir);
    first.release();
    expect(existsSync(lockFile())).toBe(false);
    lock(dir);
    expect(existsSync(lockFile())).toBe(true);
  });

  it('releases only once: a second release does not remove a lock taken since', () => {
    const first = lock(dir);
    first.release();
    lock(dir);
    first.release();
    expect(existsSync(lockFile())).toBe(true);
    expect(() => lock(dir)).toThrow(DataDirLockedError);
  });

  it('takes over a lock left by a process that has gone', () => {
    const pid = deadPid();
    writeFileSync(lockFile(), JSON.stringify({ pid, host: hostname(), command: 'x', startedAt: 'y' }));
    lock(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
  });

  it('does not take over a lock held by a process on another host', () => {
    const pid = deadPid();
    writeFileSync(
      lockFile(),
      JSON.stringify({ pid, host: `not-${hostname()}`, command: 'nonsuch serve', startedAt: '2026-01-01' }),
    );
    const error = caught(() => lock(dir));
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).holderPid).toBe(pid);
    expect((error as DataDirLockedError).message).toContain('nonsuch serve');
  });

  it('does not take over an unreadable lock, and says which file to remove', () => {
    writeFileSync(lockFile(), 'not json');
    const error = caught(() => lock(dir));
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).message).toContain(lockFile());
    expect(readFileSync(lockFile(), 'utf8')).toBe('not json');
  });
});

describe('a lock left by an earlier process with our own pid', () => {
  it('is taken over, as after a container restart that reused the pid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nonsuch-lock-pid-'));
    try {
      writeFileSync(
        join(dir, 'nonsuch.lock'),
        JSON.stringify({
          pid: process.pid,
          instance: 'an-earlier-process',
          host: hostname(),
          command: 'x',
          startedAt: 'y',
        }),
      );
      const lock = lockDataDir(dir);
      expect(JSON.parse(readFileSync(join(dir, 'nonsuch.lock'), 'utf8')).instance).not.toBe(
        'an-earlier-process',
      );
      lock.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
