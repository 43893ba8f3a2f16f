import { eq } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { areas, personBoroughs } from '../../db/schema/index.ts';
import type { Actor } from '../access/actor.ts';
import { type Action, authorize, can, OutOfScope } from '../access/policy.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * A person belongs to every borough their places lie in or touch. An actor may see or change them
 * when any of those boroughs is within the actor's reach; otherwise the person answers as missing.
 */

export const noSuchPerson = 'There is no such person.';
export const noSuchOrganisation = 'There is no such organisation.';

export const inReach = (actor: Actor, action: Action, boroughs: readonly string[]): boolean =>
  boroughs.some((areaCode) => can(actor, action, { areaCode }));

export async function boroughsOfPerson(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .select({ areaCode: personBoroughs.areaCode })
    .from(personBoroughs)
    .where(eq(personBoroughs.personId, personId));
  return rows.map((r) => r.areaCode);
}

/** Throws not_found unless the actor may act on this person. */
export async function authorizePerson(
  db: Db,
  actor: Actor,
  action: Action,
  personId: string,
): Promise<readonly string[]> {
  authorize(actor, action);
  const boroughs = await boroughsOfPerson(db, personId);
  if (!inReach(actor, action, boroughs)) throw new OutOfScope(noSuchPerson);
  return boroughs;
}

/**
 * For a record being written: its boroughs must include one the actor may act in. A refusal is a
 * correctable field error naming the boroughs, since the person chose them.
 */
export async function requireBoroughInReach(
  db: Db,
  actor: Actor,
  action: Action,
  boroughs: readonly string[],
  field: string,
): Promise<void> {
  if (inReach(actor, action, boroughs)) return;
  const names = await Promise.all(
    boroughs.map(async (code) => {
      const [a] = await db.select({ name: areas.name }).from(areas).where(eq(areas.gssCode, code));
      return a?.name ?? code;
    }),
  );
  throw new DomainError('invalid', 'Some details need correcting.', {
    fields: {
      [field]:
        names.length === 0
          ? 'Choose a place in a borough you look after'
          : `You do not look after ${names.join(' or ')}; choose a place in a borough you look after`,
    },
  });
}
