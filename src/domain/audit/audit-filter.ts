import { z } from 'zod';
import type { Actor } from '../access/actor.ts';
import { boroughScope } from '../access/policy.ts';
import { isCalendarDay, londonDayStart, nextCalendarDay } from '../shared/london-time.ts';
import { parseInput } from '../shared/validation.ts';
import type { AuditFilter, AuditRow } from './audit.repo.ts';
import { type Permission, redactValues } from './personal-fields.ts';
import type { AuditValues } from './record-audit.ts';

/**
 * What a reader of the audit trail may filter by. Every field is optional; an empty one (as a form
 * sends it) means "any". Dates are London calendar days, both inclusive.
 */
export type AuditFilterInput = Readonly<{
  /** The id of the user who acted. */
  user?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** A borough's GSS code. */
  borough?: string | undefined;
  /** YYYY-MM-DD, London time. */
  from?: string | undefined;
  to?: string | undefined;
}>;

const blankAsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankAsMissing, schema.optional());

const day = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .refine((s) => isCalendarDay(s), message);

export const auditFilterSchema = z
  .object({
    user: optional(
      z
        .string({ error: 'Choose a user from the list' })
        .trim()
        .pipe(z.uuid({ error: 'Choose a user from the list' })),
    ),
    entityType: optional(
      z
        .string({ error: 'Choose a type of record from the list' })
        .trim()
        .regex(/^[a-z][a-z0-9-]{0,59}$/, 'Choose a type of record from the list'),
    ),
    entityId: optional(
      z
        .string({ error: 'Enter a record id' })
        .trim()
        .max(100, 'Record id must be 100 characters or fewer')
        .regex(/^[A-Za-z0-9_.:-]+$/, 'Record id must contain only letters, numbers, hyphens and underscores'),
    ),
    borough: optional(
      z
        .string({ error: 'Choose a borough from the list' })
        .trim()
        .toUpperCase()
        .regex(/^E09\d{6}$/, 'Choose a borough from the list'),
    ),
    from: optional(day('Enter a real start date, like 2026-03-29')),
    to: optional(day('Enter a real end date, like 2026-03-29')),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'The end date must be the same as or after the start date',
  });

export type ParsedAuditFilter = z.output<typeof auditFilterSchema>;

/** Checks the filter (throwing `invalid` with a message per field) and turns it into the query's terms. */
export function parseAuditFilter(
  actor: Actor,
  input: AuditFilterInput,
): { parsed: ParsedAuditFilter; query: AuditFilter } {
  const parsed = parseInput(auditFilterSchema, {
    user: input.user,
    entityType: input.entityType,
    entityId: input.entityId,
    borough: input.borough,
    from: input.from,
    to: input.to,
  });
  return {
    parsed,
    query: {
      actorUserId: parsed.user,
      entityType: parsed.entityType,
      entityId: parsed.entityId,
      areaCode: parsed.borough,
      from: parsed.from ? londonDayStart(parsed.from) : undefined,
      to: parsed.to ? londonDayStart(nextCalendarDay(parsed.to)) : undefined,
      areaScope: boroughScope(actor, 'audit:read'),
    },
  };
}

/** One event as a reader sees it: personal values they may not see are `(hidden)`. */
export type AuditEventView = Readonly<{
  id: string;
  at: Date;
  actorKind: AuditRow['actorKind'];
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  areaCode: string | null;
  areaName: string | null;
  summary: string;
  oldValues: AuditValues | null;
  newValues: AuditValues | null;
  requestId: string | null;
  address: string | null;
  refused: boolean;
}>;

const asValues = (v: unknown): AuditValues | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as AuditValues) : null;

export function auditEventView(
  row: AuditRow,
  permitted: Permission,
  areaNames: ReadonlyMap<string, string>,
): AuditEventView {
  return {
    id: row.id,
    at: row.at,
    actorKind: row.actorKind,
    actorUserId: row.actorUserId,
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    areaCode: row.areaCode,
    areaName: row.areaCode ? (areaNames.get(row.areaCode) ?? row.areaCode) : null,
    summary: row.summary,
    oldValues: redactValues(row.entityType, asValues(row.oldValues), permitted),
    newValues: redactValues(row.entityType, asValues(row.newValues), permitted),
    requestId: row.requestId,
    address: row.address,
    refused: row.refused,
  };
}
