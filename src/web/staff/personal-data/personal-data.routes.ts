import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { type DomainError, isDomainError } from '../../../domain/shared/errors.ts';
import {
  dismissDuplicateFlag,
  listDuplicateFlags,
} from '../../../domain/stakeholders/personal-data/duplicates.ts';
import {
  erasePerson,
  erasureChangedMeanwhile,
  previewErasure,
} from '../../../domain/stakeholders/personal-data/erase-person.ts';
import { type MergeField, mergeFields } from '../../../domain/stakeholders/personal-data/merge.ts';
import {
  compareForMerge,
  findMergeCandidates,
  mergeChangedMeanwhile,
  mergePeople,
} from '../../../domain/stakeholders/personal-data/merge-people.ts';
import { listPastReview } from '../../../domain/stakeholders/personal-data/retention.ts';
import { exportSubjectAccess } from '../../../domain/stakeholders/personal-data/subject-access.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import {
  personHref,
  presentDuplicates,
  presentErasure,
  presentMerge,
  presentMergeSearch,
  presentPastReview,
  presentSubjectAccess,
  subjectAccessFileName,
} from './personal-data.present.ts';

const idParams = z.object({ id: formText });
const doneQuery = z.object({ done: formText });
const mergeQuery = z.object({ with: formText, q: formText });
const eraseForm = z.object({ confirmName: formText, version: formText });
const mergeForm = z.object({ with: formText, keptVersion: formText, otherVersion: formText });

/** A posted body that is not an object of fields (a JSON array, a number) is an empty form. */
const fieldsOfBody = (body: unknown): Record<string, unknown> =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** A version number as a hidden field carries it; anything else is no version. */
const versionOf = (text: string): number | undefined => (/^\d{1,9}$/.test(text) ? Number(text) : undefined);

const isProblem = (error: unknown, ...codes: DomainError['code'][]): error is DomainError =>
  isDomainError(error) && codes.includes(error.code);

const fieldsOf = (error: DomainError): Record<string, string> =>
  error.details.fields ? { ...error.details.fields } : { _: error.message };

const stakeholdersCrumb = { text: 'Stakeholders', href: '/stakeholders' };

const doneMessages: Readonly<Record<string, string>> = {
  dismissed: 'Marked as not the same person. The pair will not be listed again.',
  settled: 'That pair had already been settled.',
};

const mergeFieldOrder = Object.fromEntries(mergeFields.map((f) => [f.key, f.key]));

/**
 * Personal data: the subject access export (a printable page and a JSON download), erasure with a
 * typed confirmation, the records past review, and the possible duplicates with merging. The use
 * cases decide who may do what; these handlers only translate.
 */
