import { fileURLToPath } from 'node:url';
import view from '@fastify/view';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import type { Actor } from '../domain/access/actor.ts';
import { can } from '../domain/access/policy.ts';
import { stylesheet } from './assets/stylesheet.ts';
import { renderMarkdown } from './markdown.ts';
import { newNonce } from './security-headers.ts';
import './request-types.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Template search paths: our own (views/…, staff/…, public/…) then the two design systems. */
const templatePaths = [
  here('./'),
  here('../../node_modules/govuk-frontend/dist/'),
  here('../../node_modules/@ministryofjustice/frontend/'),
];

type NavItem = { text: string; href: string; current: boolean };

/** Only pages that exist, and only for people who can open them. */
function navigationFor(actor: Actor, path: string): NavItem[] {
  if (actor.kind !== 'user') return [];
  const items = [
    { text: 'London overview', href: '/', matches: (p: string) => p === '/' || p.startsWith('/boroughs') },
    ...(can(actor, 'stakeholder:read')
      ? [
          {
            text: 'Stakeholders',
            href: '/stakeholders',
            matches: (p: string) =>
              p.startsWith('/stakeholders') || p.startsWith('/organisations') || p.startsWith('/segments'),
          },
        ]
      : []),
    ...(can(actor, 'estate:read')
      ? [{ text: 'Timetable', href: '/timetable', matches: (p: string) => p.startsWith('/timetable') }]
      : []),
    ...(can(actor, 'estate:import')
      ? [
          {
            text: 'Import and export',
            href: '/estate/import',
            matches: (p: string) => p.startsWith('/estate/'),
          },
        ]
      : []),
    { text: 'API tokens', href: '/account/tokens', matches: (p: string) => p.startsWith('/account/tokens') },
    ...(can(actor, 'user:list')
      ? [{ text: 'Users', href: '/users', matches: (p: string) => p.startsWith('/users') }]
      : []),
    ...(can(actor, 'audit:read')
      ? [{ text: 'Audit trail', href: '/audit', matches: (p: string) => p.startsWith('/audit') }]
      : []),
    ...(can(actor, 'token:manage-any')
      ? [{ text: 'All API tokens', href: '/api-tokens', matches: (p: string) => p.startsWith('/api-tokens') }]
      : []),
    ...(can(actor, 'reference:import')
      ? [
          {
            text: 'Wards and constituencies',
            href: '/reference-data',
            matches: (p: string) => p.startsWith('/reference-data'),
          },
        ]
      : []),
    ...(can(actor, 'setting:update')
      ? [{ text: 'Settings', href: '/settings', matches: (p: string) => p.startsWith('/settings') }]
      : []),
  ];
  return items.map(({ text, href, matches }) => ({ text, href, current: matches(path) }));
}

const londonDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long' });
const calendarDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' });
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'short',
});

export const renderPlugin = fp(async (app: FastifyInstance) => {
  await app.register(view, {
    engine: { nunjucks },
    templates: templatePaths,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      noCache: false,
      onConfigure: (env: nunjucks.Environment) => {
        // Times are stored in UTC and shown in London time.
        env.addFilter('londonDate', (d: Date | null) => (d ? londonDate.format(d) : ''));
        env.addFilter('londonDateTime', (d: Date | null) => (d ? londonDateTime.format(d) : ''));
        // A calendar day (YYYY-MM-DD) as "5 May 2022"; the day is the day, whatever the time zone.
        env.addFilter('calendarDay', (day: string | null) =>
          day ? calendarDay.format(new Date(`${day}T12:00:00Z`)) : '',
        );
        env.addFilter(
          'markdown',
          (text: string | null) => new nunjucks.runtime.SafeString(renderMarkdown(text ?? '')),
        );
      },
    },
  });

  const css = `/assets/app-${stylesheet().hash}.css`;

  app.decorateReply(
    'page',
    function page(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
      const { actor, url } = this.request;
      const path = url.split('?')[0] ?? '/';
      const user = actor.kind === 'user' ? { displayName: actor.displayName, email: actor.email } : undefined;
      const nonce = newNonce();
      this.type('text/html; charset=utf-8');
      this.headers(app.securityHeaders.page(nonce));
      return this.view(template, {
        ...data,
        cspNonce: nonce,
        shell: {
          user,
          navigation: navigationFor(actor, path),
          accountCurrent:
            path === '/account' || (path.startsWith('/account/') && !path.startsWith('/account/tokens')),
          csrfToken: this.generateCsrf(),
          assets: { css },
          requestId: this.request.id,
        },
      });
    },
  );
});
