import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { compareProposalVersions } from '../../domain/estate/compare-proposal-versions.ts';
import { getAmp } from '../../domain/estate/get-amp.ts';
import { getProposal } from '../../domain/estate/get-proposal.ts';
import { getSite } from '../../domain/estate/get-site.ts';
import { listProposals } from '../../domain/estate/list-proposals.ts';
import { listSites } from '../../domain/estate/list-sites.ts';
import { siteStatuses, siteTypes } from '../../domain/estate/site.ts';
import { getArea } from '../../domain/geography/get-area.ts';
import { requestContext } from '../request-context.ts';
import {
  ampSchema,
  comparisonSchema,
  presentAmp,
  presentComparison,
  presentProposal,
  presentProposalDetail,
  presentSite,
  presentSiteDetail,
  proposalDetailSchema,
  proposalsSchema,
  siteDetailSchema,
  sitesSchema,
} from './estate.present.ts';
import { authErrors, problemResponse } from './problem.ts';

const tags = ['Estate'];

const errors = authErrors;

const invalidQuery = problemResponse(
  'A query parameter is not valid; `errors` names each one with what is wrong',
);

const codeParams = z.object({
  code: z.string().max(20).meta({ description: 'ONS GSS code of the borough', example: 'E09000022' }),
});

const idParams = (what: string) =>
  z.object({
    id: z
      .string()
      .max(100)
      .meta({ description: `The ${what}’s id (a UUID)` }),
  });

/** A true/false query parameter. */
const yesNo = (description: string) =>
  z
    .enum(['true', 'false'], { error: 'Give true or false' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .meta({ description });

const versionNumber = (description: string) =>
  z
    .string({ error: 'Give a version number, like 1' })
    .regex(/^[1-9]\d{0,8}$/, 'Give a version number, like 1')
    .meta({ description, example: '1' });

/** The estate in the JSON API: sites, proposals with their versions, and each borough's AMP. */
export async function estateApiRoutes(parent: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/boroughs/:code/sites',
    {
      schema: {
        summary: 'The sites of a borough',
        description:
          'The buildings of a borough’s estate, by name, optionally filtered by type, status and whether they are iconic. A borough outside a borough role’s assignment answers 404, as a missing one does.',
        tags,
        params: codeParams,
        querystring: z.object({
          type: z
            .enum(siteTypes, { error: `Give one of: ${siteTypes.join(', ')}` })
            .optional()
            .meta({ description: 'Only sites of this type' }),
          status: z
            .enum(siteStatuses, { error: `Give one of: ${siteStatuses.join(', ')}` })
            .optional()
            .meta({ description: 'Only sites with this status' }),
          iconic: yesNo('true: only iconic sites; false: only the others'),
        }),
        response: {
          200: sitesSchema,
          400: invalidQuery,
          ...errors,
          404: problemResponse('No London area has that code'),
        },
      },
    },
    async (request) => {
      const ctx = requestContext(deps, request);
      const area = await getArea(ctx, { gssCode: request.params.code });
      const sites = await listSites(ctx, { areaCode: area.gssCode, ...request.query });
      return { data: sites.map(presentSite) };
    },
  );

  app.get(
    '/sites/:id',
    {
      schema: {
        summary: 'One site, its history and its proposals',
        description:
          'A site with every version of it (newest first) and the proposals for it, each marked imminent or not. A site in a borough outside a borough role’s assignment answers 404, as a missing one does.',
        tags,
        params: idParams('site'),
        response: { 200: siteDetailSchema, ...errors, 404: problemResponse('There is no such site') },
      },
    },
    async (request) =>
      presentSiteDetail(await getSite(requestContext(deps, request), { id: request.params.id })),
  );

  app.get(
    '/boroughs/:code/proposals',
    {
      schema: {
        summary: 'The proposals of a borough',
        description:
          'A borough’s proposals, in date order, each marked imminent when its disposal falls within the imminence window (12 months unless set otherwise). A borough outside a borough role’s assignment answers 404.',
        tags,
        params: codeParams,
        querystring: z.object({
          imminent: yesNo('true: only imminent disposals; false: only the other proposals'),
        }),
        response: {
          200: proposalsSchema,
          400: invalidQuery,
          ...errors,
          404: problemResponse('No London area has that code'),
        },
      },
    },
    async (request) => {
      const ctx = requestContext(deps, request);
      const area = await getArea(ctx, { gssCode: request.params.code });
      const proposals = await listProposals(ctx, { areaCode: area.gssCode, ...request.query });
      return { data: proposals.map(presentProposal) };
    },
  );

  app.get(
    '/proposals/:id',
    {
      schema: {
        summary: 'One proposal with its versions',
        description:
          'A proposal with its reasons, the alternatives considered (money in integer pence), the replacement provision, its planned dates, whether it is imminent, and every version of it (newest first) with who made it, when and why. A proposal in a borough outside a borough role’s assignment answers 404.',
        tags,
        params: idParams('proposal'),
        response: { 200: proposalDetailSchema, ...errors, 404: problemResponse('There is no such proposal') },
      },
    },
    async (request) =>
      presentProposalDetail(await getProposal(requestContext(deps, request), { id: request.params.id })),
  );

  app.get(
    '/proposals/:id/versions/compare',
    {
      schema: {
        summary: 'Two versions of a proposal compared',
        description:
          'Two versions of a proposal side by side, field by field, with each change marked: the evidence that a proposal was still formative when engagement began.',
        tags,
        params: idParams('proposal'),
        querystring: z.object({
          from: versionNumber('The earlier version'),
          to: versionNumber('The later version'),
        }),
        response: {
          200: comparisonSchema,
          400: invalidQuery,
          ...errors,
          404: problemResponse('There is no such proposal, or it has no such version'),
        },
      },
    },
    async (request) =>
      presentComparison(
        await compareProposalVersions(requestContext(deps, request), {
          id: request.params.id,
          from: request.query.from,
          to: request.query.to,
        }),
      ),
  );

  app.get(
    '/boroughs/:code/amp',
    {
      schema: {
        summary: 'The Asset Management Plan of a borough',
        description:
          'A borough’s AMP: draft until a programme lead agrees it, then final with the day it was agreed; its proposals now, and every version of it since it was first agreed. A borough outside a borough role’s assignment answers 404.',
        tags,
        params: codeParams,
        response: { 200: ampSchema, ...errors, 404: problemResponse('No London area has that code') },
      },
    },
    async (request) =>
      presentAmp(await getAmp(requestContext(deps, request), { gssCode: request.params.code })),
  );
}
