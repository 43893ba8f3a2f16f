import { digest } from '../shared/tokens.ts';
import type { Context } from './actor.ts';
import { deleteSession } from './sessions.repo.ts';

export async function signOut(ctx: Context, input: { token: string }): Promise<void> {
  await deleteSession(ctx.db, digest(input.token));
}
