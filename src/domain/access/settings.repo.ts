import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { settings } from '../../db/schema/index.ts';

/** Settings an administrator changes while Nonsuch runs, with their defaults. */
export type Settings = Readonly<{
  /** Require two-factor authentication of every user, not only administrators and programme leads. */
  twoFactorForAll: boolean;
  /** A disposal planned within this many months of today is imminent. */
  imminentMonths: number;
  /** The ward and constituency boundaries in use; null means the newest loaded. */
  wardVintage: number | null;
  constituencyVintage: number | null;
}>;

export const defaultSettings: Settings = {
  twoFactorForAll: false,
  imminentMonths: 12,
  wardVintage: null,
  constituencyVintage: null,
};

const keys: Readonly<Record<keyof Settings, string>> = {
  twoFactorForAll: 'two-factor-for-all',
  imminentMonths: 'imminent-months',
  wardVintage: 'ward-vintage',
  constituencyVintage: 'constituency-vintage',
};

const isYear = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 1990 && (v as number) <= 2100;

export async function readSettings(db: Db): Promise<Settings> {
  const rows = await db.select().from(settings);
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const twoFactorForAll = byKey.get(keys.twoFactorForAll);
  const imminentMonths = byKey.get(keys.imminentMonths);
  const wardVintage = byKey.get(keys.wardVintage);
  const constituencyVintage = byKey.get(keys.constituencyVintage);
  return {
    twoFactorForAll: typeof twoFactorForAll === 'boolean' ? twoFactorForAll : defaultSettings.twoFactorForAll,
    imminentMonths:
      Number.isInteger(imminentMonths) && (imminentMonths as number) > 0
        ? (imminentMonths as number)
        : defaultSettings.imminentMonths,
    wardVintage: isYear(wardVintage) ? wardVintage : null,
    constituencyVintage: isYear(constituencyVintage) ? constituencyVintage : null,
  };
}

export async function writeSetting<K extends keyof Settings>(
  db: Db,
  key: K,
  value: Settings[K],
  now: Date,
): Promise<void> {
  // No row means the default ("the newest loaded" for the vintages).
  if (value === null) {
    await db.delete(settings).where(eq(settings.key, keys[key]));
    return;
  }
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
