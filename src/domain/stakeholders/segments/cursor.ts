import { isUuid } from '../../shared/ids.ts';
import { type Cursor, decodeCursor, encodeCursor, type SortOrder, sortOrders } from '../filter.ts';

/**
 * A page cursor read strictly, for the sort it will be used with: its id must be a UUID, its name
 * free of NUL, and its time (for the last-updated sorts) an instant as `encodeCursor` writes it.
 * Anything else (a cursor edited by hand) starts again from the first page instead of reaching the
 * database, which refuses such values. `decodeCursor` (filter.ts) checks only the cursor's shape.
 */
export function readCursor(text: string | undefined, sort: SortOrder): Cursor | undefined {
  const cursor = decodeCursor(text);
  if (cursor === undefined || !isUuid(cursor.id) || cursor.value.includes('\u0000')) return undefined;
  if (sort === 'updated' || sort === '-updated') {
    const at = new Date(cursor.value);
    if (!/^\d{4}-/.test(cursor.value) || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1)
      return undefined;
    if (at.toISOString() !== cursor.value) return undefined;
  }
  return cursor;
}

/** The sort a query asks for, or by name. */
export const sortOf = (text: string | undefined): SortOrder => sortOrders.find((s) => s === text) ?? 'name';

/** A cursor's text that the search can use with this sort, or undefined for the first page. */
export function usableAfter(text: string | undefined, sort: string | undefined): string | undefined {
  const cursor = readCursor(text, sortOf(sort));
  return cursor === undefined ? undefined : encodeCursor(cursor);
}
