import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import type { Role } from '../../../domain/access/actor.ts';
import { addUser, authorizeAddUserForm } from '../../../domain/access/add-user.ts';
import { disableUser } from '../../../domain/access/disable-user.ts';
import { enableUser } from '../../../domain/access/enable-user.ts';
import { getUserById } from '../../../domain/access/get-user-by-id.ts';
import { listUsers } from '../../../domain/access/list-users.ts';
import { resetPassword } from '../../../domain/access/reset-password.ts';
import { resetTwoFactor } from '../../../domain/access/reset-two-factor.ts';
import { updateUser } from '../../../domain/access/update-user.ts';
import { listAreas } from '../../../domain/geography/list-areas.ts';
import { type DomainError, isDomainError } from '../../../domain/shared/errors.ts';
import { createMailer, type Mailer } from '../../../email/mailer.ts';
import { errorList, formText } from '../../forms.ts';
import { requestContext } from '../../request-context.ts';
import { doneMessages, presentLink, presentUser, presentUserForm, type UserForm } from './users.present.ts';

/** Checkboxes send nothing, one value or several. */
const formList = z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.string())).catch([]);

const userForm = z.object({
  displayName: formText,
  email: formText,
  role: formText,
  boroughs: formList,
  how: formText,
  password: formText,
});
const userParams = z.object({ id: formText });
const doneQuery = z.object({ done: formText });

const fieldOrder = {
  displayName: 'displayName',
  email: 'email',
  role: 'role',
  boroughs: 'boroughs',
  how: 'how',
  password: 'password',
};

/** Field errors a person can correct on the form; anything else goes to the error page. */
const correctable = (error: unknown): error is DomainError =>
  isDomainError(error) && (error.code === 'invalid' || error.code === 'conflict') && !!error.details.fields;

/** An administrator's pages for the people who use Nonsuch. The use cases refuse everyone else (403). */
export async function userRoutes(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const mailer: Mailer | undefined = deps.config.smtpUrl ? createMailer(deps.config) : undefined;
  app.addHook('onClose', async () => mailer?.close());
  const baseUrl = deps.config.publicUrl;

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    template: 'new' | 'edit',
    data: { values: UserForm; user?: { id: string; displayName: string }; errors?: Record<string, string> },
  ) {
    const areas = await listAreas(requestContext(deps, request));
    const isNew = template === 'new';
    return reply.page(`staff/users/user-${template}.njk`, {
      pageTitle: isNew ? 'Add a user' : `Change ${data.user?.displayName ?? 'user'}`,
      backLink: isNew ? { href: '/users', text: 'Users' } : { href: `/users/${data.user?.id}`, text: 'Back' },
      ...presentUserForm(data.values, areas),
      user: data.user,
      errors: data.errors,
      errorList: data.errors ? errorList(data.errors, fieldOrder) : undefined,
    });
  }

  async function renderUser(request: FastifyRequest, reply: FastifyReply, id: string, problem?: string) {
    const ctx = requestContext(deps, request);
    const user = await getUserById(ctx, { id });
    const areas = await listAreas(ctx);
    const done = doneQuery.parse(request.query ?? {}).done;
    return reply.page('staff/users/user.njk', {
      pageTitle: user.displayName,
      backLink: { href: '/users', text: 'Users' },
      user: presentUser(user, areas),
      self: request.actor.kind === 'user' && request.actor.userId === user.id,
      done: doneMessages[done],
      errorList: problem ? [{ text: problem, href: '#actions' }] : undefined,
    });
  }

  app.get('/users', async (request, reply) => {
    const ctx = requestContext(deps, request);
    const users = await listUsers(ctx);
    const areas = await listAreas(ctx);
    return reply.page('staff/users/users.njk', {
      pageTitle: 'Users',
      users: users.map((u) => presentUser(u, areas)),
    });
  });

  app.get('/users/new', async (request, reply) => {
    authorizeAddUserForm(requestContext(deps, request));
    return renderForm(request, reply, 'new', { values: { how: 'invite' } });
  });

  app.post('/users/new', async (request, reply) => {
    const form = userForm.parse(request.body ?? {});
    const ctx = requestContext(deps, request);
    try {
      const added = await addUser(ctx, {
        email: form.email,
        displayName: form.displayName,
        role: form.role as Role,
        boroughs: form.boroughs,
        how: form.how,
        password: form.password,
        baseUrl,
        mailer,
      });
      if (added.how === 'password') return reply.redirect(`/users/${added.user.id}?done=created`, 303);
      // The link is a secret: shown on this response only, never cached.
      reply.header('cache-control', 'no-store');
      return reply.page('staff/users/user-link.njk', {
        pageTitle: 'User invited',
        ...presentLink(added.invited.user, added.invited.link, added.invited.delivery),
      });
    } catch (error) {
      if (!correctable(error)) throw error;
      return renderForm(request, reply.code(error.code === 'conflict' ? 409 : 400), 'new', {
        values: form,
        errors: { ...error.details.fields },
      });
    }
  });

  app.get('/users/:id', async (request, reply) => {
    const { id } = userParams.parse(request.params);
    return renderUser(request, reply, id);
  });

  app.get('/users/:id/edit', async (request, reply) => {
    const { id } = userParams.parse(request.params);
    const user = await getUserById(requestContext(deps, request), { id });
    return renderForm(request, reply, 'edit', {
      values: { displayName: user.displayName, role: user.role, boroughs: user.boroughs },
      user,
    });
  });

  app.post('/users/:id/edit', async (request, reply) => {
    const { id } = userParams.parse(request.params);
    const form = userForm.parse(request.body ?? {});
    const ctx = requestContext(deps, request);
    try {
      const updated = await updateUser(ctx, {
        id,
        displayName: form.displayName,
        role: form.role as Role,
        boroughs: form.boroughs,
      });
      return reply.redirect(
        `/users/${id}?done=${updated.sessionsEnded ? 'updated-signed-out' : 'updated'}`,
        303,
      );
    } catch (error) {
      if (!correctable(error)) throw error;
      const user = await getUserById(ctx, { id });
      return renderForm(request, reply.code(error.code === 'conflict' ? 409 : 400), 'edit', {
        values: form,
        user,
        errors: { ...error.details.fields },
      });
    }
  });

  /** Actions from the user's page: a refusal (their own account, the last administrator) is shown there. */
  const action =
    (run: (request: FastifyRequest, id: string) => Promise<unknown>, done: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { id } = userParams.parse(request.params);
      try {
        await run(request, id);
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'conflict') throw error;
        return renderUser(request, reply.code(409), id, error.message);
      }
      return reply.redirect(`/users/${id}?done=${done}`, 303);
    };

  app.post(
    '/users/:id/disable',
    action((request, id) => disableUser(requestContext(deps, request), { id }), 'disabled'),
  );
  app.post(
    '/users/:id/enable',
    action((request, id) => enableUser(requestContext(deps, request), { id }), 'enabled'),
  );
  app.post(
    '/users/:id/reset-two-factor',
    action(
      (request, id) => resetTwoFactor(requestContext(deps, request), { userId: id }),
      'two-factor-reset',
    ),
  );

  app.post('/users/:id/reset-password', async (request, reply) => {
    const { id } = userParams.parse(request.params);
    try {
      const reset = await resetPassword(requestContext(deps, request), { id, baseUrl, mailer });
      reply.header('cache-control', 'no-store');
      return reply.page('staff/users/user-link.njk', {
        pageTitle: 'Password reset',
        ...presentLink(reset.user, reset.link, reset.delivery),
      });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'conflict') throw error;
      return renderUser(request, reply.code(409), id, error.message);
    }
  });
}
