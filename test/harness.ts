import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type Connection, connectPglite, connectPostgres } from '../src/db/connect.ts';
import { aUser } from '../src/demo/builders.ts';
import { contextFor, type Deps } from '../src/deps.ts';
import { anonymous, operator } from '../src/domain/access/actor.ts';
import { confirmTwoFactorEnrolment } from '../src/domain/access/confirm-two-factor-enrolment.ts';
import { createApiToken } from '../src/domain/access/create-api-token.ts';
import { createUser } from '../src/domain/access/create-user.ts';
import { sessionExpiry } from '../src/domain/access/session.ts';
import { deleteSessionsOfUser, insertSession } from '../src/domain/access/sessions.repo.ts';
import { signIn } from '../src/domain/access/sign-in.ts';
import { startTwoFactorEnrolment } from '../src/domain/access/start-two-factor-enrolment.ts';
import { totpCode } from '../src/domain/access/two-factor.ts';
import { actorOf } from '../src/domain/access/users.repo.ts';
import type { NewUser } from '../src/domain/access/users.schema.ts';
import { fixedClock } from '../src/domain/shared/clock.ts';
import { DomainError } from '../src/domain/shared/errors.ts';
import { digest, newSecret } from '../src/domain/shared/tokens.ts';
import { buildApp } from '../src/web/app.ts';
import { sessionCookieName } from '../src/web/auth.ts';
import { Agent } from './agent.ts';
import { adminQuery, uniqueName, withDatabase } from './template-database.ts';
import { testNow } from './test-now.ts';

/** The database suite's one way to get a database, deps, an app and a signed-up user. */

export { testNow };

/** The address of one of the suite's PostgreSQL databases, for tools such as pg_dump; undefined on PGlite. */
export function postgresUrlFor(database: string): string | undefined {
  const url = process.env.DATABASE_URL;
  return url ? withDatabase(url, database) : undefined;
}

async function copyOfTemplate(): Promise<Connection> {
  const url = process.env.DATABASE_URL;
  const pgTemplate = inject('postgresTemplate');
  if (url && pgTemplate) {
    const name = uniqueName('file');
    await adminQuery(url, `create database "${name}" template "${pgTemplate}"`);
    const connection = await connectPostgres(withDatabase(url, name), { max: 4 });
    return {
      ...connection,
      close: async () => {
        await connection.close();
        // The pool's sockets may still be closing: drop politely, and force only if one lingers.
        await adminQuery(url, `drop database if exists "${name}"`).catch(() =>
          adminQuery(url, `drop database if exists "${name}" with (force)`),
        );
      },
    };
  }
  const file = inject('pgliteTemplate');
  return connectPglite({ loadDataDir: new Blob([readFileSync(file)]) });
}

export type TestDeps = Deps & { clock: ReturnType<typeof fixedClock>; close: () => Promise<void> };

export async function testDeps(env: Record<string, string> = {}): Promise<TestDeps> {
  const connection = await copyOfTemplate();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  return {
    config,
    connection,
    db: connection.db,
    clock: fixedClock(testNow),
    close: () => connection.close(),
  };
}

export async function testApp(deps: TestDeps): Promise<FastifyInstance> {
  const app = await buildApp(deps);
  await app.ready();
  return app;
}

/** Creates a user through the use case and returns them with their password. */
export async function givenUser(deps: Deps, overrides: Partial<NewUser> = {}) {
  const input = aUser(overrides);
  const user = await createUser(contextFor(deps, operator('test')), input);
  if (input.password === undefined) throw new Error('givenUser makes users who have a password');
  return { ...user, password: input.password };
}

/** The DomainError a use case rejects with; fails the test if it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

export type RouteTestApp = Readonly<{
  deps: TestDeps;
  app: FastifyInstance;
  user: Awaited<ReturnType<typeof givenUser>>;
  /** A browser signed in as the user. */
  agent: Agent;
  /** A personal access token of the user. */
  token: string;
}>;

/** What a route test starts from: an app on its own database, a user, signed in, with a token. */
export async function routeTestApp(user: Partial<NewUser> = {}): Promise<RouteTestApp> {
  const deps = await testDeps();
  const app = await testApp(deps);
  const created = await givenUser(deps, user);
  const agent = new Agent(app);
  await agent.signIn(created.email, created.password);
  const ctx = contextFor(deps, operator('test'));
  const { token } = await createApiToken(ctx, { userId: created.id, name: 'route tests' });
  return { deps, app, user: created, agent, token };
}

export async function closeApp(t: Pick<RouteTestApp, 'app' | 'deps'>): Promise<void> {
  await t.app.close();
  await t.deps.close();
}

/**
 * A user with two-factor authentication set up through the use cases, returned with their password,
 * TOTP secret and recovery codes. The set-up uses the code of the step before the clock's, so a
 * sign-in at the clock's time can still use the current code.
 */
export async function givenUserWithTwoFactor(deps: Deps, overrides: Partial<NewUser> = {}) {
  const user = await givenUser(deps, overrides);
  const policy = deps.config.session;
  // Set up as the person would: signed in (or, for a role that requires it, half-way through).
  const session = await signIn(contextFor(deps, anonymous), {
    email: user.email,
    password: user.password,
    policy,
  });
  const ctx = contextFor(deps, session.stage === 'complete' ? actorOf(user) : anonymous);
  const { secret } = await startTwoFactorEnrolment(ctx, { sessionToken: session.token, policy });
  const code = totpCode(secret, new Date(deps.clock.now().getTime() - 30_000));
  const { recoveryCodes } = await confirmTwoFactorEnrolment(ctx, {
    code,
    sessionToken: session.token,
    policy,
  });
  await deleteSessionsOfUser(deps.db, user.id); // and signs out, so tests start with no session of theirs
  return { ...user, password: user.password, totpSecret: secret, recoveryCodes };
}

/**
 * A browser holding a complete session for the user, made directly in the database: for route tests
 * that are not about signing in (administrators must pass two-factor through the form).
 */
export async function signedInAgent(deps: Deps, app: FastifyInstance, userId: string): Promise<Agent> {
  const token = newSecret();
  const now = deps.clock.now();
  await insertSession(deps.db, {
    tokenHash: digest(token),
    userId,
    now,
    expiresAt: sessionExpiry(deps.config.session, now),
    stage: 'complete',
    method: 'password',
    userAgent: 'route tests',
  });
  const agent = new Agent(app);
  agent.cookies.set(sessionCookieName(deps.config.secureCookies), token);
  return agent;
}
