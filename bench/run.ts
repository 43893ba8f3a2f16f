/**
 * `npm run bench`: measures, side by side in one run,
 *  (a) framework overhead: req/s of GET /health through our full middleware stack vs a bare
 *      node:http server, alternating bare and ours, three rounds each, and taking each one's median;
 *  (b) four reads at 50 connections: the London overview (GET /), a borough page with its estate
 *      (GET /boroughs/E09000022), the London timetable (GET /timetable) and a borough's proposals
 *      from the API (GET /api/v1/boroughs/E09000022/proposals, bearer token), on PGlite and, when
 *      DATABASE_URL is set, on a fresh PostgreSQL database made for the run and dropped after;
 *      both hold the same estate of about 100 proposals (bench-estate.ts).
 * Each server runs in its own process; autocannon runs here. Prints the markdown report and
 * writes it to bench/results/<date>-estate.md.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { BenchEstate } from './bench-estate.ts';
import { importRows } from './bench-import.ts';
import type { BenchStakeholders } from './bench-stakeholders.ts';
import { startServer, stopAll } from './children.ts';
import { type Load, type Measurement, measure, warmUp } from './load.ts';
import { type PageRow, type Round, renderReport } from './report.ts';

const connections = 50;
const warmSeconds = 3;
const overheadSeconds = 8;
const pageSeconds = 10;
/** Alternating, and balanced so that neither server always goes first after the warm-up. */
const order = ['bare', 'ours', 'fastify', 'fastify', 'ours', 'bare', 'bare', 'fastify', 'ours'] as const;

