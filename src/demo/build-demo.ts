import { randomBytes } from 'node:crypto';
import { contextFor, type Deps } from '../deps.ts';
import { type Context, operator, type Role } from '../domain/access/actor.ts';
import { createUser } from '../domain/access/create-user.ts';
import { disableUser } from '../domain/access/disable-user.ts';
import { writeDemoAccounts } from '../domain/access/settings.repo.ts';
import { anyUser, findUserByEmail } from '../domain/access/users.repo.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { aUser } from './builders.ts';
import { buildDemoEstate } from './demo-estate.ts';
import { buildDemoGeography } from './demo-geography.ts';
import { buildDemoStakeholders } from './demo-stakeholders.ts';

/**
 * The demo dataset, built through the use cases so it obeys every rule real data does (the
 * stakeholder database, thousands of rows, is written in bulk: see demo-stakeholders.ts).
 * One account per role, so a newcomer can see Nonsuch through each role's eyes; borough roles
 * work in two boroughs each. The accounts share one password, made fresh for each demo database,
 * so no two demo installations share a password. Outside production the sign-in page lists the
 * accounts and the password.
 */

export const demoAdminEmail = 'admin@nonsuch.example';

export type DemoAccount = Readonly<{
  email: string;
  displayName: string;
  role: Role;
  boroughs: readonly string[];
}>;

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';
const islington = 'E09000019';

export const demoAccounts: readonly DemoAccount[] = [
  { email: demoAdminEmail, displayName: 'Demo Administrator', role: 'administrator', boroughs: [] },
  { email: 'priya.shah@nonsuch.example', displayName: 'Priya Shah', role: 'programme_lead', boroughs: [] },
  {
    email: 'tom.okafor@nonsuch.example',
    displayName: 'Tom Okafor',
    role: 'borough_lead',
    boroughs: [lambeth, southwark],
  },
  {
    email: 'eleanor.marsh@nonsuch.example',
    displayName: 'Eleanor Marsh',
    role: 'borough_contributor',
    boroughs: [camden, islington],
  },
  { email: 'grace.adeyemi@nonsuch.example', displayName: 'Grace Adeyemi', role: 'analyst', boroughs: [] },
];

/** A former colleague, kept to show that disabled accounts remain on record. */
const leaver = { email: 'sam.wright@nonsuch.example', displayName: 'Sam Wright', role: 'analyst' } as const;

export type DemoResult = Readonly<{
  /** The shared password of every demo account. */
  password: string;
  accounts: readonly DemoAccount[];
  admin: { email: string; password: string };
  users: number;
}>;

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
  // Four groups of five letters and digits: easy to type from the sign-in page.
  const password =
    randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20).match(/.{5}/g)?.join('-') ?? '';
  for (const account of demoAccounts) {
    await createUser(ctx, aUser({ ...account, boroughs: [...account.boroughs], password }));
  }
  await createUser(ctx, aUser({ ...leaver, password: randomBytes(18).toString('base64url') }));
  await disableUser(ctx, { email: leaver.email });
  await buildDemoGeography(ctx);
  await buildDemoEstate(ctx);
  await buildDemoStakeholders(ctx);
  await writeDemoAccounts(ctx.db, { password, emails: demoAccounts.map((a) => a.email) }, ctx.clock.now());
  return {
    password,
    accounts: demoAccounts,
    admin: { email: demoAdminEmail, password },
    users: demoAccounts.length + 1,
  };
}
