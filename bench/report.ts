/** Turns the measurements of one bench run into the markdown report. Every figure is measured. */
import type { Measurement } from './load.ts';

export type Round = Readonly<{ server: 'bare' | 'ours'; m: Measurement }>;
export type PageRow = Readonly<{ database: 'PGlite' | 'PostgreSQL'; m: Measurement | string }>;

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
  ];
  const measured = new Map<string, Measurement>();
  for (const { database, m } of r.pages) {
    const limit = `≤ ${p95TargetMs[database]} ms`;
    const label = `London overview p95 (client-side) on ${database}`;
    if (typeof m === 'string') {
      rows.push(row([label, m, limit, 'skipped']));
      continue;
    }
    measured.set(database, m);
    rows.push(row([label, ms(m.p95), limit, verdict(m.p95 <= p95TargetMs[database], [m])]));
  }
  const lite = measured.get('PGlite');
  const pg = measured.get('PostgreSQL');
  const label = 'London overview p95, PGlite ÷ PostgreSQL';
  const target = `≤ ${p95RatioTarget}×`;
  if (!lite || !pg) rows.push(row([label, 'skipped (needs both databases)', target, 'skipped']));
  else {
    const x = lite.p95 / pg.p95;
    rows.push(row([label, `${x.toFixed(2)}×`, target, verdict(x <= p95RatioTarget, [lite, pg])]));
  }
  return rows;
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
    `## Framework overhead: GET /health, ${r.connections} connections`,
    '',
    '| Round · server | req/s | p50 | p95 | p99 | responses | non-2xx | errors | status codes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.rounds.map((x, i) =>
      detail(`${i + 1} · ${x.server === 'bare' ? 'bare node:http' : 'Nonsuch (buildApp)'}`, x.m),
    ),
    '',
    `## London overview: GET / signed in, ${r.connections} connections (latency measured at the client)`,
    '',
    '| Database | req/s | p50 | p95 | p99 | responses | non-2xx | errors | status codes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.pages.map(({ database, m }) =>
      typeof m === 'string' ? `| ${database} | ${m} | | | | | | | |` : detail(database, m),
    ),
    '',
  ].join('\n');
}
