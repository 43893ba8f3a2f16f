import { z } from 'zod';
import { estateImportKinds } from '../../db/schema/estate.ts';
import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { insertEstateImport } from './estate-imports.repo.ts';

/** The largest file accepted: an estate of a few thousand rows is well under 1 MB. */
export const maxEstateFileBytes = 5 * 1024 * 1024;

const uploadSchema = z.object({
  kind: z.enum(estateImportKinds, { error: 'Choose what the file holds: sites or proposals' }),
  fileName: z
    .string()
    .optional()
    .transform((name) => {
      // Only the name, never a path a browser may send; no control characters; not too long.
      const base = (name ?? '').split(/[\\/]/).pop() ?? '';
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
      return clean.slice(0, 200) || 'upload';
    }),
  bytes: z
    .instanceof(Uint8Array, { error: 'Choose a file to upload' })
    .refine((b) => b.length > 0, 'The chosen file is empty')
    .refine((b) => b.length <= maxEstateFileBytes, 'The file must be smaller than 5 MB'),
});

export type UploadEstateImportInput = Readonly<{ kind: unknown; fileName?: string; bytes: unknown }>;

/**
 * Keeps an uploaded sites or proposals file for the person who uploaded it, so they can look at
 * what it would do before anything is written (see previewEstateImport and commitEstateImport).
 */
export async function uploadEstateImport(
  ctx: Context,
  input: UploadEstateImportInput,
): Promise<{ id: string }> {
  authorize(ctx.actor, 'estate:import');
  const actor = ctx.actor;
  if (actor.kind !== 'user') {
    throw new DomainError(
      'invalid',
      'Only a signed-in person keeps an upload; at the command line use nonsuch estate import.',
    );
  }
  const userId = actor.userId;
  const { kind, fileName, bytes } = parseInput(uploadSchema, input);
  return ctx.db.transaction(async (tx) => {
    const row = await insertEstateImport(tx, {
      userId,
      kind,
      fileName,
      content: Buffer.from(bytes).toString('base64'),
      now: ctx.clock.now(),
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'estate-import',
        entityId: row.id,
        summary: `File “${fileName}” uploaded to import ${kind}`,
        newValues: { kind, fileName, bytes: bytes.length },
      },
    );
    return { id: row.id };
  });
}

/** Before showing the upload form: refuses, as the use case would, those who may not import. */
export function authorizeEstateImportForm(ctx: Context): void {
  authorize(ctx.actor, 'estate:import');
}
