import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { listUsers } from '../../../domain/access/list-users.ts';
import { exportAuditEvents } from '../../../domain/audit/export-audit-events.ts';
import {
  type AuditEventsPage,
  listAuditEntityTypes,
  listAuditEvents,
} from '../../../domain/audit/list-audit-events.ts';
import { listAreas } from '../../../domain/geography/list-areas.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { londonDay } from '../../../domain/shared/london-time.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { presentAuditPage } from './audit.present.ts';

const auditQuery = z.object({
  user: formText,
  entityType: formText,
  entityId: formText,
  borough: formText,
  from: formText,
  to: formText,
  page: formText,
});

/** The form's fields, in the order the error summary lists them. */
const fieldOrder = {
  user: 'user',
  entityType: 'entityType',
  entityId: 'entityId',
  borough: 'borough',
  from: 'from',
  to: 'to',
};

/** The audit trail for administrators: filter, read, and download as CSV. */
export async function auditRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get('/audit', async (request, reply) => {
    const query = auditQuery.parse(request.query ?? {});
    const ctx = requestContext(deps, request);
    let result: AuditEventsPage | undefined;
    let errors: Record<string, string> | undefined;
    try {
      result = await listAuditEvents(ctx, query);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
      errors = { ...error.details.fields };
      reply.code(400);
    }
    const users = await listUsers(ctx);
    const entityTypes = await listAuditEntityTypes(ctx);
    const areas = await listAreas(ctx);
    // The trail holds personal data: no copy is kept by the browser or anything between.
    reply.header('cache-control', 'no-store');
    return reply.page('staff/audit/audit.njk', {
      pageTitle: 'Audit trail',
      ...presentAuditPage({ query, result, users, entityTypes, areas }),
      errors,
      errorList: errors ? errorList(errors, fieldOrder) : undefined,
    });
  });

  app.get('/audit.csv', async (request, reply) => {
    const query = auditQuery.parse(request.query ?? {});
    const ctx = requestContext(deps, request);
    const csv = await exportAuditEvents(ctx, query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="nonsuch-audit-${londonDay(ctx.clock.now())}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(csv));
  });
}