const here = (path: string) => new URL(path, import.meta.url);
const serverFile = (name: string) => fileURLToPath(here(name));
/** Servers first (started or still starting), then whatever else was made for the run. */
const cleanups: Array<() => Promise<void>> = [];
const cleanUp = async () => {
  await stopAll();
  for (const c of cleanups.splice(0).reverse()) await c().catch((e: unknown) => console.error(e));
};
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** A fresh, empty database on the PostgreSQL server at adminUrl, dropped at clean-up. */
async function freshPostgres(adminUrl: string): Promise<string> {
  const name = `nonsuch_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  cleanups.push(() => admin(`drop database if exists "${name}" with (force)`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

type ImportRun = Readonly<{
  database: 'pglite' | 'postgres';
  first: { seconds: number; created: number; merged: number };
  again: { seconds: number; unchanged: number };
}>;

/** Runs bench-import.ts in a process of its own and reads its one line of JSON. */
async function importRun(url: string | undefined): Promise<ImportRun> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [serverFile('bench-import.ts'), ...(url ? [url] : [])],
    { maxBuffer: 1024 * 1024, timeout: 30 * 60 * 1000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ImportRun;
}

async function checkBody(url: string, expected: string): Promise<void> {
  const body = await (await fetch(url)).text();
  if (body !== expected) throw new Error(`${url} answered ${body}, not ${expected}`);
}

async function overhead(bareUrl: string, fastifyUrl: string, oursUrl: string): Promise<Round[]> {
  const load: Load = { connections, seconds: overheadSeconds };
  const urls = { bare: `${bareUrl}/health`, fastify: `${fastifyUrl}/health`, ours: `${oursUrl}/health` };
  for (const url of Object.values(urls)) await checkBody(url, '{"status":"ok"}');
  for (const url of Object.values(urls)) await warmUp(url, { connections, seconds: warmSeconds });
  const rounds: Round[] = [];
  for (const server of order) {
    progress(`overhead round ${rounds.length + 1}/${order.length}: ${server}`);
    rounds.push({ server, m: await measure(urls[server], load) });
  }
  return rounds;
}

const serverTimes = async (url: string): Promise<number[]> =>
  ((await (await fetch(`${url}/__bench/server-times`)).json()) as { times: number[] }).times;

type Hello = Readonly<{
  cookie: string;
  token: string;
  estate: BenchEstate;
  stakeholders: BenchStakeholders;
  /** A borough lead for Lambeth and Southwark: stakeholders are read as one would at work. */
  lead: Readonly<{ cookie: string; token: string }>;
}>;

/** A page the bench loads: who asks for it, and what a right answer looks like (checked once first). */
type PageSpec = Readonly<{
  name: string;
  path: string;
  headers: (hello: Hello) => Record<string, string>;
  looksRight: (body: string) => boolean;
  /** What looksRight checks, for the warning when it fails. */
  expected: string;
}>;

const lambeth = 'E09000022';
const signedIn = (hello: Hello) => ({ cookie: hello.cookie });
const pageSpecs: readonly PageSpec[] = [
  {
    name: 'London overview',
    path: '/',
    headers: signedIn,
    looksRight: (body) => body.includes('<svg'),
    expected: 'the tile map',
  },
  {
    name: 'Borough page (Lambeth, with its estate)',
    path: `/boroughs/${lambeth}`,
    headers: signedIn,
    looksRight: (body) => body.includes('Windmill Hill Police Station'),
    expected: 'Lambeth’s sites',
  },
  {
    name: 'London timetable',
    path: '/timetable',
    headers: signedIn,
    looksRight: (body) => body.includes('<svg') && body.includes('<table'),
    expected: 'the Gantt chart and the table',
  },
  {
    name: 'API: a borough’s proposals (Lambeth)',
    path: `/api/v1/boroughs/${lambeth}/proposals`,
    headers: (hello) => ({ authorization: `Bearer ${hello.token}` }),
    looksRight: (body) => {
      try {
        const { data } = JSON.parse(body) as { data?: unknown };
        return Array.isArray(data) && data.length > 0;
      } catch {
        return false;
      }
    },
    expected: 'a non-empty list of proposals',
  },
  {
    name: 'Stakeholder list (Lambeth, first page)',
    path: `/stakeholders?areaCode=${lambeth}`,
    headers: (hello) => ({ cookie: hello.lead.cookie }),
    looksRight: (body) => body.includes('<table') && body.includes('/stakeholders/00000000-0000-4000-8000-'),
    expected: 'a table of Lambeth’s people',
  },
  {
    name: 'Stakeholder search (a misspelt name)',
    path: '/stakeholders?q=Okafr',
    headers: (hello) => ({ cookie: hello.lead.cookie }),
    looksRight: (body) => body.includes('Okafor'),
    expected: 'people named Okafor',
  },
  {
    name: 'API: stakeholders (Lambeth, first page)',
    path: `/api/v1/stakeholders?areaCode=${lambeth}`,
    headers: (hello) => ({ authorization: `Bearer ${hello.lead.token}` }),
    looksRight: (body) => {
      try {
        const { items } = JSON.parse(body) as { items?: unknown };
        return Array.isArray(items) && items.length > 0;
      } catch {
        return false;
      }
    },
    expected: 'a non-empty list of people',
  },
];

async function pageLoad(
  url: string,
  page: PageSpec,
  hello: Hello,
): Promise<{ m: Measurement; serverMs: number[] }> {
  const headers = page.headers(hello);
  const load: Load = { connections, seconds: pageSeconds, headers };
  const first = await fetch(`${url}${page.path}`, { headers, redirect: 'manual' });
  const body = await first.text();
  if (first.status !== 200 || !page.looksRight(body)) {
    progress(
      `warning: GET ${page.path} answered ${first.status} without ${page.expected}; the run will show non-2xx`,
    );
  }
  await warmUp(`${url}${page.path}`, { ...load, seconds: warmSeconds });
  await serverTimes(url);
  const m = await measure(`${url}${page.path}`, load);
  return { m, serverMs: await serverTimes(url) };
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const adminUrl = process.env.DATABASE_URL;
  progress('starting servers');
  const [bare, plain, lite, postgres] = await Promise.all([
    startServer('bare node:http', serverFile('bare-server.ts')),
    startServer('plain Fastify', serverFile('fastify-server.ts')),
    startServer('Nonsuch on PGlite', serverFile('app-server.ts')),
    adminUrl
      ? freshPostgres(adminUrl).then((url) =>
          startServer('Nonsuch on PostgreSQL', serverFile('app-server.ts'), { DATABASE_URL: url }),
        )
      : undefined,
  ]);

  progress('framework overhead');
  const rounds = await overhead(bare.url, plain.url, lite.url);

  const pages: PageRow[] = [];
  const databases = [
    ['PGlite', lite],
    ['PostgreSQL', postgres],
  ] as const;
  // Page by page, each on both databases one after the other, so that the two figures of a page
  // are measured as close together in time as they can be.
  for (const page of pageSpecs) {
    for (const [database, server] of databases) {
      const row = { page: page.name, path: page.path, database };
      if (!server) {
        pages.push({ ...row, m: 'skipped (DATABASE_URL not set)', serverMs: [] });
        continue;
      }
      progress(`${page.name} on ${database}`);
      pages.push({ ...row, ...(await pageLoad(server.url, page, server.hello as Hello)) });
    }
  }
  const estate = (lite.hello as Hello).estate;
  const stakeholders = (lite.hello as Hello).stakeholders;
  await stopAll();
  // The 100,000-row import, each database in a process of its own, after the servers have stopped.
  progress('stakeholder import of 100,000 rows on PGlite');
  const imports = [await importRun(undefined)];
  if (adminUrl) {
    progress('stakeholder import of 100,000 rows on PostgreSQL');
    imports.push(await importRun(await freshPostgres(adminUrl)));
  }
  const loadAfter = loadavg()[0] ?? Number.NaN;
  await cleanUp();

  const autocannonVersion = JSON.parse(
    readFileSync(here('../node_modules/autocannon/package.json'), 'utf8'),
  ) as { version: string };
  const cpuList = cpus();
  const date = new Date().toLocaleDateString('en-CA');
  const report = renderReport({
    date,
    connections,
    environment: [
      `Node ${process.version} on ${platform()} ${arch()}, ${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}; 1-minute load average ${loadBefore.toFixed(2)} before the run and ${loadAfter.toFixed(2)} at the end of it (the bench's own load included; anything else running skews the figures)`,
      `Load: autocannon ${autocannonVersion.version} in the parent process, ${connections} connections, pipelining 1, all to 127.0.0.1; each server in its own Node process, logging silent`,
      `Framework overhead: ${warmSeconds} s warm-up per server, then ${order.length} rounds of ${overheadSeconds} s in the order ${order.join(', ')}; the summary takes each server's median req/s. "Ours" is buildApp() (security headers, cookies, CSRF hook, auth hook, request-id hook) on PGlite; "plain Fastify" is Fastify with no plugins, for reference`,
      `Pages: ${warmSeconds} s warm-up then ${pageSeconds} s per page and database, page by page, PGlite then PostgreSQL; NODE_ENV=test; the staff pages with one signed-in session of a London-wide analyst, the API with one bearer token of the same user`,
      `Dataset (the same on both databases, built through the use cases): the 33 reference areas; the demo's wards and constituencies (4 boroughs); the demo's estate of ${estate.sites} sites and ${estate.demoProposals} proposals (with their versions and 5 final AMPs), plus ${estate.proposals - estate.demoProposals} further proposals on those sites, spread over the boroughs, making ${estate.proposals} proposals, QUALITY.md's reference size for the estate. Not yet the stakeholders, engagements and responses of the reference dataset`,
      'Server time is measured inside the app, from the request reaching Fastify to the response being sent (reply.elapsedTime), for every response of the measured period. Client latency (autocannon) adds the wait before Fastify reads the request and the loopback round trip, with the client sharing the 2 cores. Both are judged against the targets (see bench/README.md)',
    ],
    rounds,
    pages,
  });
  const importSection = [
    '',
    '## Stakeholder import, 100,000 rows with de-duplication',
    '',
    `A CSV of ${importRows.toLocaleString('en-GB')} rows (name, e-mail, telephone, organisation, position, role; every 50th row repeats the one before it) imported into Lambeth of an empty database through \`commitStakeholderImport\` (plan, then write, in one transaction), then the same file again (every row matched by its address). Target: ≤ 15 s on PostgreSQL (QUALITY.md).`,
    '',
    '| Database | First import | Rows created / merged | Same file again | Unchanged |',
    '|---|---|---|---|---|',
    ...imports.map(
      (r) =>
        `| ${r.database === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ${r.first.seconds.toFixed(1)} s | ${r.first.created} / ${r.first.merged} | ${r.again.seconds.toFixed(1)} s | ${r.again.unchanged} |`,
    ),
    '',
    `The stakeholder pages were read with ${stakeholders.people.toLocaleString('en-GB')} people, ${stakeholders.organisations.toLocaleString('en-GB')} organisations, ${stakeholders.emails.toLocaleString('en-GB')} e-mail addresses, ${stakeholders.memberships.toLocaleString('en-GB')} memberships, ${stakeholders.consentEvents.toLocaleString('en-GB')} consent events and ${stakeholders.topHundred.toLocaleString('en-GB')} top-100 places in each database (bench-stakeholders.ts), by a borough lead for Lambeth and Southwark.`,
    '',
  ].join('\n');
  const fullReport = `${report}${importSection}`;
  process.stdout.write(fullReport);
  mkdirSync(here('results/'), { recursive: true });
  const file = here(`results/${date}-stakeholders.md`);
  writeFileSync(file, fullReport);
  progress(`written to ${fileURLToPath(file)}`);
}

try {
  await main();
} finally {
  await cleanUp();
}
