import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectPglite, connectPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { adminQuery, uniqueName, withDatabase } from './template-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/**
 * Builds one migrated template per run. Each test file then starts from a copy: a PGlite data
 * directory loaded from the dump, or a PostgreSQL database created WITH TEMPLATE.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = uniqueName('template');
    await adminQuery(url, `create database "${name}"`);
    const connection = await connectPostgres(withDatabase(url, name), { max: 1 });
    await migrate(connection);
    await connection.close();
    project.provide('postgresTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      await adminQuery(url, `drop database if exists "${name}" with (force)`);
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'nonsuch-template-'));
  const connection = await connectPglite({ memory: true });
  await migrate(connection);
  const dump = await connection.dumpDataDir();
  await connection.close();
  const file = join(dir, 'template.tar.gz');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  return async () => rmSync(dir, { recursive: true, force: true });
}
