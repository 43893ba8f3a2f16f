import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { estateImports } from '../../db/schema/index.ts';

/** All SQL for uploaded estate files waiting for their preview to be confirmed. */

export type EstateImportRow = typeof estateImports.$inferSelect;

export async function insertEstateImport(
  db: Db,
  values: { userId: string; kind: EstateImportRow['kind']; fileName: string; content: string; now: Date },
): Promise<EstateImportRow> {
  const [row] = await db
    .insert(estateImports)
    .values({
      userId: values.userId,
      kind: values.kind,
      fileName: values.fileName,
      content: values.content,
      createdAt: values.now,
    })
    .returning();
  if (!row) throw new Error('insert into estate_imports returned nothing');
  return row;
}

export async function selectEstateImport(db: Db, id: string): Promise<EstateImportRow | undefined> {
  const [row] = await db.select().from(estateImports).where(eq(estateImports.id, id));
  return row;
}

/**
 * Marks the import committed, only if it is not already: the row lock makes a second commit at the
 * same moment wait, then find it committed. Returns undefined when it already was.
 */
export async function markEstateImportCommitted(
  db: Db,
  id: string,
  now: Date,
): Promise<EstateImportRow | undefined> {
  const [row] = await db
    .update(estateImports)
    .set({ committedAt: now })
    .where(and(eq(estateImports.id, id), isNull(estateImports.committedAt)))
    .returning();
  return row;
}
