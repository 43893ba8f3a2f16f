import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../../test/agent.ts';
import {
  closeApp,
  givenUser,
  type RouteTestApp,
  routeTestApp,
  signedInAgent,
  type TestDeps,
} from '../../../../test/harness.ts';
import { contextFor } from '../../../deps.ts';
import { operator } from '../../../domain/access/actor.ts';
import { createApiToken } from '../../../domain/access/create-api-token.ts';
import { recordAudit } from '../../../domain/audit/record-audit.ts';

let t: RouteTestApp;
/** A browser signed in as an administrator, with two-factor authentication. */
let admin: Agent;

/** The rows of the audit table, as HTML. */
const rowsOf = (html: string): string[] =>
  html.match(/<tr class="govuk-table__row" id="event-[\s\S]*?<\/tr>/g) ?? [];

/**
 * A browser holding a complete session for the user, made directly in the database: administrators
 * must pass two-factor authentication to sign in through the form, which these tests are not about.
 */
const signedInAs = (deps: TestDeps, userId: string): Promise<Agent> => signedInAgent(deps, t.app, userId);

beforeAll(async () => {
  // t.agent is signed in as an analyst.
  t = await routeTestApp({ displayName: 'Ana Analyst' });
  const administrator = await givenUser(t.deps, { role: 'administrator', displayName: 'Ada Admin' });
  admin = await signedInAs(t.deps, administrator.id);
  expect((await admin.get('/')).statusCode).toBe(200);
});
afterAll(() => closeApp(t));

describe('the audit trail page', () => {
  it('shows an administrator the old and new values of a change another user made a moment ago', async () => {
    // The analyst revokes their own token through the page.
    const { id } = await createApiToken(contextFor(t.deps, operator('test')), {
      userId: t.user.id,
      name: 'Quarterly figures',
    });
    await t.agent.get('/account/tokens');
    expect((await t.agent.post(`/account/tokens/${id}/revoke`)).statusCode).toBe(303);

    const res = await admin.get('/audit?entityType=api-token');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const row = rowsOf(res.body).find((r) => r.includes(id) && r.includes('revoked'));
    expect(row).toBeDefined();
    expect(row).toContain('Ana Analyst');
    expect(row).toContain('Updated');
    expect(row).toContain('API token “Quarterly figures” revoked');
    expect(row).toContain('<dt class="govuk-summary-list__key">Revoked at</dt>');
    expect(row).toMatch(
      /<span class="nonsuch-audit-old">none<\/span> → <span class="nonsuch-audit-new">2026-11-22T09:00:00.000Z<\/span>/,
    );
    expect(row).toContain('22 Nov 2026, 09:00:00 GMT');
  });

  it('tags refusals in red', async () => {
    expect((await t.agent.get('/audit')).statusCode).toBe(403);
    const res = await admin.get('/audit?entityType=permission');
    expect(res.body).toMatch(/govuk-tag--red">\s*Permission denied/);
    expect(res.body).toContain('Refused: GET /audit');
  });

  it('filters with the form, and offers the same filter as CSV', async () => {
    const res = await admin.get(
      `/audit?user=${t.user.id}&entityType=api-token&from=2026-11-22&to=2026-11-22`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      `<option value="${t.user.id}" selected>Ana Analyst (${t.user.email})</option>`,
    );
    expect(res.body).toContain('<option value="E09000022">Lambeth</option>');
    expect(res.body).toContain('<option value="api-token" selected>API token</option>');
    expect(res.body).toContain(
      `href="/audit.csv?user=${t.user.id}&amp;entityType=api-token&amp;from=2026-11-22&amp;to=2026-11-22"`,
    );
    expect(res.body).toContain('Download as CSV');
    expect(res.body).not.toContain('Ada Admin</td>');

    const none = await admin.get('/audit?from=2020-01-01&to=2020-01-02');
    expect(none.body).toContain('No entries match this filter.');
  });

  it('shows the form again with its problems when the filter cannot be read', async () => {
    const res = await admin.get('/audit?user=nobody&from=2026-02-30');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#user"');
    expect(res.body).toContain('Enter a real start date, like 2026-03-29');
    expect(res.body).toContain('value="2026-02-30"');
    expect(res.body).not.toContain('Download as CSV');
  });

  it('pages through a long trail', async () => {
    const ctx = contextFor(t.deps, operator('test'));
    for (let i = 0; i < 51; i += 1) {
      await recordAudit(ctx, { action: 'created', entityType: 'paged-record', summary: `Paged ${i}` });
    }
    const first = await admin.get('/audit?entityType=paged-record');
    expect(first.body).toContain('Showing 1 to 50 of 51 entries');
    expect(first.body).toContain('href="/audit?entityType=paged-record&amp;page=2"');
    const second = await admin.get('/audit?entityType=paged-record&page=2');
    expect(second.body).toContain('Showing 51 to 51 of 51 entries');
  });
});

describe('the CSV download', () => {
  it('sends the filtered trail as a dated attachment that is not stored', async () => {
    const res = await admin.get('/audit.csv?entityType=api-token');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="nonsuch-audit-2026-11-22.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'When (UTC),When (London),Who,Action,Entity type,Entity id,Borough,Summary,Old values,New values,Request id,Address,Refused',
    );
    expect(lines.slice(1).every((l) => l.includes(',api-token,'))).toBe(true);
    expect(res.body).toContain('"{""revokedAt"":null}","{""revokedAt"":""2026-11-22T09:00:00.000Z""}"');
  });

  it('is refused to anyone but administrators', async () => {
    const res = await t.agent.get('/audit.csv');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('You do not have permission to see this page');
  });

  it('sends a signed-out browser to sign in', async () => {
    const res = await new Agent(t.app).get('/audit.csv');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faudit.csv');
  });
});
