/** Turns the measurements of one bench run into the markdown report. Every figure is measured. */
import type { Measurement } from './load.ts';

export type Round = Readonly<{ server: 'bare' | 'ours'; m: Measurement }>;
export type PageRow = Readonly<{ database: 'PGlite' | 'PostgreSQL'; m: Measurement | string }>;

export type Report = Readonly<{
  date: string;
  environment: string[];
  rounds: Round[];
  pages: PageRow[];
}>;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const perSecond = (n: number) => Math.round(n).toLocaleString('en-GB');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
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

function summaryRows(r: Report): string[] {
  const rps = (server: Round['server']) =>
    median(r.rounds.filter((x) => x.server === server).map((x) => x.m.requestsPerSecond));
  const bare = rps('bare');
  const ours = rps('ours');
  const ratio = ours / bare;
  const rows = [
    `| Framework overhead: GET /health req/s, ours ÷ bare node:http (medians) | ${ratio.toFixed(2)}× (${perSecond(ours)} ÷ ${perSecond(bare)}) | ≥ 0.85× | ${verdict(
      ratio >= 0.85,
      r.rounds.map((x) => x.m),
    )} |`,
  ];
  const p95 = new Map<string, Measurement>();
  for (const { database, m } of r.pages) {
    const limit = database === 'PostgreSQL' ? 50 : 120;
    const label = `London overview p95 (client-side) on ${database}`;
    if (typeof m === 'string') rows.push(`| ${label} | ${m} | ≤ ${limit} ms | skipped |`);
    else {
      p95.set(database, m);
      rows.push(`| ${label} | ${ms(m.p95)} | ≤ ${limit} ms | ${verdict(m.p95 <= limit, [m])} |`);
    }
  }
  const lite = p95.get('PGlite');
  const pg = p95.get('PostgreSQL');
  const ratioLabel = 'London overview p95, PGlite ÷ PostgreSQL';
  if (lite && pg) {
    const x = lite.p95 / pg.p95;
    rows.push(`| ${ratioLabel} | ${x.toFixed(2)}× | ≤ 3× | ${verdict(x <= 3, [lite, pg])} |`);
  } else rows.push(`| ${ratioLabel} | skipped (needs both databases) | ≤ 3× | skipped |`);
  return rows;
}

const detail = (first: string, m: Measurement) =>
  `| ${first} | ${perSecond(m.requestsPerSecond)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${m.responses} | ${m.non2xx} | ${m.errors} | ${m.statusCodes} |`;

export function renderReport(r: Report): string {
  return [
    `# Nonsuch bench: foundation, ${r.date}`,
    '',
    ...r.environment.map((line) => `- ${line}`),
    '',
    '## Summary',
    '',
    '| Figure | Measured | Target | Result |',
    '|---|---|---|---|',
    ...summaryRows(r),
    '',
    '## Framework overhead: GET /health, 50 connections',
    '',
    '| Round · server | req/s | p50 | p95 | p99 | responses | non-2xx | errors | status codes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.rounds.map((x, i) =>
      detail(`${i + 1} · ${x.server === 'bare' ? 'bare node:http' : 'Nonsuch (buildApp)'}`, x.m),
    ),
    '',
    '## London overview: GET / signed in, 50 connections (latency measured at the client)',
    '',
    '| Database | req/s | p50 | p95 | p99 | responses | non-2xx | errors | status codes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.pages.map(({ database, m }) =>
      typeof m === 'string' ? `| ${database} | ${m} | | | | | | | |` : detail(database, m),
    ),
    '',
  ].join('\n');
}
