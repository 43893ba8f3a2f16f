import type { Context } from './actor.ts';
import { ownAccountActor } from './own-account.ts';
import { selectSessionsOfUser } from './sessions.repo.ts';

export type OwnSession = Readonly<{
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  method: 'password' | 'single-sign-on';
  /** The session making this request. */
  current: boolean;
}>;

/** The person's signed-in sessions, this device's first, then the most recently active. */
export async function listOwnSessions(
  ctx: Context,
  input: { currentSessionId?: string | undefined },
): Promise<OwnSession[]> {
  const actor = ownAccountActor(ctx);
  const rows = await selectSessionsOfUser(ctx.db, actor.userId);
  return rows
    .map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      userAgent: s.userAgent,
      method: s.method,
      current: s.id === input.currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}
