import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** Personal data: subject access, erasure, retention review, duplicates and merging. */
export async function personalDataRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
