import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { auditEvents } from '../../db/schema/index.ts';

export type AuditRow = typeof auditEvents.$inferSelect;
export type NewAuditRow = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Db, row: NewAuditRow): Promise<void> {
  await db.insert(auditEvents).values(row);
}

export type AuditFilter = Readonly<{
  actorUserId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  areaCode?: string | undefined;
  /** Inclusive lower bound. */
  from?: Date | undefined;
  /** Exclusive upper bound. */
  to?: Date | undefined;
  /** Only rows whose area is one of these (the viewer's borough scope), or that belong to no area. */
  areaScope?: 'all' | readonly string[];
}>;

function where(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.areaCode) conditions.push(eq(auditEvents.areaCode, filter.areaCode));
  if (filter.from) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to) conditions.push(lt(auditEvents.at, filter.to));
  const scope = filter.areaScope ?? 'all';
  if (scope !== 'all') {
    const inScope = scope.length > 0 ? inArray(auditEvents.areaCode, [...scope]) : sql`false`;
    conditions.push(or(sql`${auditEvents.areaCode} is null`, inScope) as SQL);
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/** Newest first. `limit` rows from `offset`. */
export function selectAuditEvents(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(where(filter))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** Where a batch of the trail stopped: the last row read, newest-first order. */
export type AuditCursor = Readonly<{ at: Date; id: string }>;

/**
 * Newest first, `limit` rows after the cursor (from the newest without one). Batches follow the
 * last row read rather than an offset, so rows written while an export runs shift nothing.
 */
export function selectAuditEventsAfter(
  db: Db,
  filter: AuditFilter,
  cursor: AuditCursor | undefined,
  limit: number,
): Promise<AuditRow[]> {
  const base = where(filter);
  const after = cursor
    ? sql`(${auditEvents.at}, ${auditEvents.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`
    : undefined;
  return db
    .select()
    .from(auditEvents)
    .where(after ? and(base, after) : base)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

export async function countAuditEvents(db: Db, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where(filter));
  return row?.n ?? 0;
}

/** The entity types that occur in the trail, for the filter's choices. */
export async function selectAuditEntityTypes(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ entityType: auditEvents.entityType })
    .from(auditEvents)
    .orderBy(auditEvents.entityType);
  return rows.map((r) => r.entityType);
}
