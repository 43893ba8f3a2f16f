import type { Db } from '../../db/connect.ts';
import type { Clock } from '../shared/clock.ts';

export const roles = ['administrator'] as const;
export type Role = (typeof roles)[number];

export const roleNames: Readonly<Record<Role, string>> = { administrator: 'Administrator' };

/** Who is acting: a signed-in user, or an operator at the command line (who has the server's shell). */
export type Actor =
  | Readonly<{ kind: 'user'; userId: string; role: Role; displayName: string; email: string }>
  | Readonly<{ kind: 'operator'; name: string }>
  | Readonly<{ kind: 'anonymous' }>;

export const anonymous: Actor = Object.freeze({ kind: 'anonymous' });

export const operator = (name: string): Actor => Object.freeze({ kind: 'operator', name });

/** What every use case receives: never a web request. */
export type Context = Readonly<{ db: Db; actor: Actor; clock: Clock }>;
