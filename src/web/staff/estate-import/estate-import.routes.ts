import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { contentTypes, writeCsv, writeXlsx } from '../../../documents/spreadsheet.ts';
import { commitEstateImport, EstateImportRejected } from '../../../domain/estate/commit-estate-import.ts';
import { exportEstate } from '../../../domain/estate/export-estate.ts';
import { previewEstateImport } from '../../../domain/estate/preview-estate-import.ts';
import {
  authorizeEstateImportForm,
  maxEstateFileBytes,
  uploadEstateImport,
} from '../../../domain/estate/upload-estate-import.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { londonDay } from '../../../domain/shared/london-time.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { columnGuide, exportFileName, presentCommitted, presentPlan } from './estate-import.present.ts';

/** An uploaded file as the form's body holds it (see onFile below). */
const uploaded = z.object({ fileName: z.string(), bytes: z.instanceof(Buffer) });

const uploadForm = z.object({
  kind: formText,
  file: uploaded.optional().catch(undefined),
});
const importParams = z.object({ id: formText });
const exportQuery = z.object({ borough: formText });

const fieldOrder = { kind: 'kind', bytes: 'file' };

/**
 * Importing sites and proposals from CSV or Excel (upload, preview, commit) and downloading them in
 * the same layout. The use cases decide who may do what; these handlers only translate.
 */
export async function estateImportRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // One byte over the limit is read, so the use case can say the file is too large.
    limits: { fileSize: maxEstateFileBytes + 1, files: 1, fields: 5 },
    throwFileSizeLimit: false,
    async onFile(part: MultipartFile & { value?: unknown }) {
      const bytes = await part.toBuffer();
      part.value = { fileName: part.filename, bytes };
    },
  });

  function renderForm(reply: FastifyReply, extra: Record<string, unknown> = {}) {
    return reply.page('staff/estate-import/estate-import.njk', {
      pageTitle: 'Import and export sites and proposals',
      values: {},
      maxMegabytes: maxEstateFileBytes / 1024 / 1024,
      columns: columnGuide(),
      ...extra,
    });
  }

  app.get('/estate/import', async (request, reply) => {
    authorizeEstateImportForm(requestContext(deps, request));
    return renderForm(reply);
  });

  app.post('/estate/import', async (request, reply) => {
    const form = uploadForm.parse(request.body ?? {});
    try {
      const { id } = await uploadEstateImport(requestContext(deps, request), {
        kind: form.kind,
        fileName: form.file?.fileName,
        bytes: form.file?.bytes,
      });
      return reply.redirect(`/estate/imports/${id}`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
      const errors = { ...error.details.fields };
      return renderForm(reply.code(400), {
        values: { kind: form.kind },
        errors: { kind: errors.kind, file: errors.bytes },
        errorList: errorList(errors, fieldOrder),
      });
    }
  });

  function renderPreview(reply: FastifyReply, plan: Parameters<typeof presentPlan>[0], problem?: string) {
    const view = presentPlan(plan);
    return reply.page('staff/estate-import/estate-import-preview.njk', {
      pageTitle: `Check ${view.fileName}`,
      backLink: { href: '/estate/import', text: 'Import another file' },
      plan: view,
      errorList: problem ? [{ text: problem, href: '#rows' }, ...(view.errorList ?? [])] : view.errorList,
    });
  }

  app.get('/estate/imports/:id', async (request, reply) => {
    const { id } = importParams.parse(request.params);
    const plan = await previewEstateImport(requestContext(deps, request), { id });
    return renderPreview(reply, plan);
  });

  app.post('/estate/imports/:id/commit', async (request, reply) => {
    const { id } = importParams.parse(request.params);
    const ctx = requestContext(deps, request);
    try {
      const result = await commitEstateImport(ctx, { id });
      return reply.page('staff/estate-import/estate-import-done.njk', {
        pageTitle: presentCommitted(result).headline,
        done: presentCommitted(result),
      });
    } catch (error) {
      if (error instanceof EstateImportRejected) {
        return renderPreview(reply.code(400), { ...error.plan, id }, error.message);
      }
      if (isDomainError(error) && error.code === 'conflict') {
        const plan = await previewEstateImport(ctx, { id });
        return renderPreview(reply.code(409), plan, error.message);
      }
      throw error;
    }
  });

  for (const kind of ['sites', 'proposals'] as const) {
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/estate/${kind}.${format}`, async (request, reply) => {
        const { borough } = exportQuery.parse(request.query ?? {});
        const ctx = requestContext(deps, request);
        const exported = await exportEstate(ctx, { kind, areaCode: borough });
        const body = format === 'csv' ? writeCsv(exported.sheet) : await writeXlsx(exported.sheet);
        const fileName = exportFileName(kind, exported.areaCode, londonDay(ctx.clock.now()), format);
        return reply
          .header('content-type', contentTypes[format])
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .header('cache-control', 'no-store')
          .send(body);
      });
    }
  }
}
