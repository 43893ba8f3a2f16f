import { describe, expect, it } from 'vitest';
import type { Action } from '../../../domain/access/policy.ts';
import type { AuditRow } from '../../../domain/audit/audit.repo.ts';
import { auditEventView } from '../../../domain/audit/audit-filter.ts';
import {
  type AuditQuery,
  auditQueryString,
  fieldLabel,
  paginationOf,
  presentAuditEvent,
} from './audit.present.ts';

const row: AuditRow = {
  id: '00000000-0000-4000-8000-0000000000aa',
  at: new Date('2026-10-24T23:30:00Z'),
  actorKind: 'user',
  actorUserId: '00000000-0000-4000-8000-000000000001',
  actorLabel: 'Ada Admin',
  action: 'updated',
  entityType: 'user',
  entityId: '00000000-0000-4000-8000-000000000002',
  areaCode: 'E09000022',
  summary: 'User Sam updated',
  oldValues: { email: 'sam@old.example', role: 'analyst', boroughs: [] },
  newValues: { email: 'sam@new.example', role: 'borough_lead', boroughs: ['E09000022'] },
  requestId: 'req-1',
  address: '10.0.0.1',
  refused: false,
};

const areas = new Map([['E09000022', 'Lambeth']]);
const auditorOnly = (action: Action) => action === 'audit:read';
const everything = () => true;

describe('an audit entry on the page', () => {
  it('shows each field old → new, in London time', () => {
    const shown = presentAuditEvent(auditEventView(row, everything, areas));
    expect(shown.when).toBe('25 Oct 2026, 00:30:00 BST');
    expect(shown.what).toBe('Updated');
    expect(shown.borough).toBe('Lambeth');
    expect(shown.changes).toEqual([
      { field: 'Email', old: 'sam@old.example', new: 'sam@new.example' },
      { field: 'Role', old: 'analyst', new: 'borough_lead' },
      { field: 'Boroughs', old: '[]', new: '["E09000022"]' },
    ]);
  });

  it('shows "(hidden)" for personal values the reader may not see', () => {
    const shown = presentAuditEvent(auditEventView(row, auditorOnly, areas));
    expect(shown.changes[0]).toEqual({ field: 'Email', old: '(hidden)', new: '(hidden)' });
    expect(shown.changes[1]).toEqual({ field: 'Role', old: 'analyst', new: 'borough_lead' });
    expect(JSON.stringify(shown)).not.toContain('sam@');
  });

  it('says "none" for the side of a creation or deletion that has no values', () => {
    const created = presentAuditEvent(
      auditEventView({ ...row, action: 'created', oldValues: null }, everything, areas),
    );
    expect(created.changes[1]).toEqual({ field: 'Role', old: 'none', new: 'borough_lead' });
  });
});

const query: AuditQuery = {
  user: '',
  entityType: 'user',
  entityId: '',
  borough: ' E09000022 ',
  from: '2026-10-25',
  to: '',
  page: '3',
};

describe('the filter in links', () => {
  it('keeps the filled-in fields and the page', () => {
    expect(auditQueryString(query)).toBe('?entityType=user&borough=E09000022&from=2026-10-25');
    expect(auditQueryString(query, 2)).toBe('?entityType=user&borough=E09000022&from=2026-10-25&page=2');
    expect(auditQueryString({ ...query, entityType: '', borough: '', from: '' })).toBe('');
  });

  it('pages with previous, next, the ends and the neighbours', () => {
    expect(paginationOf(query, 1, 1)).toBeUndefined();
    const p = paginationOf(query, 5, 9);
    expect(p?.previous?.href).toContain('page=4');
    expect(p?.next?.href).toContain('page=6');
    expect(p?.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, '…', 4, 5, 6, '…', 9]);
    expect(paginationOf(query, 1, 3)?.items[0]).toMatchObject({
      number: 1,
      current: true,
      href: '/audit?entityType=user&borough=E09000022&from=2026-10-25',
    });
  });
});

describe('fieldLabel', () => {
  it.each([
    ['revokedAt', 'Revoked at'],
    ['displayName', 'Display name'],
    ['twoFactorForAll', 'Two factor for all'],
    ['email', 'Email'],
  ])('shows %s as “%s”', (field, label) => {
    expect(fieldLabel(field)).toBe(label);
  });
});
