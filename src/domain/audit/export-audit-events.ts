import { stringify } from 'csv-stringify/sync';
import { csvSafe } from '../../documents/csv-safe.ts';
import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { selectAreas } from '../geography/areas.repo.ts';
import { londonTimestamp } from '../shared/london-time.ts';
import { type AuditCursor, selectAuditEventsAfter } from './audit.repo.ts';
import {
  type AuditEventView,
  type AuditFilterInput,
  auditEventView,
  parseAuditFilter,
} from './audit-filter.ts';
import { permissionOf } from './personal-fields.ts';

export const auditCsvColumns = [
  'When (UTC)',
  'When (London)',
  'Who',
  'Action',
  'Entity type',
  'Entity id',
  'Borough',
  'Summary',
  'Old values',
  'New values',
  'Request id',
  'Address',
  'Refused',
] as const;

const json = (values: AuditEventView['oldValues']): string => (values ? JSON.stringify(values) : '');

/** One event as the cells of a CSV row, in the order of `auditCsvColumns`. */
export function auditCsvCells(event: AuditEventView): string[] {
  return [
    event.at.toISOString(),
    londonTimestamp(event.at),
    event.actorLabel,
    event.action,
    event.entityType,
    event.entityId ?? '',
    event.areaName ?? '',
    event.summary,
    json(event.oldValues),
    json(event.newValues),
    event.requestId ?? '',
    event.address ?? '',
    event.refused ? 'yes' : 'no',
  ];
}

/** CSV text for rows of cells, each cell guarded against spreadsheet formulas. */
const csv = (rows: readonly (readonly string[])[], options: { bom?: boolean } = {}): string =>
  stringify(
    rows.map((cells) => cells.map(csvSafe)),
    { bom: options.bom ?? false },
  );

export const auditExportBatchSize = 1000;

/**
 * Every event matching the filter, newest first, as CSV (UTF-8 with a byte-order mark, so
 * spreadsheets read the text correctly). The reader is authorized and the filter checked before
 * anything is returned; the rows are then read in batches of 1,000 as the CSV is consumed.
 * Reading is not a change, so the export is not itself audited.
 */
export async function exportAuditEvents(
  ctx: Context,
  input: AuditFilterInput = {},
): Promise<AsyncIterable<string>> {
  authorize(ctx.actor, 'audit:read');
  const { query } = parseAuditFilter(ctx.actor, input);
  const areaNames = new Map((await selectAreas(ctx.db)).map((a) => [a.gssCode, a.name]));
  const permitted = permissionOf(ctx.actor);
  async function* batches(): AsyncGenerator<string> {
    yield csv([[...auditCsvColumns]], { bom: true });
    let cursor: AuditCursor | undefined;
    for (;;) {
      const rows = await selectAuditEventsAfter(ctx.db, query, cursor, auditExportBatchSize);
      if (rows.length === 0) return;
      yield csv(rows.map((row) => auditCsvCells(auditEventView(row, permitted, areaNames))));
      const last = rows[rows.length - 1];
      if (!last || rows.length < auditExportBatchSize) return;
      cursor = { at: last.at, id: last.id };
    }
  }
  return batches();
}
