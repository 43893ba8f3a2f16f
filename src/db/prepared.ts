import type { Db } from './connect.ts';

/**
 * A query that runs on most requests, built once per database handle rather than on every call.
 * Drizzle then skips assembling the SQL, and PostgreSQL parses and plans the named statement once
 * per connection.
 */
export function preparedQuery<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
