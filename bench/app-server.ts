/**
 * Nonsuch itself, started through the real code path (loadConfig, createDeps, buildApp, listen)
 * with NODE_ENV=test and silent logs, on 127.0.0.1:$PORT. Without DATABASE_URL it uses a fresh
 * embedded database in a temporary directory, removed on exit. It builds the bench's estate
 * (bench-estate.ts: the demo's geography and estate, grown to about 100 proposals). Once listening
 * it prints one JSON line with a session cookie and an API token for a user it created, so the
 * parent can request signed-in pages and the API, and the size of the estate. It also records the
 * server time of every response (GET /__bench/server-times).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { contextFor, createDeps } from '../src/deps.ts';
import { anonymous, operator } from '../src/domain/access/actor.ts';
import { createApiToken } from '../src/domain/access/create-api-token.ts';
import { createUser } from '../src/domain/access/create-user.ts';
import { signIn } from '../src/domain/access/sign-in.ts';
import { buildApp } from '../src/web/app.ts';
import { sessionCookieName } from '../src/web/auth.ts';
import { buildBenchEstate } from './bench-estate.ts';
import { buildBenchStakeholders } from './bench-stakeholders.ts';

const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'nonsuch-bench-'));
const removeDataDir = () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
};

// Whatever has been opened so far is closed on SIGTERM (from the parent) or SIGINT (Ctrl-C).
let close = async () => {};
const shutdown = () => {
  void close()
    .catch(() => {})
    .finally(() => {
      removeDataDir();
      process.exit(0);
    });
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

try {
  const config = loadConfig({
    PORT: process.env.PORT,
    DATABASE_URL: process.env.DATABASE_URL,
    NONSUCH_DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  const deps = await createDeps(config);
  close = () => deps.connection.close();

  const email = 'bench@nonsuch.example';
  const password = 'a long benchmark password';
  const ctx = contextFor(deps, operator('bench'));
  const user = await createUser(ctx, {
    email,
    displayName: 'Bench User',
    // A London-wide reader, who sees all 33 areas and signs in with a password alone.
    role: 'analyst',
    password,
  });
  const session = await signIn(contextFor(deps, anonymous), { email, password, policy: config.session });
  if (session.stage !== 'complete') throw new Error(`the bench user's sign-in stopped at ${session.stage}`);
  const { token } = await createApiToken(ctx, { userId: user.id, name: 'bench' });
  // All or nothing, as the demo is built; one transaction also spares PostgreSQL a commit per change.
  const estate = await deps.db.transaction((tx) =>
    buildBenchEstate(contextFor({ db: tx, clock: deps.clock }, operator('bench'))),
  );
  const stakeholders = await deps.db.transaction((tx) => buildBenchStakeholders(tx, deps.clock.now()));
  // Stakeholders are personal data an analyst does not see: a borough lead for Lambeth and
  // Southwark reads them, as one would at work.
  const leadEmail = 'bench-lead@nonsuch.example';
  const lead = await createUser(ctx, {
    email: leadEmail,
    displayName: 'Bench Borough Lead',
    role: 'borough_lead',
    boroughs: ['E09000022', 'E09000028'],
    password,
  });
  const leadSession = await signIn(contextFor(deps, anonymous), {
    email: leadEmail,
    password,
    policy: config.session,
  });
  if (leadSession.stage !== 'complete')
    throw new Error(`the bench lead's sign-in stopped at ${leadSession.stage}`);
  const { token: leadToken } = await createApiToken(ctx, { userId: lead.id, name: 'bench' });

  const app = await buildApp(deps);
  // Server time of each page response (from the request arriving in Fastify to the response being
  // sent), recorded by the bench only; /health, the overhead probe, is left untimed so the hook
  // does not weigh on that figure. GET /__bench/server-times returns them and starts afresh.
  let times: number[] = [];
  app.addHook('onResponse', (request, reply, done) => {
    if (request.url !== '/health' && !request.url.startsWith('/__bench/')) times.push(reply.elapsedTime);
    done();
  });
  app.get('/__bench/server-times', { config: { access: 'public' } }, async () => {
    const taken = times;
    times = [];
    return { times: taken };
  });
  await app.listen({ port: config.port, host: config.host });
  close = async () => {
    await app.close();
    await deps.connection.close();
  };

  const cookie = `${sessionCookieName(config.secureCookies)}=${session.token}`;
  const leadCookie = `${sessionCookieName(config.secureCookies)}=${leadSession.token}`;
  process.stdout.write(
    `${JSON.stringify({ ready: true, database: deps.connection.kind, cookie, token, estate, stakeholders, lead: { cookie: leadCookie, token: leadToken } })}\n`,
  );
} catch (error) {
  await close().catch(() => {});
  removeDataDir();
  throw error;
}
