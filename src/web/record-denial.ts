import type { FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import { OutOfScope } from '../domain/access/policy.ts';
import { recordAudit } from '../domain/audit/record-audit.ts';
import { isDomainError } from '../domain/shared/errors.ts';
import { requestContext } from './request-context.ts';

/**
 * Permission denials go to the audit trail: a signed-in person refused an action, or reaching for a
 * record outside their boroughs (which they were told does not exist).
 */
export async function recordDenial(deps: Deps, request: FastifyRequest, error: unknown): Promise<void> {
  if (request.actor.kind !== 'user' || !isDomainError(error)) return;
  const outOfScope = error instanceof OutOfScope;
  if (error.code !== 'forbidden' && !outOfScope) return;
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
  try {
    await recordAudit(requestContext(deps, request), {
      action: 'denied',
      entityType: 'permission',
      summary: outOfScope ? `Refused outside assigned boroughs: ${route}` : `Refused: ${route}`,
      newValues: { route, path: request.url.split('?')[0] },
      refused: true,
    });
  } catch (auditError) {
    request.log.error({ err: auditError }, 'could not record a permission denial');
  }
}
