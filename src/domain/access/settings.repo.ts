import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { settings } from '../../db/schema/index.ts';

/** Settings an administrator changes while Nonsuch runs, with their defaults. */
export type Settings = Readonly<{
  /** Require two-factor authentication of every user, not only administrators and programme leads. */
  twoFactorForAll: boolean;
}>;

export const defaultSettings: Settings = { twoFactorForAll: false };

const keys: Readonly<Record<keyof Settings, string>> = { twoFactorForAll: 'two-factor-for-all' };

export async function readSettings(db: Db): Promise<Settings> {
  const rows = await db.select().from(settings);
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const twoFactorForAll = byKey.get(keys.twoFactorForAll);
  return {
    twoFactorForAll: typeof twoFactorForAll === 'boolean' ? twoFactorForAll : defaultSettings.twoFactorForAll,
  };
}

export async function writeSetting<K extends keyof Settings>(
  db: Db,
  key: K,
  value: Settings[K],
  now: Date,
): Promise<void> {
  await db
    .insert(settings)
    .values({ key: keys[key], value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
}

/** In a demo database: the demo accounts and their shared password, shown on the sign-in page. */
export type DemoAccounts = Readonly<{ password: string; emails: readonly string[] }>;

const demoKey = 'demo-accounts';

export async function writeDemoAccounts(db: Db, value: DemoAccounts, now: Date): Promise<void> {
  await db.insert(settings).values({ key: demoKey, value, updatedAt: now });
}

export async function readDemoAccounts(db: Db): Promise<DemoAccounts | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, demoKey));
  const value = row?.value as Partial<DemoAccounts> | undefined;
  return typeof value?.password === 'string' && Array.isArray(value.emails)
    ? (value as DemoAccounts)
    : undefined;
}