export async function personalDataRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  // --- Subject access ------------------------------------------------------------------------------

  app.get('/stakeholders/:id/subject-access', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const sar = await exportSubjectAccess(requestContext(deps, request), { id, format: 'html' });
    const view = presentSubjectAccess(sar);
    return reply.page('staff/personal-data/subject-access.njk', {
      pageTitle: `Subject access export: ${sar.name}`,
      breadcrumbs: [stakeholdersCrumb, { text: sar.name, href: view.personHref }],
      sar: view,
    });
  });

  app.get('/stakeholders/:id/subject-access.json', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const sar = await exportSubjectAccess(requestContext(deps, request), { id, format: 'json' });
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${subjectAccessFileName(sar)}"`)
      .header('cache-control', 'no-store')
      .send(`${JSON.stringify(sar, null, 2)}\n`);
  });

  // --- Erasure ---------------------------------------------------------------------------------------

  async function renderErase(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { typed?: string; errors?: Record<string, string> } = {},
  ) {
    const preview = await previewErasure(requestContext(deps, request), { id });
    const view = presentErasure(preview);
    return reply.page('staff/personal-data/erase.njk', {
      pageTitle: `Erase ${preview.person.fullName}`,
      breadcrumbs: [stakeholdersCrumb, { text: preview.person.fullName, href: view.personHref }],
      erasure: view,
      typed: extra.typed ?? '',
      errors: extra.errors,
      errorList: extra.errors ? errorList(extra.errors, { confirmName: 'confirmName' }) : undefined,
    });
  }

  app.get('/stakeholders/:id/erase', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return renderErase(request, reply, id);
  });

  app.post('/stakeholders/:id/erase', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const form = eraseForm.parse(fieldsOfBody(request.body));
    try {
      const erased = await erasePerson(requestContext(deps, request), {
        id,
        confirmName: form.confirmName,
        expectedVersion: versionOf(form.version),
      });
      return reply.redirect(`${personHref(erased.id)}?done=erased`, 303);
    } catch (error) {
      if (isProblem(error, 'invalid')) {
        return renderErase(request, reply.code(400), id, {
          typed: form.confirmName,
          errors: fieldsOf(error),
        });
      }
      // Changed while being looked at: show what erasing would now remove.
      if (isProblem(error, 'conflict') && error.message === erasureChangedMeanwhile) {
        return renderErase(request, reply.code(409), id, { errors: { _: error.message } });
      }
      throw error;
    }
  });

  // --- Retention -------------------------------------------------------------------------------------

  app.get('/stakeholders/review', async (request, reply) => {
    const review = await listPastReview(requestContext(deps, request));
    return reply.page('staff/personal-data/review.njk', {
      pageTitle: 'Records past their review date',
      breadcrumbs: [stakeholdersCrumb],
      review: presentPastReview(review),
    });
  });

  // --- Duplicates and merging ------------------------------------------------------------------------

  app.get('/stakeholders/duplicates', async (request, reply) => {
    const list = await listDuplicateFlags(requestContext(deps, request));
    return reply.page('staff/personal-data/duplicates.njk', {
      pageTitle: 'Possible duplicates',
      breadcrumbs: [stakeholdersCrumb],
      duplicates: presentDuplicates(list),
      done: doneMessages[doneQuery.parse(request.query ?? {}).done],
    });
  });

  app.post('/stakeholders/duplicates/:id/dismiss', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    try {
      await dismissDuplicateFlag(requestContext(deps, request), { id });
      return reply.redirect('/stakeholders/duplicates?done=dismissed', 303);
    } catch (error) {
      if (isProblem(error, 'conflict')) return reply.redirect('/stakeholders/duplicates?done=settled', 303);
      throw error;
    }
  });

  async function renderMergeSearch(request: FastifyRequest, reply: FastifyReply, id: string, q: string) {
    const { person, candidates } = await findMergeCandidates(requestContext(deps, request), { id, q });
    return reply.page('staff/personal-data/merge-search.njk', {
      pageTitle: `Merge ${person.fullName} with another record`,
      breadcrumbs: [stakeholdersCrumb, { text: person.fullName, href: personHref(person.id) }],
      search: presentMergeSearch(person, q, candidates),
    });
  }

  async function renderMerge(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    withId: string,
    extra: { chosen?: Partial<Record<MergeField, string>>; errors?: Record<string, string> } = {},
  ) {
    const comparison = await compareForMerge(requestContext(deps, request), { id, withId });
    return reply.page('staff/personal-data/merge.njk', {
      pageTitle: `Merge ${comparison.other.fullName} into ${comparison.kept.fullName}`,
      breadcrumbs: [
        stakeholdersCrumb,
        { text: comparison.kept.fullName, href: personHref(comparison.kept.id) },
      ],
      merge: presentMerge(comparison, extra.chosen),
      errors: extra.errors,
      errorList: extra.errors ? errorList(extra.errors, mergeFieldOrder) : undefined,
    });
  }

  app.get('/stakeholders/:id/merge', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const query = mergeQuery.parse(request.query ?? {});
    if (query.with === '') return renderMergeSearch(request, reply, id, query.q);
    try {
      return await renderMerge(request, reply, id, query.with);
    } catch (error) {
      // An id that cannot be a record: look for the other record instead.
      if (isProblem(error, 'invalid')) return renderMergeSearch(request, reply.code(400), id, query.q);
      throw error;
    }
  });

  app.post('/stakeholders/:id/merge', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const body = fieldsOfBody(request.body);
    const form = mergeForm.parse(body);
    const chosen = Object.fromEntries(
      mergeFields.map((f) => [f.key, formText.parse(body[f.key])]).filter(([, v]) => v !== ''),
    ) as Partial<Record<MergeField, string>>;
    try {
      const merged = await mergePeople(requestContext(deps, request), {
        id,
        withId: form.with,
        choices: chosen,
        keptVersion: versionOf(form.keptVersion),
        otherVersion: versionOf(form.otherVersion),
      });
      return reply.redirect(`${personHref(merged.id)}?done=merged`, 303);
    } catch (error) {
      if (isProblem(error, 'invalid') && error.details.fields?.with) {
        return renderMergeSearch(request, reply.code(400), id, '');
      }
      if (isProblem(error, 'invalid')) {
        return renderMerge(request, reply.code(400), id, form.with, { chosen, errors: fieldsOf(error) });
      }
      // A record changed meanwhile: compare them again as they are now.
      if (isProblem(error, 'conflict') && error.message === mergeChangedMeanwhile) {
        return renderMerge(request, reply.code(409), id, form.with, { errors: { _: error.message } });
      }
      throw error;
    }
  });
}
