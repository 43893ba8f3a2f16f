import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { getArea } from '../../domain/geography/get-area.ts';
import { getBoroughGeography } from '../../domain/geography/get-borough-geography.ts';
import { listAreas } from '../../domain/geography/list-areas.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requestContext } from '../request-context.ts';
import { declareAccess } from '../route-access.ts';
import { boroughSchema, presentBorough } from './boroughs.present.ts';
import {
  constituenciesSchema,
  presentConstituencies,
  presentWards,
  wardsSchema,
} from './electoral-areas.present.ts';
import { estateApiRoutes } from './estate.routes.ts';
import { authErrors, problemResponse } from './problem.ts';
import { segmentApiRoutes } from './segments.routes.ts';
import { stakeholderApiRoutes } from './stakeholders.routes.ts';

const errors = authErrors;

/** The OpenAPI document is generated from the same zod schemas that validate requests. */
export const openApiOptions = (config: Config): FastifyDynamicSwaggerOptions => ({
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Nonsuch API',
      version: '1.0.0',
      description:
        'The JSON API of Nonsuch, the estate engagement manager. Authenticate with a personal access token ' +
        '(create one on the API tokens page or with `nonsuch tokens create`) sent as `Authorization: Bearer <token>`. ' +
        'Errors are `application/problem+json` (RFC 9457).',
    },
    servers: [{ url: config.publicUrl }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal access token, starting nst_' },
      },
    },
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'Boroughs', description: 'The 33 London areas: 32 boroughs and the City of London' },
      {
        name: 'Estate',
        description: 'Sites, proposals with their versions, and each borough’s Asset Management Plan',
      },
      { name: 'Meta', description: 'About the API itself' },
      {
        name: 'Stakeholders',
        description:
          'People, organisations and segments in the stakeholder database, within the caller’s boroughs',
      },
    ],
  },
  transformObject: jsonSchemaTransformObject,
  transform: (args) =>
    args.url.startsWith('/api/v1/')
      ? jsonSchemaTransform(args)
      : { schema: { ...args.schema, hide: true }, url: args.url },
});

export async function apiRoutes(parent: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  declareAccess(parent, 'api');
  // A request without a valid token is answered 401 before its query is validated, so a caller
  // without credentials learns nothing about a route's parameters.
  parent.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.access === 'api' && request.actor.kind === 'anonymous') {
      throw new DomainError('unauthenticated', 'Sign in to continue.');
    }
  });
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/openapi.json',
    {
      // The description of the API is public, like its documentation page.
      config: { access: 'public' },
      schema: {
        summary: 'This OpenAPI document',
        tags: ['Meta'],
        security: [],
        response: { 200: z.record(z.string(), z.unknown()).meta({ description: 'OpenAPI 3.1 document' }) },
      },
    },
    async () => parent.swagger() as unknown as Record<string, unknown>,
  );

  app.get(
    '/boroughs',
    {
      schema: {
        summary: 'List the London areas',
        description:
          'The London areas the token may see, ordered by name: all 33 (32 boroughs and the City of London), or a borough role’s assigned boroughs.',
        tags: ['Boroughs'],
        response: {
          200: z.object({ data: z.array(boroughSchema) }).describe('The London areas'),
          ...errors,
        },
      },
    },
    async (request) => ({ data: (await listAreas(requestContext(deps, request))).map(presentBorough) }),
  );

  app.get(
    '/boroughs/:code',
    {
      schema: {
        summary: 'One London area',
        description:
          'A London area by its ONS GSS code (E09000001 to E09000033). A borough outside a borough role’s assignment answers 404, as a missing one does.',
        tags: ['Boroughs'],
        params: z.object({
          code: z.string().max(20).meta({ description: 'ONS GSS code', example: 'E09000007' }),
        }),
        response: {
          200: z.object({ data: boroughSchema }).describe('The area'),
          ...errors,
          404: problemResponse('No London area has that code'),
        },
      },
    },
    async (request) => ({
      data: presentBorough(await getArea(requestContext(deps, request), { gssCode: request.params.code })),
    }),
  );

  const codeParams = z.object({
    code: z.string().max(20).meta({ description: 'ONS GSS code', example: 'E09000022' }),
  });

  app.get(
    '/boroughs/:code/wards',
    {
      schema: {
        summary: 'The wards of a borough',
        description:
          'The wards of a London area in the newest loaded ward boundaries, by name. A borough outside a borough role’s assignment answers 404.',
        tags: ['Boroughs'],
        params: codeParams,
        response: { 200: wardsSchema, ...errors, 404: problemResponse('No London area has that code') },
      },
    },
    async (request) =>
      presentWards(
        await getBoroughGeography(requestContext(deps, request), { gssCode: request.params.code }),
      ),
  );

  app.get(
    '/boroughs/:code/constituencies',
    {
      schema: {
        summary: 'The constituencies covering a borough',
        description:
          'The Westminster constituencies that cover part of a London area in the newest loaded boundaries: from the ward-to-constituency lookup where one is loaded, otherwise from the overlap table. Their MPs are the borough’s MPs.',
        tags: ['Boroughs'],
        params: codeParams,
        response: {
          200: constituenciesSchema,
          ...errors,
          404: problemResponse('No London area has that code'),
        },
      },
    },
    async (request) =>
      presentConstituencies(
        await getBoroughGeography(requestContext(deps, request), { gssCode: request.params.code }),
      ),
  );

  await parent.register(estateApiRoutes, { deps });
  await parent.register(stakeholderApiRoutes, { deps });
  await parent.register(segmentApiRoutes, { deps });
}
