import type { FastifyRequest } from 'fastify';
import { contextFor, type Deps } from '../deps.ts';
import type { Context } from '../domain/access/actor.ts';

/** The use-case context of a request: who asks, and the request id and address for the audit trail. */
export const requestContext = (deps: Deps, request: FastifyRequest): Context =>
  contextFor(deps, request.actor, { requestId: request.id, address: request.ip });
