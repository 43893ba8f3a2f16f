import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { DomainError } from '../shared/errors.ts';
import {
  findUserByEmail,
  findUserById,
  listUsers,
  lockAdministratorChanges,
  type UserWithBoroughs,
} from './users.repo.ts';

/** A user is addressed by id on pages and by email address at the command line. */
export type UserRef = Readonly<{ id: string }> | Readonly<{ email: string }>;

const uuid = z.uuid();

/** The user a management action is about; an id that is not a UUID is simply not found. */
export async function findTargetUser(db: Db, ref: UserRef): Promise<UserWithBoroughs> {
  if ('id' in ref) {
    const user = uuid.safeParse(ref.id).success ? await findUserById(db, ref.id) : undefined;
    if (!user) throw new DomainError('not_found', 'There is no such user.');
    return user;
  }
  const user = await findUserByEmail(db, ref.email);
  if (!user) throw new DomainError('not_found', `No user has the email address ${ref.email}.`);
  return user;
}

/**
 * Whether the user is the only administrator who can still sign in (enabled, with a password), so
 * Nonsuch would be left without one. Call it in the transaction of the change: it holds a lock until
 * the end of that transaction, so two administrators demoting each other at once cannot both pass.
 */
export async function isLastActiveAdministrator(db: Db, user: UserWithBoroughs): Promise<boolean> {
  if (user.role !== 'administrator' || user.disabledAt !== null) return false;
  await lockAdministratorChanges(db);
  const others = (await listUsers(db)).filter(
    (u) => u.id !== user.id && u.role === 'administrator' && u.disabledAt === null && u.passwordHash !== null,
  );
  return others.length === 0;
}
