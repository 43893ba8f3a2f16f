import { z } from 'zod';
import type { Context } from '../access/actor.ts';
import { actorLabel } from '../audit/record-audit.ts';
import { isPlainText, parseInput } from '../shared/validation.ts';

/** Who made a version, as the versions tables record it. */
export const versionAuthor = (ctx: Context) => ({
  changedAt: ctx.clock.now(),
  changedBy: actorLabel(ctx.actor),
  changedByUserId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
});

const noteSchema = z.object({
  note: z
    .string({ error: 'The note must be text' })
    .trim()
    .max(1000, 'The note must be 1,000 characters or fewer')
    .refine(isPlainText, 'The note must be plain text')
    .optional(),
});

/** The note kept with a version ("what changed and why"): checked like any field; empty is none. */
export function versionNote(input: { note?: unknown }): string | null {
  return parseInput(noteSchema, { note: input.note ?? undefined }).note || null;
}
