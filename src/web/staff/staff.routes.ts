import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requireSignIn } from '../auth.ts';
import { declareAccess } from '../route-access.ts';
import { tokenRoutes } from './account/tokens.routes.ts';
import { boroughRoutes } from './boroughs/boroughs.routes.ts';

/** Everything behind sign-in. */
export async function staffRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  declareAccess(app, 'staff');
  app.addHook('preHandler', requireSignIn);
  await app.register(boroughRoutes, { deps });
  await app.register(tokenRoutes, { deps });
}
