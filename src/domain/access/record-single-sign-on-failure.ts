import { recordAudit } from '../audit/record-audit.ts';
import type { Context } from './actor.ts';

/**
 * A single sign-on that never reached a person: the provider could not be reached or said no, or
 * its answer did not match the sign-in this browser started. Every sign-in failure is on record.
 */
export async function recordSingleSignOnFailure(ctx: Context, input: { reason: string }): Promise<void> {
  await recordAudit(ctx, {
    action: 'sign-in-refused',
    entityType: 'session',
    summary: `Single sign-on failed: ${input.reason.replace(/\s+/g, ' ').slice(0, 200)}`,
    refused: true,
  });
}
