import { digest } from '../shared/tokens.ts';
import type { Context } from './actor.ts';
import { findUserLink, type LinkPurpose } from './user-links.repo.ts';
import { linkState } from './user-links.ts';
import { findUserById } from './users.repo.ts';

export type PasswordLinkView =
  | Readonly<{ state: 'valid'; purpose: LinkPurpose; email: string; displayName: string }>
  | Readonly<{ state: 'used' | 'expired' | 'unknown' }>;

/**
 * What a one-time link is, for the page that opens it: anyone holding the link may ask, and learns
 * only whether it works and whose account it is for. A disabled account's links do not work.
 */
export async function getPasswordLink(ctx: Context, input: { token: string }): Promise<PasswordLinkView> {
  const link = input.token ? await findUserLink(ctx.db, digest(input.token)) : undefined;
  if (!link) return { state: 'unknown' };
  const state = linkState(link, ctx.clock.now());
  if (state !== 'valid') return { state };
  const user = await findUserById(ctx.db, link.userId);
  if (!user || user.disabledAt !== null) return { state: 'unknown' };
  return { state: 'valid', purpose: link.purpose, email: user.email, displayName: user.displayName };
}
