/** Turns the measurements of one bench run into the markdown report. Every figure is measured. */
import type { Measurement } from './load.ts';

export type Round = Readonly<{ server: 'bare' | 'fastify' | 'ours'; m: Measurement }>;
export type PageRow = Readonly<{
  /** What was loaded, in words, and its path. */
  page: string;
  path: string;
  database: 'PGlite' | 'PostgreSQL';
  /** The client-side measurement, or why the database was skipped. */
  m: Measurement | string;
  /** Server time of every measured response, in milliseconds. */
  serverMs: number[];
}>;

export type Report = Readonly<{
  date: string;
  connections: number;
  environment: string[];
  rounds: Round[];
  pages: PageRow[];
}>;

/** The targets of QUALITY.md (performance). */
const overheadTarget = 0.85;
const p95TargetMs = { PostgreSQL: 50, PGlite: 120 } as const;
const p95RatioTarget = 3;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const perSecond = (n: number) => Math.round(n).toLocaleString('en-GB');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
};
/** Nearest-rank percentile of server times in milliseconds. */
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
const serverNames: Record<Round['server'], string> = {
  bare: 'bare node:http',
  fastify: 'plain Fastify (reference)',
  ours: 'Nonsuch (buildApp)',
};
const clean = (m: Measurement) => m.non2xx === 0 && m.errors === 0;
const verdict = (ok: boolean, runs: Measurement[]) => {
  const bad = runs.filter((m) => !clean(m));
  if (bad.length > 0) {
    const non2xx = bad.reduce((n, m) => n + m.non2xx, 0);
    const errors = bad.reduce((n, m) => n + m.errors, 0);
    return `**FAIL** (${non2xx} non-2xx, ${errors} errors)`;
  }
  return ok ? 'pass' : '**FAIL**';
};

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function summaryRows(r: Report): string[] {
  const rps = (server: Round['server']) =>
    median(r.rounds.filter((x) => x.server === server).map((x) => x.m.requestsPerSecond));
  const bare = rps('bare');
  const ours = rps('ours');
  const plain = rps('fastify');
  const ratio = ours / bare;
  const rows = [
    row([
      'Framework overhead: GET /health req/s, ours ÷ bare node:http (medians)',
      `${ratio.toFixed(2)}× (${perSecond(ours)} ÷ ${perSecond(bare)})`,
      `≥ ${overheadTarget}×`,
      verdict(
        ratio >= overheadTarget,
        r.rounds.map((x) => x.m),
      ),
    ]),
    row([
      'For reference: plain Fastify ÷ bare node:http; ours ÷ plain Fastify',
      `${(plain / bare).toFixed(2)}×; ${(ours / plain).toFixed(2)}×`,
      '—',
      'information',
    ]),
  ];
  for (const page of pageNames(r)) rows.push(...pageSummaryRows(r.pages.filter((p) => p.page === page)));
  return rows;
}

/** The pages measured, in the order measured. */
const pageNames = (r: Report) => [...new Set(r.pages.map((p) => p.page))];

/**
 * Two views of the same page load. Server time is what QUALITY.md names; the client figure adds
 * the wait before the server reads a request. PGlite answers each query synchronously, so with it
 * almost all waiting happens before Fastify sees the request: its server time alone would flatter
 * it. Both are judged against the target; the PGlite ÷ PostgreSQL ratio is judged at the client,
 * with the server-time ratio given alongside.
 */
