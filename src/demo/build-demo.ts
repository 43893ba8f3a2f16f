import { randomBytes } from 'node:crypto';
import { contextFor, type Deps } from '../deps.ts';
import { type Context, operator } from '../domain/access/actor.ts';
import { createUser } from '../domain/access/create-user.ts';
import { disableUser } from '../domain/access/disable-user.ts';
import { anyUser, findUserByEmail } from '../domain/access/users.repo.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { aUser } from './builders.ts';

/**
 * The demo dataset, built through the use cases so it obeys every rule real data does.
 * The records are fixed; only the demo administrator's password is random, made fresh for each
 * demo database and shown once, so no two demo installations share a password.
 */

export const demoAdminEmail = 'admin@nonsuch.example';

const demoUsers = [
  { email: 'priya.shah@nonsuch.example', displayName: 'Priya Shah' },
  { email: 'tom.okafor@nonsuch.example', displayName: 'Tom Okafor' },
  { email: 'eleanor.marsh@nonsuch.example', displayName: 'Eleanor Marsh' },
] as const;

/** A former colleague, kept to show that disabled accounts remain on record. */
const leaver = { email: 'sam.wright@nonsuch.example', displayName: 'Sam Wright' } as const;

export type DemoResult = Readonly<{ admin: { email: string; password: string }; users: number }>;

/** All or nothing: a demo interrupted half-way leaves no half-built dataset behind. */
export function buildDemo(deps: Pick<Deps, 'db' | 'clock'>): Promise<DemoResult> {
  return deps.db.transaction((tx) =>
    buildDemoIn(contextFor({ db: tx, clock: deps.clock }, operator('demo'))),
  );
}

/**
 * For a first start: the demo dataset, when no one has an account yet. Deciding on "no users"
 * rather than "new directory" means a first start that was interrupted, or a database made by
 * `nonsuch migrate`, still ends with someone who can sign in.
 */
export function buildDemoIfNoUsers(deps: Pick<Deps, 'db' | 'clock'>): Promise<DemoResult | undefined> {
  return deps.db.transaction(async (tx) =>
    (await anyUser(tx))
      ? undefined
      : buildDemoIn(contextFor({ db: tx, clock: deps.clock }, operator('demo'))),
  );
}

async function buildDemoIn(ctx: Context): Promise<DemoResult> {
  if (await findUserByEmail(ctx.db, demoAdminEmail)) {
    throw new DomainError('conflict', 'This database already has the demo dataset.');
  }
  const password = randomBytes(12).toString('base64url');
  const secret = () => randomBytes(18).toString('base64url');
  await createUser(ctx, aUser({ email: demoAdminEmail, displayName: 'Demo Administrator', password }));
  for (const u of demoUsers) await createUser(ctx, aUser({ ...u, password: secret() }));
  await createUser(ctx, aUser({ ...leaver, password: secret() }));
  await disableUser(ctx, { email: leaver.email });
  return { admin: { email: demoAdminEmail, password }, users: demoUsers.length + 2 };
}
