import { contextFor, type Deps } from '../deps.ts';
import { operator } from '../domain/access/actor.ts';
import { type RetentionRun, runRetention } from '../domain/stakeholders/personal-data/retention.ts';

/**
 * The retention schedule, run by the server every day: uploads not imported within 7 days are
 * removed and the records past review are counted into the audit trail (see retention.ts). The
 * server checks every hour whether today's run is due; the first instance to claim a London day
 * runs it, so several instances run it once between them. `nonsuch stakeholders retention` runs
 * it once, for a schedule kept by cron instead.
 */

export const retentionActor = operator('daily retention job');

/** The logger the job writes to (the server's pino logger). */
export type JobLog = Readonly<{
  info: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}>;

/** One check: runs today's retention if no instance has yet. Never throws: a failure is logged. */
export async function checkRetention(
  deps: Pick<Deps, 'db' | 'clock'>,
  log: JobLog,
): Promise<RetentionRun | undefined> {
  try {
    const run = await runRetention(contextFor(deps, retentionActor), { daily: true });
    if (run) log.info({ retention: run }, 'retention schedule ran');
    return run;
  } catch (error) {
    log.error({ err: error }, 'the retention schedule failed; it is tried again within the hour');
    return undefined;
  }
}

export type RetentionJob = Readonly<{ stop: () => Promise<void> }>;

/**
 * Starts the hourly check (the first soon after start). The timers do not keep the process alive;
 * `stop` cancels them and waits for a check under way, so the database can then be closed.
 */
export function startRetentionJob(
  deps: Pick<Deps, 'db' | 'clock'>,
  log: JobLog,
  timing: { firstAfterMs: number; everyMs: number } = { firstAfterMs: 60_000, everyMs: 60 * 60_000 },
): RetentionJob {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = running.then(() => (stopped ? undefined : checkRetention(deps, log)));
  };
  const first = setTimeout(tick, timing.firstAfterMs);
  const every = setInterval(tick, timing.everyMs);
  first.unref();
  every.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
