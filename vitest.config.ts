import { defineConfig } from 'vitest/config';

/**
 * `pure`: rules, parsers and presenters, no database. `processes` (`*.process.test.ts`): `npm start` and the CLI as
 * real processes on embedded databases of their own. `database`: use-case and route tests, each
 * file on its own copy of a migrated template database (PGlite, or PostgreSQL when DATABASE_URL is
 * set). `postgres`: the app as processes on PostgreSQL, present only when DATABASE_URL is set.
 */
// CI asks for a machine-readable report beside the console one (see .ci/run).
const reportDir = process.env.NONSUCH_TEST_REPORT_DIR;

export default defineConfig({
  test: {
    reporters: reportDir ? ['default', ['json', { outputFile: `${reportDir}/vitest.json` }]] : ['default'],
    projects: [
      {
        test: {
          name: 'pure',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [
            '**/*.db.test.ts',
            '**/*.pg.test.ts',
            '**/*.process.test.ts',
            'test/startup.test.ts',
            'node_modules/**',
          ],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'processes',
          include: ['test/startup.test.ts', 'src/**/*.process.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'database',
          include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // Process tests against a PostgreSQL server: only when one is given (npm run test:pg, CI).
      ...(process.env.DATABASE_URL
        ? [{ test: { name: 'postgres', include: ['test/**/*.pg.test.ts'], testTimeout: 60_000 } }]
        : []),
    ],
  },
});
