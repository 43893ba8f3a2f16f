import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * PGlite corrupts a data directory that two processes open, so one process owns it.
 * The lock is a file created with O_EXCL holding the owner's pid and a random instance id; a lock
 * whose process is gone (after a crash or kill -9) is taken over. A lock naming our own pid but
 * another instance was left by an earlier process that had the same pid (a container restarted).
 */

export class DataDirLockedError extends Error {
  readonly holderPid: number;
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `The data directory ${dataDir} is in use by process ${holder.pid} (${holder.command}), ` +
        `started ${holder.startedAt}. Only one process can open an embedded database: stop that ` +
        'process first, or point NONSUCH_DATA_DIR at another directory, or use DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
    this.holderPid = holder.pid;
  }
}

type LockHolder = { pid: number; instance: string; host: string; command: string; startedAt: string };

/** This process, as distinct from an earlier one that had the same pid. */
const instance = randomUUID();

export type DataDirLock = { release: () => void };

const lockFileName = 'nonsuch.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      instance: String(parsed.instance ?? ''),
      host: String(parsed.host ?? ''),
      command: String(parsed.command ?? 'unknown command'),
      startedAt: String(parsed.startedAt ?? 'at an unknown time'),
    };
  } catch {
    return undefined;
  }
}

const sameHolder = (a: LockHolder, b: LockHolder | undefined) =>
  b !== undefined && a.pid === b.pid && a.instance === b.instance && a.startedAt === b.startedAt;

function isStale(holder: LockHolder, me: LockHolder): boolean {
  if (holder.host !== me.host) return false;
  if (holder.pid === me.pid) return holder.instance !== me.instance;
  return !isAlive(holder.pid);
}

/**
 * Moves a stale lock aside. rename is atomic, so of two processes taking over at once only one
 * moves the stale file; should the other have moved a fresh lock instead, it puts it back.
 */
function takeOver(path: string, stale: LockHolder): void {
  const aside = `${path}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  if (sameHolder(stale, readHolder(aside))) rmSync(aside, { force: true });
  else renameSync(aside, path);
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, lockFileName);
  const me: LockHolder = {
    pid: process.pid,
    instance,
    host: hostname(),
    command: process.argv.slice(1).join(' ') || process.argv0,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder && isStale(holder, me)) {
        takeOver(path, holder);
        continue;
      }
      if (holder) throw new DataDirLockedError(dataDir, holder);
      // A lock being written at this very moment, or an unreadable one: look again shortly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  const holder = readHolder(path);
  throw new DataDirLockedError(
    dataDir,
    holder ?? {
      pid: 0,
      instance: '',
      host: '',
      command: `unknown (remove ${path} if no process holds it)`,
      startedAt: '?',
    },
  );
}
