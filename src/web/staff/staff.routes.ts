import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requireSignIn } from '../auth.ts';
import { declareAccess } from '../route-access.ts';
import { accountRoutes } from './account/account.routes.ts';
import { tokenRoutes } from './account/tokens.routes.ts';
import { twoFactorAccountRoutes } from './account/two-factor.routes.ts';
import { adminTokenRoutes } from './admin-tokens/admin-tokens.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { boroughRoutes } from './boroughs/boroughs.routes.ts';
import { estateRoutes } from './estate/estate.routes.ts';
import { estateImportRoutes } from './estate-import/estate-import.routes.ts';
import { personalDataRoutes } from './personal-data/personal-data.routes.ts';
import { referenceDataRoutes } from './reference-data/reference-data.routes.ts';
import { settingsRoutes } from './settings/settings.routes.ts';
import { stakeholderImportRoutes } from './stakeholder-import/stakeholder-import.routes.ts';
import { stakeholderListRoutes } from './stakeholder-list/stakeholder-list.routes.ts';
import { stakeholderRecordRoutes } from './stakeholders/stakeholders.routes.ts';
import { timetableRoutes } from './timetable/timetable.routes.ts';
import { topHundredRoutes } from './top-hundred/top-hundred.routes.ts';
import { userRoutes } from './users/users.routes.ts';

/** Everything behind sign-in. */
export async function staffRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  declareAccess(app, 'staff');
  app.addHook('preHandler', requireSignIn);
  await app.register(boroughRoutes, { deps });
  await app.register(tokenRoutes, { deps });
  await app.register(accountRoutes, { deps });
  await app.register(userRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(adminTokenRoutes, { deps });
  await app.register(twoFactorAccountRoutes, { deps });
  await app.register(settingsRoutes, { deps });
  await app.register(referenceDataRoutes, { deps });
  await app.register(estateRoutes, { deps });
  await app.register(timetableRoutes, { deps });
  await app.register(estateImportRoutes, { deps });
  await app.register(stakeholderRecordRoutes, { deps });
  await app.register(stakeholderListRoutes, { deps });
  await app.register(topHundredRoutes, { deps });
  await app.register(stakeholderImportRoutes, { deps });
  await app.register(personalDataRoutes, { deps });
}
