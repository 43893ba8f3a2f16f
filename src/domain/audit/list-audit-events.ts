import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { selectAreas } from '../geography/areas.repo.ts';
import { countAuditEvents, selectAuditEntityTypes, selectAuditEvents } from './audit.repo.ts';
import {
  type AuditEventView,
  type AuditFilterInput,
  auditEventView,
  type ParsedAuditFilter,
  parseAuditFilter,
} from './audit-filter.ts';
import { permissionOf } from './personal-fields.ts';

export const auditPageSize = 50;

export type AuditEventsPage = Readonly<{
  events: readonly AuditEventView[];
  /** The filter as understood (trimmed, upper-cased codes), for showing it back. */
  filter: ParsedAuditFilter;
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}>;

const pageNumber = (page: unknown): number => {
  const n = typeof page === 'number' ? page : Number(typeof page === 'string' ? page : 1);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
};

/**
 * One page of the audit trail, newest first, within the reader's boroughs. Personal values the
 * reader may not see elsewhere are shown as `(hidden)`.
 */
export async function listAuditEvents(
  ctx: Context,
  input: AuditFilterInput & { page?: number | string | undefined } = {},
): Promise<AuditEventsPage> {
  authorize(ctx.actor, 'audit:read');
  const { parsed, query } = parseAuditFilter(ctx.actor, input);
  const page = pageNumber(input.page);
  const total = await countAuditEvents(ctx.db, query);
  const rows = await selectAuditEvents(ctx.db, query, {
    limit: auditPageSize,
    offset: (page - 1) * auditPageSize,
  });
  const areas = await selectAreas(ctx.db);
  const areaNames = new Map(areas.map((a) => [a.gssCode, a.name]));
  const permitted = permissionOf(ctx.actor);
  return {
    events: rows.map((row) => auditEventView(row, permitted, areaNames)),
    filter: parsed,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / auditPageSize)),
    pageSize: auditPageSize,
  };
}

/** The types of record that occur in the trail, for the filter's choices. */
export async function listAuditEntityTypes(ctx: Context): Promise<string[]> {
  authorize(ctx.actor, 'audit:read');
  return selectAuditEntityTypes(ctx.db);
}
