/**
 * Drives load with autocannon (used as a library; it ships no types, so the few parts used are
 * typed here). Latency is measured at the client: server time plus the loopback round trip.
 * Percentiles are computed exactly from every response's time, which autocannon reports per
 * response; its own summary has no p95.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

type Options = {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  headers?: Record<string, string>;
};
type Summary = {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
};
type Instance = EventEmitter & PromiseLike<Summary>;

const autocannon = createRequire(import.meta.url)('autocannon') as (options: Options) => Instance;

export type Load = Readonly<{ connections: number; seconds: number; headers?: Record<string, string> }>;

export type Measurement = Readonly<{
  requestsPerSecond: number;
  responses: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  statusCodes: string;
}>;

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export async function measure(url: string, load: Load): Promise<Measurement> {
  const times: number[] = [];
  const run = autocannon({
    url,
    connections: load.connections,
    pipelining: 1,
    duration: load.seconds,
    ...(load.headers ? { headers: load.headers } : {}),
  });
  run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const summary = await run;
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: times.length / summary.duration,
    responses: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    non2xx: summary.non2xx,
    errors: summary.errors,
    statusCodes: Object.entries(summary.statusCodeStats)
      .map(([code, { count }]) => `${code}×${count}`)
      .join(', '),
  };
}

/** Load that is thrown away: lets the JIT, pools and caches settle before a measurement. */
export async function warmUp(url: string, load: Load): Promise<void> {
  await measure(url, load);
}
