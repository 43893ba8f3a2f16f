import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type Config, loadConfigWith } from '../config.ts';
import { createDeps, type Deps } from '../deps.ts';
import { DomainError } from '../domain/shared/errors.ts';

/** Options every command accepts. */
export type GlobalOptions = { dataDir?: string; json?: boolean };

/** The config for a command: the environment, with --data-dir taking precedence over NONSUCH_DATA_DIR. */
export function configFor(command: Command, overrides: Record<string, string | undefined> = {}): Config {
  const { dataDir } = command.optsWithGlobals<GlobalOptions>();
  return loadConfigWith(
    dataDir ? { ...overrides, NONSUCH_DATA_DIR: dataDir, DATABASE_URL: undefined } : overrides,
  );
}

/** Opens the database for one command, runs it, and always closes (releasing the data directory). */
export async function withDeps<T>(command: Command, work: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await createDeps(configFor(command));
  try {
    return await work(deps);
  } finally {
    await deps.connection.close();
  }
}

/** Prints a result: JSON with --json, otherwise the human text. */
export function report(command: Command, json: unknown, text: string): void {
  const { json: asJson } = command.optsWithGlobals<GlobalOptions>();
  process.stdout.write(asJson ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The bytes of a file named on the command line; a missing file or a folder is one clear sentence. */
export async function readInputFile(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : String(code ?? error);
    throw new DomainError('invalid', `Cannot read ${file}: ${why}.`);
  }
}
