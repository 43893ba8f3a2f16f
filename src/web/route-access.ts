import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Who may reach a route, declared for every route. The web layer only admits or turns away; what a
 * signed-in person may then do is decided by the use case (domain/access/policy.ts).
 *
 * - `public`: anyone (sign-in, health checks, the footer pages, assets, the API description);
 * - `staff`: signed in with a session; others are sent to sign in;
 * - `api`: a personal access token; others get 401 problem details.
 */
export const routeAccess = ['public', 'staff', 'api'] as const;
export type RouteAccess = (typeof routeAccess)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export type RouteEntry = Readonly<{ method: string; url: string; config: { access?: RouteAccess } }>;

/** Gives every route registered in this plugin (and those below it) the access, unless it names its own. */
export function declareAccess(app: FastifyInstance, access: RouteAccess): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    route.config ??= {};
    route.config.access ??= access;
  });
}

/** Keeps the route table, and refuses to start when any route has not declared its access. */
export function trackRoutes(app: FastifyInstance): RouteEntry[] {
  const table: RouteEntry[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    route.config ??= {};
    for (const method of [route.method].flat()) table.push({ method, url: route.url, config: route.config });
  });
  app.addHook('onReady', async () => {
    const undeclared = table.filter((r) => !r.config.access || !routeAccess.includes(r.config.access));
    if (undeclared.length > 0) {
      throw new Error(
        `Routes without declared access: ${undeclared.map((r) => `${r.method} ${r.url}`).join(', ')}`,
      );
    }
  });
  return table;
}
