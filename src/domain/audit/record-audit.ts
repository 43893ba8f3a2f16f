import type { Actor, Context } from '../access/actor.ts';
import { insertAuditEvent } from './audit.repo.ts';

/**
 * What the audit trail records. Every use case that creates, updates or deletes anything calls
 * recordAudit in the same transaction as the change, so a change and its record stand or fall
 * together.
 */
export const auditActions = [
  'created',
  'updated',
  'deleted',
  'signed-in',
  'sign-in-refused',
  'signed-out',
  'denied',
  'overridden',
  'merged',
  'erased',
  'redacted',
] as const;
export type AuditAction = (typeof auditActions)[number];

export type AuditValues = Readonly<Record<string, unknown>>;

export type AuditEntry = Readonly<{
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  /** The borough the record belongs to, if any. */
  areaCode?: string | null;
  summary: string;
  oldValues?: AuditValues | null;
  newValues?: AuditValues | null;
  refused?: boolean;
  /** Who acted, when it is not the context's actor (a sign-in is made by the person signing in). */
  actor?: Actor;
}>;

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.displayName;
    case 'operator':
      return `Command line (${actor.name})`;
    case 'anonymous':
      return 'Not signed in';
  }
}

/**
 * The fields that changed between two snapshots, as `{ oldValues, newValues }` holding only those
 * fields. Values are compared as JSON, so arrays and dates compare by content.
 */
export function changedValues(
  before: AuditValues,
  after: AuditValues,
): { oldValues: AuditValues; newValues: AuditValues } {
  const oldValues: Record<string, unknown> = {};
  const newValues: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    oldValues[key] = before[key] ?? null;
    newValues[key] = after[key] ?? null;
  }
  return { oldValues, newValues };
}

export async function recordAudit(ctx: Context, entry: AuditEntry): Promise<void> {
  const actor = entry.actor ?? ctx.actor;
  await insertAuditEvent(ctx.db, {
    at: ctx.clock.now(),
    actorKind: actor.kind,
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorLabel: actorLabel(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    areaCode: entry.areaCode ?? null,
    summary: entry.summary,
    oldValues: entry.oldValues ?? null,
    newValues: entry.newValues ?? null,
    requestId: ctx.requestId ?? null,
    address: ctx.address ?? null,
    refused: entry.refused ?? false,
  });
}
