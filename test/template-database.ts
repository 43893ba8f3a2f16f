import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Names and helpers for the PostgreSQL databases the database suite creates and drops. */

export const templatePrefix = 'nonsuch_test_';

export const adminUrl = (url: string): string => {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
};

export const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

export const uniqueName = (kind: string): string =>
  `${templatePrefix}${kind}_${process.pid}_${randomBytes(4).toString('hex')}`;

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl(url) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
