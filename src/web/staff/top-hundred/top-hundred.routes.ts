import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { type DomainError, isDomainError } from '../../../domain/shared/errors.ts';
import { getCoverage } from '../../../domain/stakeholders/coverage/get-coverage.ts';
import { addToTopHundred } from '../../../domain/stakeholders/top-hundred/add-to-top-hundred.ts';
import { getStakeholderGrid } from '../../../domain/stakeholders/top-hundred/get-stakeholder-grid.ts';
import { getTopHundred } from '../../../domain/stakeholders/top-hundred/get-top-hundred.ts';
import { moveInTopHundred } from '../../../domain/stakeholders/top-hundred/move-in-top-hundred.ts';
import { removeFromTopHundred } from '../../../domain/stakeholders/top-hundred/remove-from-top-hundred.ts';
import { formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import {
  type Notice,
  presentCoverage,
  presentGrid,
  presentTopHundred,
  type RowErrors,
  topHundredHref,
} from './top-hundred.present.ts';

const codeParams = z.object({ code: formText });
const personParams = z.object({ code: formText, personId: formText });
const listQuery = z.object({ q: formText, done: formText, person: formText, from: formText });
const addForm = z.object({ personId: formText, q: formText });
const moveForm = z.object({ to: formText });
const gridQuery = z.object({ cell: formText });

/** Refusals a person can act on from the list itself; anything else goes to the error page. */
const correctable = (error: unknown): error is DomainError =>
  isDomainError(error) && (error.code === 'invalid' || error.code === 'conflict');

const statusOf = (error: DomainError) => (error.code === 'conflict' ? 409 : 400);

const afterChange = (code: string, done: string, personId: string, from?: number | null) =>
  `${topHundredHref(code)}?${new URLSearchParams({
    done,
    person: personId,
    ...(from ? { from: String(from) } : {}),
  }).toString()}`;

/** Each borough's top 100, influence and interest grid, and coverage check. */
export async function topHundredRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  async function renderList(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      code: string;
      q?: string;
      notice?: Notice;
      about?: string;
      rowErrors?: RowErrors;
      addError?: string;
      errorSummary?: { text: string; href: string }[];
    },
  ) {
    const view = await getTopHundred(requestContext(deps, request), {
      areaCode: options.code,
      q: options.q,
      about: options.about,
    });
    const page = presentTopHundred(view, options);
    return reply.page('staff/top-hundred/top-hundred.njk', {
      pageTitle: page.title,
      backLink: { href: `/boroughs/${view.area.gssCode}`, text: view.area.name },
      page,
      errorList: options.errorSummary,
    });
  }

  app.get('/boroughs/:code/top-100', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const q = listQuery.parse(request.query ?? {});
    return renderList(request, reply, {
      code,
      q: q.q,
      about: q.done ? q.person : undefined,
      notice: q.done ? { done: q.done, from: q.from } : undefined,
    });
  });

  app.post('/boroughs/:code/top-100/add', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const form = addForm.parse(request.body ?? {});
    try {
      const added = await addToTopHundred(requestContext(deps, request), {
        areaCode: code,
        personId: form.personId,
      });
      return reply.redirect(afterChange(code, 'added', added.personId), 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      const message = error.details.fields?.personId ?? error.message;
      return renderList(request, reply.code(statusOf(error)), {
        code,
        q: form.q,
        addError: message,
        errorSummary: [{ text: message, href: form.q ? '#q' : '#main-content' }],
      });
    }
  });

  app.post('/boroughs/:code/top-100/:personId/move', async (request, reply) => {
    const { code, personId } = personParams.parse(request.params);
    const form = moveForm.parse(request.body ?? {});
    try {
      const moved = await moveInTopHundred(requestContext(deps, request), {
        areaCode: code,
        personId,
        to: form.to,
      });
      return reply.redirect(afterChange(code, 'moved', moved.personId, moved.from), 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      const message = error.details.fields?.to;
      return renderList(request, reply.code(statusOf(error)), {
        code,
        rowErrors: message ? { [personId.toLowerCase()]: { message, value: form.to } } : undefined,
        errorSummary: [
          message
            ? { text: message, href: `#rank-${personId.toLowerCase()}` }
            : { text: error.message, href: '#main-content' },
        ],
      });
    }
  });

  app.post('/boroughs/:code/top-100/:personId/remove', async (request, reply) => {
    const { code, personId } = personParams.parse(request.params);
    try {
      const removed = await removeFromTopHundred(requestContext(deps, request), { areaCode: code, personId });
      return reply.redirect(afterChange(code, 'removed', removed.personId), 303);
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderList(request, reply.code(statusOf(error)), {
        code,
        errorSummary: [{ text: error.message, href: '#main-content' }],
      });
    }
  });

  app.get('/boroughs/:code/stakeholder-grid', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const { cell } = gridQuery.parse(request.query ?? {});
    const view = await getStakeholderGrid(requestContext(deps, request), { areaCode: code });
    const page = presentGrid(view, cell);
    return reply.page('staff/top-hundred/stakeholder-grid.njk', {
      pageTitle: `${page.title}: ${view.area.name}`,
      backLink: { href: `/boroughs/${view.area.gssCode}`, text: view.area.name },
      page,
    });
  });

  app.get('/boroughs/:code/coverage', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const view = await getCoverage(requestContext(deps, request), code);
    const page = presentCoverage(view);
    return reply.page('staff/top-hundred/coverage.njk', {
      pageTitle: `${page.title}: ${view.area.name}`,
      backLink: { href: `/boroughs/${view.area.gssCode}`, text: view.area.name },
      page,
    });
  });
}
