import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { getReferenceData } from '../../../domain/geography/get-reference-data.ts';
import { importBoundaries } from '../../../domain/geography/import-boundaries.ts';
import { importConstituencies } from '../../../domain/geography/import-constituencies.ts';
import { importOverlap } from '../../../domain/geography/import-overlap.ts';
import { importWardLookup } from '../../../domain/geography/import-ward-lookup.ts';
import { importWards } from '../../../domain/geography/import-wards.ts';
import { describeRowError, ImportRejected } from '../../../domain/geography/ons-table.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { requestContext } from '../../request-context.ts';
import { presentImportResult, presentReferenceData } from './reference-data.present.ts';

export const fileKinds = ['wards', 'constituencies', 'ward-lookup', 'overlap', 'boundaries'] as const;
type FileKind = (typeof fileKinds)[number];

const importers = {
  wards: importWards,
  constituencies: importConstituencies,
  'ward-lookup': importWardLookup,
  overlap: importOverlap,
  boundaries: importBoundaries,
} as const;

const uploadForm = z.object({
  kind: z.unknown().optional(),
  file: z.unknown().optional(),
  effectiveFrom: z.unknown().optional(),
});

/** At most 20 MB: the largest ONS lookup for London is well under 1 MB. */
const maxFileBytes = 20 * 1024 * 1024;

/** Administrators load ONS wards, constituencies, lookups and boundaries by uploading the files. */
export async function referenceDataRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: maxFileBytes, files: 1, fields: 5 },
  });

  async function render(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const data = await getReferenceData(requestContext(deps, request));
    return reply.page('staff/reference-data/reference-data.njk', {
      pageTitle: 'Wards and constituencies',
      ...presentReferenceData(data),
      ...extra,
    });
  }

  app.get('/reference-data', (request, reply) => render(request, reply));

  app.post('/reference-data', async (request, reply) => {
    const form = uploadForm.parse(request.body ?? {});
    const kind =
      typeof form.kind === 'string' && (fileKinds as readonly string[]).includes(form.kind)
        ? (form.kind as FileKind)
        : undefined;
    const bytes = Buffer.isBuffer(form.file) ? form.file : undefined;
    const problems: Record<string, string> = {};
    if (!kind) problems.kind = 'Choose what the file holds';
    if (!bytes || bytes.length === 0) problems.file = 'Choose a file to upload';
    if (!kind || !bytes || bytes.length === 0) {
      // Only administrators get this far with a form they can correct; others are refused here.
      await getReferenceData(requestContext(deps, request));
      return render(request, reply.code(400), {
        values: { kind },
        errors: problems,
        errorList: Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` })),
      });
    }
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    try {
      const effectiveFrom = typeof form.effectiveFrom === 'string' ? form.effectiveFrom : undefined;
      const result = await importers[kind](requestContext(deps, request), { text, effectiveFrom });
      return render(request, reply, { imported: presentImportResult(kind, result) });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid') throw error;
      const rows = error instanceof ImportRejected ? error.rowErrors : [];
      if (error.details.fields?.effectiveFrom) {
        return render(request, reply.code(400), {
          values: { kind, effectiveFrom: form.effectiveFrom },
          errors: { effectiveFrom: error.details.fields.effectiveFrom },
          errorList: [{ text: error.details.fields.effectiveFrom, href: '#effectiveFrom' }],
        });
      }
      return render(request, reply.code(400), {
        values: { kind },
        errors: { file: error.message },
        errorList: [
          { text: error.message, href: '#file' },
          ...rows.slice(0, 50).map((r) => ({ text: describeRowError(r), href: '#file' })),
          ...(rows.length > 50 ? [{ text: `and ${rows.length - 50} more`, href: '#file' }] : []),
        ],
      });
    }
  });
}
