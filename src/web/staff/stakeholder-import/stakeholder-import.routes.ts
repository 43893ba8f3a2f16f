import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** Importing stakeholders from CSV or Excel: upload, mapping, dry run, commit with progress. */
export async function stakeholderImportRoutes(
  _app: FastifyInstance,
  _options: { deps: Deps },
): Promise<void> {}
