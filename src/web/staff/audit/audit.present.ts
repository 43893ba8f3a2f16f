import type { UserSummary } from '../../../domain/access/list-users.ts';
import type { AuditEventView } from '../../../domain/audit/audit-filter.ts';
import type { AuditEventsPage } from '../../../domain/audit/list-audit-events.ts';
import type { AreaRecord } from '../../../domain/geography/areas.repo.ts';

/** The filter as typed into the form (shown back as typed, even when it is wrong). */
export type AuditQuery = Readonly<{
  user: string;
  entityType: string;
  entityId: string;
  borough: string;
  from: string;
  to: string;
  page: string;
}>;

const filterKeys = ['user', 'entityType', 'entityId', 'borough', 'from', 'to'] as const;

/** The query string of a filter (blank fields left out), optionally for one page. */
export function auditQueryString(query: AuditQuery, page?: number): string {
  const params = new URLSearchParams();
  for (const key of filterKeys) if (query[key].trim() !== '') params.set(key, query[key].trim());
  if (page !== undefined && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const actionLabels: Readonly<Record<string, string>> = {
  created: 'Created',
  updated: 'Updated',
  deleted: 'Deleted',
  'signed-in': 'Signed in',
  'sign-in-refused': 'Sign-in refused',
  'signed-out': 'Signed out',
  denied: 'Permission denied',
  overridden: 'Gate overridden',
};

export const actionLabel = (action: string): string => actionLabels[action] ?? action;

const entityTypeLabels: Readonly<Record<string, string>> = {
  user: 'User',
  session: 'Sign-in',
  'api-token': 'API token',
  permission: 'Permission',
};

/** A type of record in words; types a later concept adds show as recorded until named here. */
export const entityTypeLabel = (type: string): string => entityTypeLabels[type] ?? type;

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'long',
});

/** A recorded value as text: strings as they are, anything else as JSON, nothing as "none". */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return JSON.stringify(value);
}

/** A recorded field's name as words: `revokedAt` reads "revoked at", `displayName` "display name". */
export const fieldLabel = (field: string): string => {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export type AuditChange = Readonly<{ field: string; old: string; new: string }>;

/** Each field the event recorded, with its value before and after (personal ones may be "(hidden)"). */
export function changesOf(event: Pick<AuditEventView, 'oldValues' | 'newValues'>): AuditChange[] {
  const before = event.oldValues ?? {};
  const after = event.newValues ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map((field) => ({
    field: fieldLabel(field),
    old: event.oldValues === null ? 'none' : valueText(before[field]),
    new: event.newValues === null ? 'none' : valueText(after[field]),
  }));
}

export function presentAuditEvent(event: AuditEventView) {
  return {
    id: event.id,
    whenIso: event.at.toISOString(),
    when: londonTime.format(event.at),
    who: event.actorLabel,
    what: actionLabel(event.action),
    entityType: entityTypeLabel(event.entityType),
    entityId: event.entityId,
    borough: event.areaName ?? '',
    summary: event.summary,
    refused: event.refused,
    changes: changesOf(event),
    requestId: event.requestId,
    address: event.address,
  };
}

type Item = { value: string; text: string; selected?: boolean };

const choices = (
  any: string,
  current: string,
  options: readonly { value: string; text: string }[],
): Item[] => [{ value: '', text: any }, ...options.map((o) => ({ ...o, selected: o.value === current }))];

/** GOV.UK pagination: previous and next, the first and last pages, and those around the current one. */
export function paginationOf(query: AuditQuery, page: number, pageCount: number) {
  if (pageCount <= 1) return undefined;
  const href = (n: number) => `/audit${auditQueryString(query, n)}`;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (let n = 1; n <= pageCount; n += 1) {
    if (n === 1 || n === pageCount || Math.abs(n - page) <= 1) {
      items.push({ number: n, href: href(n), current: n === page });
    } else if (!('ellipsis' in (items[items.length - 1] ?? {}))) {
      items.push({ ellipsis: true });
    }
  }
  return {
    items,
    ...(page > 1 ? { previous: { href: href(Math.min(page - 1, pageCount)) } } : {}),
    ...(page < pageCount ? { next: { href: href(page + 1) } } : {}),
  };
}

export type AuditPageInput = Readonly<{
  query: AuditQuery;
  /** Absent when the filter could not be read. */
  result: AuditEventsPage | undefined;
  users: readonly UserSummary[];
  entityTypes: readonly string[];
  areas: readonly AreaRecord[];
}>;

export function presentAuditPage({ query, result, users, entityTypes, areas }: AuditPageInput) {
  const first = result ? (result.page - 1) * result.pageSize + 1 : 0;
  return {
    values: query,
    userItems: choices(
      'Anyone',
      query.user,
      users.map((u) => ({ value: u.id, text: `${u.displayName} (${u.email})` })),
    ),
    entityTypeItems: choices(
      'Any',
      query.entityType,
      entityTypes.map((t) => ({ value: t, text: entityTypeLabel(t) })),
    ),
    boroughItems: choices(
      'Any borough',
      query.borough.trim().toUpperCase(),
      areas.map((a) => ({ value: a.gssCode, text: a.name })),
    ),
    events: (result?.events ?? []).map(presentAuditEvent),
    total: result?.total ?? 0,
    showing:
      result && result.events.length > 0
        ? { from: first, to: first + result.events.length - 1, total: result.total }
        : undefined,
    pagination: result ? paginationOf(query, result.page, result.pageCount) : undefined,
    // Only a filter that was understood is offered as a download.
    csvHref: result ? `/audit.csv${auditQueryString(query)}` : undefined,
    filtered: filterKeys.some((k) => query[k].trim() !== ''),
  };
}
