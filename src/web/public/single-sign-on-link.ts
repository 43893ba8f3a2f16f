import type { Config } from '../../config.ts';

/** The sign-in page's "Sign in with …" link, when single sign-on is configured. */
export function singleSignOnLink(config: Config, next: string): { text: string; href: string } | undefined {
  if (!config.singleSignOn) return undefined;
  const query = next === '/' ? '' : `?${new URLSearchParams({ next })}`;
  return { text: `Sign in with ${config.singleSignOn.displayName}`, href: `/sign-in/sso${query}` };
}
