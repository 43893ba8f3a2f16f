import { consentLedger } from '../../db/schema/index.ts';
import type { Context } from '../access/actor.ts';
import { actorLabel, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { londonDay, londonDayStart } from '../shared/london-time.ts';
import { parseInput } from '../shared/validation.ts';
import { loadPerson } from './get-person.ts';
import { type ConsentInput, consentInputSchema } from './person.ts';

/**
 * Adds an event to a person's consent ledger for the e-newsletter. Events are never edited: a
 * mistake is put right by a later event.
 */
export async function recordConsent(ctx: Context, input: ConsentInput & { personId: string }): Promise<void> {
  const { person } = await loadPerson(ctx, input.personId, 'stakeholder:edit');
  if (person.erasedAt !== null) throw new DomainError('conflict', 'This person has been erased.');
  const parsed = parseInput(consentInputSchema, input);
  const now = ctx.clock.now();
  if (parsed.occurredOn > londonDay(now)) {
    throw new DomainError('invalid', 'Some details need correcting.', {
      fields: { occurredOn: 'The date cannot be in the future' },
    });
  }
  // A day in the past happened at some time that day; today's event happened now.
  const occurredAt = parsed.occurredOn === londonDay(now) ? now : londonDayStart(parsed.occurredOn);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(consentLedger).values({
      personId: person.id,
      channel: 'email-newsletter',
      event: parsed.event,
      occurredAt,
      method: parsed.method,
      wordingVersion: parsed.wordingVersion,
      evidence: parsed.evidence,
      recordedAt: now,
      recordedBy: actorLabel(ctx.actor),
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'consent',
        entityId: person.id,
        areaCode: person.boroughs.length === 1 ? person.boroughs[0]?.code : null,
        summary: `E-newsletter consent ${parsed.event} for “${person.fullName}”`,
        newValues: {
          event: parsed.event,
          occurredOn: parsed.occurredOn,
          method: parsed.method,
          wordingVersion: parsed.wordingVersion,
          evidence: parsed.evidence,
        },
      },
    );
  });
}
