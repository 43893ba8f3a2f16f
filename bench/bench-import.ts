/**
 * The stakeholder import at QUALITY.md's reference size: a CSV of 100,000 rows (name, e-mail,
 * telephone, organisation, position, role; a few in a hundred repeated inside the file, which the
 * de-duplication folds into their first row) imported into one borough of an empty database, then
 * the same file again (every row found by its address: de-duplication against 100,000 people).
 * Run in its own process for each database: `node bench/bench-import.ts [postgres-url]`; prints
 * one JSON line with the timings. Nothing is random: row i is always the same person.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPglite, connectPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { contextFor } from '../src/deps.ts';
import { operator } from '../src/domain/access/actor.ts';
import { systemClock } from '../src/domain/shared/clock.ts';
import { commitStakeholderImport } from '../src/domain/stakeholders/import/commit-stakeholder-import.ts';

export const importRows = 100_000;
const borough = 'E09000022';

const given = ['Amara', 'Ben', 'Chidi', 'Deborah', 'Ezra', 'Fatima', 'George', 'Hana', 'Ibrahim', 'Joy'];
const family = ['Adeyemi', 'Brown', 'Chowdhury', 'Davies', 'Evans', 'Fernandes', 'Green', 'Hussain'];
const organisations = Array.from({ length: 40 }, (_, k) => `Lambeth Community Group ${k + 1}`);
const roles = ['Community leader', 'Faith leader', 'Business leader', 'Ward councillor', ''];

/** The CSV: a header and `rows` people; every 50th row repeats the row before it (a duplicate inside the file). */
export function importFile(rows: number): Buffer {
  const lines = ['Full name,Email,Phone,Organisation,Position,Role'];
  for (let i = 0; i < rows; i += 1) {
    const n = i % 50 === 49 ? i - 1 : i;
    const name = `${given[n % given.length]} ${family[Math.floor(n / given.length) % family.length]} ${n}`;
    lines.push(
      [
        name,
        `Person.${n}@Example.org`,
        `020 7946 ${String(n % 10_000).padStart(4, '0')}`,
        organisations[n % organisations.length],
        n % 3 === 0 ? 'Chair' : 'Member',
        roles[n % roles.length],
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function main(): Promise<void> {
  const url = process.argv[2];
  const dataDir = url ? undefined : mkdtempSync(join(tmpdir(), 'nonsuch-bench-import-'));
  const connection = url ? await connectPostgres(url) : await connectPglite({ dataDir: dataDir as string });
  try {
    await migrate(connection);
    const ctx = contextFor({ db: connection.db, clock: systemClock }, operator('bench'));
    const bytes = importFile(importRows);
    const file = { fileName: 'bench-100000.csv', areaCode: borough, bytes };
    const timed = async () => {
      const start = performance.now();
      const outcome = await commitStakeholderImport(ctx, { file });
      return { seconds: (performance.now() - start) / 1000, outcome };
    };
    const first = await timed();
    const again = await timed();
    process.stdout.write(
      `${JSON.stringify({
        database: connection.kind,
        rows: importRows,
        first: { seconds: first.seconds, created: first.outcome.created, merged: first.outcome.merged },
        again: { seconds: again.seconds, updated: again.outcome.updated, unchanged: again.outcome.unchanged },
      })}\n`,
    );
  } finally {
    await connection.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
