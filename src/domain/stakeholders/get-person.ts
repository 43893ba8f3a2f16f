import type { Context } from '../access/actor.ts';
import { type Action, can } from '../access/policy.ts';
import { DomainError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { londonDay } from '../shared/london-time.ts';
import { type PersonRecord, resolvePersonId, selectConsentEvents, selectPerson } from './people.repo.ts';
import { emailability, isStale } from './person.ts';
import { authorizePerson, noSuchPerson } from './scope.ts';

export type PersonView = Readonly<{
  person: PersonRecord;
  consentEvents: Awaited<ReturnType<typeof selectConsentEvents>>;
  emailability: ReturnType<typeof emailability>;
  stale: boolean;
  pastReview: boolean;
  mayEdit: boolean;
  mayRequestSubjectAccess: boolean;
  mayErase: boolean;
}>;

/**
 * Loads a person the actor may act on, following a merge's redirect. `redirectedTo` is set when the
 * id asked for was merged into another record.
 */
export async function loadPerson(
  ctx: Context,
  id: string,
  action: Action,
): Promise<{ person: PersonRecord; redirectedFrom: string | null }> {
  if (!isUuid(id)) throw new DomainError('not_found', noSuchPerson);
  const resolved = await resolvePersonId(ctx.db, id);
  await authorizePerson(ctx.db, ctx.actor, action, resolved);
  const person = await selectPerson(ctx.db, resolved);
  if (!person) throw new DomainError('not_found', noSuchPerson);
  return { person, redirectedFrom: resolved === id ? null : id };
}

/** A person's whole record, with whether they can be e-mailed and what the viewer may do. */
export async function getPerson(
  ctx: Context,
  id: string,
): Promise<PersonView & { redirectedFrom: string | null }> {
  const { person, redirectedFrom } = await loadPerson(ctx, id, 'stakeholder:read');
  const today = londonDay(ctx.clock.now());
  const boroughs = person.boroughs.map((b) => b.code);
  return {
    person,
    redirectedFrom,
    consentEvents: await selectConsentEvents(ctx.db, person.id),
    emailability: emailability({
      erased: person.erasedAt !== null,
      consent: person.consent,
      emails: person.emails,
    }),
    stale: person.erasedAt === null && isStale(person.lastVerifiedOn, today),
    pastReview: person.reviewOn !== null && person.reviewOn <= today,
    mayEdit:
      person.erasedAt === null &&
      boroughs.some((areaCode) => can(ctx.actor, 'stakeholder:edit', { areaCode })),
    mayRequestSubjectAccess: can(ctx.actor, 'stakeholder:subject-access'),
    mayErase: person.erasedAt === null && can(ctx.actor, 'stakeholder:erase'),
  };
}
