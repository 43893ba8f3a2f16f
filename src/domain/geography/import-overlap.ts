import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { selectAreas } from './areas.repo.ts';
import { replaceConstituencyAreas, selectConstituencyCodes } from './electoral-areas.repo.ts';
import type { ImportFileInput } from './import-wards.ts';
import { parseOverlapFile } from './ons-files.ts';
import { ImportRejected, type RowError } from './ons-table.ts';

export type OverlapImported = Readonly<{ vintage: number; rows: number; constituencies: number }>;

/**
 * Loads which boroughs each constituency of a vintage covers (`PCON24CD, …, LAD22CD,
 * share_of_sample_points`), replacing the vintage's overlap. The constituencies must be loaded first.
 */
export async function importOverlap(ctx: Context, input: ImportFileInput): Promise<OverlapImported> {
  authorize(ctx.actor, 'reference:import');
  const known = new Set((await selectAreas(ctx.db)).map((a) => a.gssCode));
  const parsed = parseOverlapFile(input.text, known);
  if (!parsed.ok) throw new ImportRejected(parsed.errors);
  const { vintage, rows } = parsed.file;
  input.onProgress?.(`Checking ${rows.length} rows…`);
  const loaded = await selectConstituencyCodes(ctx.db, vintage);
  if (loaded.size === 0) {
    throw new DomainError(
      'invalid',
      `The ${vintage} constituencies are not loaded yet: import them first, then this file.`,
    );
  }
  const errors: RowError[] = rows
    .filter((r) => !loaded.has(r.constituencyCode))
    .map((r) => ({
      row: r.row,
      field: `PCON${String(vintage % 100).padStart(2, '0')}CD`,
      message: `${r.constituencyCode} is not one of the ${vintage} constituencies loaded`,
    }));
  if (errors.length > 0) throw new ImportRejected(errors);
  input.onProgress?.(`Writing ${rows.length} rows…`);
  return ctx.db.transaction(async (tx) => {
    await replaceConstituencyAreas(
      tx,
      vintage,
      rows.map((r) => ({ constituencyCode: r.constituencyCode, areaCode: r.areaCode, share: r.share })),
    );
    const counts = {
      vintage,
      rows: rows.length,
      constituencies: new Set(rows.map((r) => r.constituencyCode)).size,
    };
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'reference-data',
        entityId: `constituency-boroughs-${vintage}`,
        summary: `Constituency–borough overlap ${vintage} imported${input.fileName ? ` from ${input.fileName}` : ''}: ${rows.length} rows`,
        newValues: { ...counts, fileName: input.fileName ?? null },
      },
    );
    return counts;
  });
}