function pageSummaryRows(pages: PageRow[]): string[] {
  const rows: string[] = [];
  const p95s = new Map<string, { server: number; client: number }>();
  for (const page of pages) {
    const { database } = page;
    const limit = `≤ ${p95TargetMs[database]} ms`;
    if (typeof page.m === 'string') {
      rows.push(row([`${page.page} p95 on ${database}`, page.m, limit, 'skipped']));
      continue;
    }
    const server = percentile(page.serverMs, 95);
    const client = page.m.p95;
    p95s.set(database, { server, client });
    rows.push(
      row([
        `${page.page} p95 server time on ${database}`,
        ms(server),
        limit,
        verdict(server <= p95TargetMs[database], [page.m]),
      ]),
      row([
        `${page.page} p95 at the client on ${database}`,
        ms(client),
        limit,
        verdict(client <= p95TargetMs[database], [page.m]),
      ]),
    );
  }
  const lite = p95s.get('PGlite');
  const pg = p95s.get('PostgreSQL');
  const label = `${pages[0]?.page ?? ''} p95 at the client, PGlite ÷ PostgreSQL`;
  const target = `≤ ${p95RatioTarget}×`;
  if (!lite || !pg) {
    rows.push(row([label, 'skipped (needs both databases)', target, 'skipped']));
  } else {
    const x = lite.client / pg.client;
    rows.push(
      row([
        label,
        `${x.toFixed(2)}× (server time ${(lite.server / pg.server).toFixed(2)}×)`,
        target,
        x <= p95RatioTarget ? 'pass' : '**FAIL**',
      ]),
    );
  }
  return rows;
}

/** One line per page and database: the figures side by side. */
const sideBySide = (page: PageRow) =>
  typeof page.m === 'string'
    ? row([page.page, page.database, page.m, '', '', '', '', '', '', ''])
    : row([
        page.page,
        page.database,
        ...[50, 95, 99].map((p) => ms(percentile(page.serverMs, p))),
        ...[page.m.p50, page.m.p95, page.m.p99].map(ms),
        perSecond(page.m.requestsPerSecond),
        page.m.non2xx + page.m.errors,
      ]);

function pageSection(r: Report, name: string): string[] {
  const pages = r.pages.filter((p) => p.page === name);
  return [
    `## ${name}: GET ${pages[0]?.path ?? ''}, ${r.connections} connections`,
    '',
    'Server time, measured in the app for every response:',
    '',
    '| Database | responses timed | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|',
    ...pages.map((page) =>
      typeof page.m === 'string'
        ? `| ${page.database} | ${page.m} | | | | |`
        : row([
            page.database,
            page.serverMs.length.toLocaleString('en-GB'),
            ...[50, 95, 99, 100].map((p) => ms(percentile(page.serverMs, p))),
          ]),
    ),
    '',
    'At the client (autocannon):',
    '',
    '| Database | req/s | p50 | p95 | p99 | responses | non-2xx | errors | status codes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...pages.map((page) =>
      typeof page.m === 'string'
        ? `| ${page.database} | ${page.m} | | | | | | | |`
        : detail(page.database, page.m),
    ),
    '',
  ];
}

const detail = (first: string, m: Measurement) =>
  row([
    first,
    perSecond(m.requestsPerSecond),
    ms(m.p50),
    ms(m.p95),
    ms(m.p99),
    m.responses.toLocaleString('en-GB'),
    m.non2xx,
    m.errors,
    m.statusCodes,
  ]);

export function renderReport(r: Report): string {
  return [
    `# Nonsuch bench: estate, ${r.date}`,
    '',
    ...r.environment.map((line) => `- ${line}`),
    '',
    '## Summary',
    '',
    '| Figure | Measured | Target | Result |',
    '|---|---|---|---|',
    ...summaryRows(r),
    '',
    `## Pages side by side, ${r.connections} connections`,
    '',
    'Server time in the app; client latency at autocannon; req/s at the client.',
    '',
    '| Page | Database | server p50 | server p95 | server p99 | client p50 | client p95 | client p99 | req/s | non-2xx + errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.pages.map(sideBySide),
    '',
    `## Framework overhead: GET /health, ${r.connections} connections`,
    '',
    '| Round · server | req/s | p50 | p95 | p99 | responses | non-2xx | errors | status codes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.rounds.map((x, i) => detail(`${i + 1} · ${serverNames[x.server]}`, x.m)),
    '',
    ...pageNames(r).flatMap((name) => pageSection(r, name)),
  ].join('\n');
}
