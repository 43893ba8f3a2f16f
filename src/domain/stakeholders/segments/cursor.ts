import { type Cursor, decodeCursor, encodeCursor, type SortOrder, sortOrders } from '../filter.ts';

/** A page cursor read strictly for the sort it will be used with (see `decodeCursor`). */
export const readCursor = (text: string | undefined, sort: SortOrder): Cursor | undefined =>
  decodeCursor(text, sort);

/** The sort a query asks for, or by name. */
export const sortOf = (text: string | undefined): SortOrder => sortOrders.find((s) => s === text) ?? 'name';

/** A cursor's text that the search can use with this sort, or undefined for the first page. */
export function usableAfter(text: string | undefined, sort: string | undefined): string | undefined {
  const cursor = readCursor(text, sortOf(sort));
  return cursor === undefined ? undefined : encodeCursor(cursor);
}
