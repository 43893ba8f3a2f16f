import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import type { Context } from '../../../domain/access/actor.ts';
import { isDomainError } from '../../../domain/shared/errors.ts';
import { chooseImportMapping } from '../../../domain/stakeholders/import/choose-import-mapping.ts';
import {
  commitStakeholderImport,
  startStakeholderImport,
} from '../../../domain/stakeholders/import/commit-stakeholder-import.ts';
import { getStakeholderImportStatus } from '../../../domain/stakeholders/import/get-import-status.ts';
import type { ImportProgress } from '../../../domain/stakeholders/import/plan-stakeholder-import.ts';
import { previewStakeholderImport } from '../../../domain/stakeholders/import/preview-stakeholder-import.ts';
import {
  maxStakeholderFileBytes,
  stakeholderImportBoroughs,
  uploadStakeholderImport,
} from '../../../domain/stakeholders/import/upload-stakeholder-import.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import {
  columnGuide,
  type PreviewErrors,
  presentPreview,
  presentProgress,
} from './stakeholder-import.present.ts';

/** An uploaded file as the form's body holds it (see onFile below). */
const uploaded = z.object({ fileName: z.string(), bytes: z.instanceof(Buffer) });

const uploadForm = z.object({
  borough: formText,
  file: uploaded.optional().catch(undefined),
});
const importParams = z.object({ id: formText });
const previewQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });
const progressQuery = z.object({ refresh: formText });

const uploadFieldOrder = { borough: 'borough', bytes: 'file' };

/** How often the progress page asks again, in seconds, while the import runs. */
const refreshSeconds = 2;

/** An import running in the background of this process: how far it has got, and its end. */
type Job = { progress: ImportProgress | undefined; done: Promise<void> };

/**
 * Importing stakeholders from CSV or Excel: upload (with the borough), the columns and every row's
 * plan, then a commit that runs in the background of this process while a status page follows it.
 * The use cases decide who may do what; these handlers only translate.
 */
export async function stakeholderImportRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // One byte over the limit is read, so the use case can say the file is too large.
    limits: { fileSize: maxStakeholderFileBytes + 1, files: 1, fields: 5 },
    throwFileSizeLimit: false,
    async onFile(part: MultipartFile & { value?: unknown }) {
      const bytes = await part.toBuffer();
      part.value = { fileName: part.filename, bytes };
    },
  });

  /** Imports running in this process, by upload id; the app waits for them before it closes. */
  const jobs = new Map<string, Job>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...jobs.values()].map((j) => j.done));
  });

  async function renderForm(ctx: Context, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const boroughs = await stakeholderImportBoroughs(ctx);
    const values = (extra.values ?? {}) as { borough?: string };
    return reply.page('staff/stakeholder-import/stakeholder-import.njk', {
      pageTitle: 'Import stakeholders',
      maxMegabytes: maxStakeholderFileBytes / 1024 / 1024,
      columns: columnGuide(),
      boroughItems: [
        ...(boroughs.length === 1 ? [] : [{ value: '', text: 'Choose a borough' }]),
        ...boroughs.map((b) => ({ value: b.code, text: b.name, selected: values.borough === b.code })),
      ],
      ...extra,
    });
  }

  app.get('/stakeholders/import', async (request, reply) => renderForm(requestContext(deps, request), reply));

  app.post('/stakeholders/import', async (request, reply) => {
    const form = uploadForm.parse(request.body ?? {});
    const ctx = requestContext(deps, request);
    try {
      const { id } = await uploadStakeholderImport(ctx, {
        areaCode: form.borough,
        fileName: form.file?.fileName,
        bytes: form.file?.bytes,
      });
      return reply.redirect(`/stakeholders/imports/${id}`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
      const errors = { ...error.details.fields };
      return renderForm(ctx, reply.code(400), {
        values: { borough: form.borough },
        errors: { borough: errors.borough, file: errors.bytes },
        errorList: errorList(errors, uploadFieldOrder),
      });
    }
  });

  async function renderPreview(
    ctx: Context,
    reply: FastifyReply,
    id: string,
    page: number,
    mappingErrors: PreviewErrors = {},
  ) {
    const preview = await previewStakeholderImport(ctx, id);
    if (!preview.plan || preview.status === 'committing') {
      return reply.redirect(`/stakeholders/imports/${id}/progress`, 303);
    }
    const view = presentPreview(preview, page, mappingErrors);
    return reply.page('staff/stakeholder-import/stakeholder-import-preview.njk', {
      pageTitle: `Check ${view.fileName}`,
      backLink: { href: '/stakeholders/import', text: 'Import another file' },
      plan: view,
      errorList: view.errorList,
    });
  }

  app.get('/stakeholders/imports/:id', async (request, reply) => {
    const { id } = importParams.parse(request.params);
    const { page } = previewQuery.parse(request.query ?? {});
    return renderPreview(requestContext(deps, request), reply, id, page);
  });

  app.post('/stakeholders/imports/:id/mapping', async (request, reply) => {
    const { id } = importParams.parse(request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const fields: string[] = [];
    for (let i = 0; i < 500 && `column-${i}` in body; i += 1)
      fields.push(formText.parse(body[`column-${i}`]));
    const ctx = requestContext(deps, request);
    try {
      await chooseImportMapping(ctx, { id, fields });
      return reply.redirect(`/stakeholders/imports/${id}`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid' || !error.details.fields) throw error;
      reply.code(400);
      return renderPreview(ctx, reply, id, 1, error.details.fields);
    }
  });

  app.post('/stakeholders/imports/:id/commit', async (request, reply) => {
    const { id } = importParams.parse(request.params);
    const ctx = requestContext(deps, request);
    try {
      await startStakeholderImport(ctx, id);
    } catch (error) {
      // Already running, or done: the status page says which.
      if (isDomainError(error) && error.code === 'conflict') {
        return reply.redirect(`/stakeholders/imports/${id}/progress`, 303);
      }
      throw error;
    }
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const job: Job = { progress: undefined, done: Promise.resolve() };
    jobs.set(id, job);
    job.done = commitStakeholderImport(ctx, {
      id,
      onStarted: started,
      onProgress: (p) => {
        job.progress = p;
      },
    })
      .then(
        () => undefined,
        (error: unknown) => {
          // The use case has recorded why it failed; only the unexpected is logged.
          if (!isDomainError(error)) request.log.error({ err: error }, 'stakeholder import failed');
        },
      )
      .finally(() => {
        jobs.delete(id);
        started();
      });
    // The redirect waits until the import holds its upload, so the status page finds it running.
    await running;
    return reply.redirect(`/stakeholders/imports/${id}/progress`, 303);
  });

  app.get('/stakeholders/imports/:id/progress', async (request, reply) => {
    const { id } = importParams.parse(request.params);
    const { refresh } = progressQuery.parse(request.query ?? {});
    const ctx = requestContext(deps, request);
    const job = jobs.get(id);
    const status = await getStakeholderImportStatus(ctx, { id, running: job !== undefined });
    const view = presentProgress(status, job?.progress);
    const updating = view.running && refresh !== 'off';
    // The page asks again by itself while the import runs (an HTTP Refresh, so no script is
    // needed); the person can stop it, as WCAG 2.2.1 asks.
    if (updating) reply.header('refresh', String(refreshSeconds));
    return reply.page('staff/stakeholder-import/stakeholder-import-progress.njk', {
      pageTitle: view.running
        ? `Importing ${view.fileName}`
        : view.committed
          ? 'Import complete'
          : `Import of ${view.fileName}`,
      progress: view,
      updating,
      refreshSeconds,
    });
  });
}
