import pg from 'pg';

/** `npm run test:pg` runs the database suites on PostgreSQL; without one that is a failure, not a skip. */
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('test:pg needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres\n');
  process.exit(1);
}
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  await client.query('select 1');
} catch (error) {
  process.stderr.write(`test:pg cannot reach PostgreSQL at DATABASE_URL: ${(error as Error).message}\n`);
  process.exit(1);
} finally {
  await client.end().catch(() => {});
}
