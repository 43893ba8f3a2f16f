import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { upsertConstituencies, upsertVintage } from './electoral-areas.repo.ts';
import { effectiveDay, type ImportFileInput } from './import-wards.ts';
import { parseConstituenciesFile } from './ons-files.ts';
import { ImportRejected } from './ons-table.ts';

export type ConstituenciesImported = Readonly<{
  vintage: number;
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
}>;

/**
 * Loads Westminster constituencies from an ONS CSV (`PCON24CD, PCON24NM`) or GeoJSON boundaries
 * file (codes and names only: the boundaries themselves are another import).
 */
export async function importConstituencies(
  ctx: Context,
  input: ImportFileInput,
): Promise<ConstituenciesImported> {
  authorize(ctx.actor, 'reference:import');
  const effectiveFrom = effectiveDay(input);
  const parsed = parseConstituenciesFile(input.text, input.fileName);
  if (!parsed.ok) throw new ImportRejected(parsed.errors);
  const { vintage, rows } = parsed.file;
  input.onProgress?.(`Checking ${rows.length} rows…`);
  input.onProgress?.(`Writing ${rows.length} constituencies…`);
  return ctx.db.transaction(async (tx) => {
    await upsertVintage(tx, { kind: 'constituency', year: vintage, effectiveFrom, now: ctx.clock.now() });
    const { added, changed } = await upsertConstituencies(
      tx,
      rows.map((r) => ({ code: r.code, vintage, name: r.name })),
    );
    const counts = { vintage, rows: rows.length, added, changed, unchanged: rows.length - added - changed };
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'reference-data',
        entityId: `constituencies-${vintage}`,
        summary: `Constituencies ${vintage} imported${input.fileName ? ` from ${input.fileName}` : ''}: ${rows.length} rows, ${added} added, ${changed} changed`,
        newValues: { ...counts, fileName: input.fileName ?? null },
      },
    );
    return counts;
  });
}
