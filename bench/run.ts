/**
 * `npm run bench`: measures, side by side in one run,
 *  (a) framework overhead: req/s of GET /health through our full middleware stack vs a bare
 *      node:http server, alternating bare and ours, three rounds each, and taking each one's median;
 *  (b) the London overview page (GET /, signed in) at 50 connections on PGlite and, when
 *      DATABASE_URL is set, on a fresh PostgreSQL database made for the run and dropped after.
 * Each server runs in its own process; autocannon runs here. Prints the markdown report and
 * writes it to bench/results/<date>-foundation.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
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

async function overviewPage(url: string, cookie: string): Promise<{ m: Measurement; serverMs: number[] }> {
  const load: Load = { connections, seconds: pageSeconds, headers: { cookie } };
  const first = await fetch(`${url}/`, { headers: { cookie }, redirect: 'manual' });
  const html = await first.text();
  if (first.status !== 200 || !html.includes('<svg')) {
    progress(`warning: GET / answered ${first.status} without the tile map; the run will show non-2xx`);
  }
  await warmUp(`${url}/`, { ...load, seconds: warmSeconds });
  await serverTimes(url);
  const m = await measure(`${url}/`, load);
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
  for (const [database, server] of [
    ['PGlite', lite],
    ['PostgreSQL', postgres],
  ] as const) {
    if (!server) {
      pages.push({ database, m: 'skipped (DATABASE_URL not set)', serverMs: [] });
      continue;
    }
    progress(`London overview on ${database}`);
    pages.push({ database, ...(await overviewPage(server.url, String(server.hello.cookie))) });
  }
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
      `Node ${process.version} on ${platform()} ${arch()}, ${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}; 1-minute load average ${loadBefore.toFixed(2)} before the run (anything else running skews the figures)`,
      `Load: autocannon ${autocannonVersion.version} in the parent process, ${connections} connections, pipelining 1, all to 127.0.0.1; each server in its own Node process, logging silent`,
      `Framework overhead: ${warmSeconds} s warm-up per server, then ${order.length} rounds of ${overheadSeconds} s in the order ${order.join(', ')}; the summary takes each server's median req/s. "Ours" is buildApp() (security headers, cookies, CSRF hook, auth hook, request-id hook) on PGlite; "plain Fastify" is Fastify with no plugins, for reference`,
      `London overview: ${warmSeconds} s warm-up then ${pageSeconds} s per database, NODE_ENV=test, one signed-in session; dataset: the 33 reference areas and one user (not the reference dataset of QUALITY.md)`,
      'Server time is measured inside the app, from the request reaching Fastify to the response being sent (reply.elapsedTime), for every response of the measured period. Client latency (autocannon) adds the wait before Fastify reads the request and the loopback round trip, with the client sharing the 2 cores. Both are judged against the targets (see bench/README.md)',
    ],
    rounds,
    pages,
  });
  process.stdout.write(report);
  mkdirSync(here('results/'), { recursive: true });
  const file = here(`results/${date}-foundation.md`);
  writeFileSync(file, report);
  progress(`written to ${fileURLToPath(file)}`);
}

try {
  await main();
} finally {
  await cleanUp();
}
