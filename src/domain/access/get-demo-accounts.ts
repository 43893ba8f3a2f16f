import { selectAreas } from '../geography/areas.repo.ts';
import { type Context, type Role, roleNames } from './actor.ts';
import { readDemoAccounts } from './settings.repo.ts';
import { findUserByEmail } from './users.repo.ts';

export type DemoSignIn = Readonly<{
  password: string;
  accounts: readonly Readonly<{
    email: string;
    displayName: string;
    role: Role;
    roleName: string;
    boroughs: string;
  }>[];
}>;

/**
 * On a demo database outside production: the demo accounts as they are now (role and boroughs) and
 * their shared password, for the sign-in page, so a newcomer can see Nonsuch through each role's
 * eyes. Anyone may ask; there is nothing to show on a real installation.
 */
export async function getDemoAccounts(
  ctx: Context,
  input: { production: boolean },
): Promise<DemoSignIn | undefined> {
  if (input.production) return undefined;
  const demo = await readDemoAccounts(ctx.db);
  if (!demo) return undefined;
  const areaNames = new Map((await selectAreas(ctx.db)).map((a) => [a.gssCode, a.name]));
  const accounts = [];
  for (const email of demo.emails) {
    const user = await findUserByEmail(ctx.db, email);
    if (!user || user.disabledAt !== null) continue;
    accounts.push({
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      roleName: roleNames[user.role],
      boroughs: user.boroughs.map((code) => areaNames.get(code) ?? code).join(', '),
    });
  }
  return { password: demo.password, accounts };
}
