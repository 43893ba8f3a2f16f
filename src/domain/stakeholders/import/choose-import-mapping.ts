import { z } from 'zod';
import { readSpreadsheet } from '../../../documents/spreadsheet.ts';
import type { Context } from '../../access/actor.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { type ImportField, importFields, mappingProblems, type StoredMapping } from './columns.ts';
import { maxImportRows } from './plan-stakeholder-import.ts';
import { loadStakeholderImport } from './preview-stakeholder-import.ts';
import { updateStakeholderImportMapping } from './stakeholder-imports.repo.ts';

/** A field for each column, by position ("" for a column not imported). */
const mappingSchema = z.array(z.union([z.enum(importFields), z.literal('')]).catch(''));

/**
 * The person's choice of field for each column, kept with the upload so the preview, and then the
 * commit, read the file that way. Two columns given one field (other than those that take several)
 * are refused, naming the column.
 */
export async function chooseImportMapping(
  ctx: Context,
  input: { id: string; fields: readonly unknown[] },
): Promise<void> {
  const stored = await loadStakeholderImport(ctx, input.id);
  if (stored.content === null || stored.status === 'committing' || stored.status === 'committed') {
    throw new DomainError(
      'conflict',
      'This file is being imported, or has been: its columns can no longer be changed.',
    );
  }
  const sheet = await readSpreadsheet(Buffer.from(stored.content, 'base64'), { maxRows: maxImportRows });
  if (!sheet.ok) throw new DomainError('invalid', sheet.message);
  const chosen = mappingSchema.parse(input.fields.slice(0, sheet.header.length));
  const fields = sheet.header.map((_, i) => (chosen[i] ? (chosen[i] as ImportField) : null));
  const problems = mappingProblems(fields);
  if (problems.columns.size > 0 || problems.whole.length > 0) {
    throw new DomainError('invalid', 'Some columns need another choice.', {
      fields: {
        ...Object.fromEntries([...problems.columns].map(([i, message]) => [`column-${i}`, message])),
        ...(problems.whole.length > 0 ? { mapping: problems.whole.join('. ') } : {}),
      },
    });
  }
  const mapping: StoredMapping = { header: sheet.header, fields };
  await ctx.db.transaction(async (tx) => {
    const row = await updateStakeholderImportMapping(tx, stored.id, mapping);
    if (!row)
      throw new DomainError(
        'conflict',
        'This file is being imported, or has been: its columns can no longer be changed.',
      );
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'stakeholder-import',
        entityId: stored.id,
        areaCode: stored.areaCode,
        summary: `Columns of “${stored.fileName}” chosen for the import`,
        newValues: { fields },
      },
    );
  });
}
