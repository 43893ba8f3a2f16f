import { z } from 'zod';
import { readSpreadsheet } from '../../../documents/spreadsheet.ts';
import type { Context } from '../../access/actor.ts';
import { authorize, boroughScope } from '../../access/policy.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { selectAreas } from '../../geography/areas.repo.ts';
import { DomainError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { guessMapping, type StoredMapping } from './columns.ts';
import { importBorough, maxImportRows } from './plan-stakeholder-import.ts';
import { insertStakeholderImport } from './stakeholder-imports.repo.ts';

/** The largest file accepted on the web: 100,000 people with their details fit well within it. */
export const maxStakeholderFileBytes = 30 * 1024 * 1024;

const uploadSchema = z.object({
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
    .refine((b) => b.length <= maxStakeholderFileBytes, 'The file must be smaller than 30 MB'),
});

export type UploadStakeholderImportInput = Readonly<{ areaCode: unknown; fileName?: string; bytes: unknown }>;

/**
 * Keeps an uploaded stakeholder file for the person who uploaded it, with its headings' guessed
 * mapping, so they can change the mapping and look at every row's plan before anything is written.
 * The bytes stay only until the file is imported.
 */
export async function uploadStakeholderImport(
  ctx: Context,
  input: UploadStakeholderImportInput,
): Promise<{ id: string }> {
  authorize(ctx.actor, 'stakeholder:import');
  const actor = ctx.actor;
  if (actor.kind !== 'user') {
    throw new DomainError(
      'invalid',
      'Only a signed-in person keeps an upload; at the command line use nonsuch import stakeholders.',
    );
  }
  const fields: Record<string, string> = {};
  const borough = await importBorough(ctx, input.areaCode).catch((error: unknown) => {
    if (error instanceof DomainError && error.details.fields) Object.assign(fields, error.details.fields);
    else throw error;
    return undefined;
  });
  let parsed: z.output<typeof uploadSchema> | undefined;
  try {
    parsed = parseInput(uploadSchema, { fileName: input.fileName, bytes: input.bytes });
  } catch (error) {
    if (!(error instanceof DomainError) || !error.details.fields) throw error;
    Object.assign(fields, error.details.fields);
  }
  const sheet = parsed ? await readSpreadsheet(parsed.bytes, { maxRows: maxImportRows }) : undefined;
  if (sheet && !sheet.ok) fields.bytes = sheet.message;
  if (!borough || !parsed || !sheet?.ok || Object.keys(fields).length > 0) {
    throw new DomainError('invalid', 'Some details need correcting.', { fields });
  }
  const { fileName, bytes } = parsed;
  const mapping: StoredMapping = { header: sheet.header, fields: guessMapping(sheet.header) };
  return ctx.db.transaction(async (tx) => {
    const row = await insertStakeholderImport(tx, {
      userId: actor.userId,
      areaCode: borough.code,
      fileName,
      content: Buffer.from(bytes).toString('base64'),
      mapping,
      totalRows: sheet.rows.length + sheet.problems.length,
      now: ctx.clock.now(),
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'stakeholder-import',
        entityId: row.id,
        areaCode: borough.code,
        summary: `File “${fileName}” uploaded to import stakeholders into ${borough.name}`,
        newValues: { fileName, bytes: bytes.length, rows: row.totalRows },
      },
    );
    return { id: row.id };
  });
}

/** Before showing the upload form: the boroughs the person may import into (refuses those who may not import). */
export async function stakeholderImportBoroughs(ctx: Context): Promise<{ code: string; name: string }[]> {
  authorize(ctx.actor, 'stakeholder:import');
  const areas = await selectAreas(ctx.db, boroughScope(ctx.actor, 'stakeholder:import'));
  return areas.map((a) => ({ code: a.gssCode, name: a.name })).sort((a, b) => a.name.localeCompare(b.name));
}
