import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { selectAreas } from './areas.repo.ts';
import {
  replaceWardConstituencies,
  selectConstituencyCodes,
  selectWardsOfAreas,
} from './electoral-areas.repo.ts';
import type { ImportFileInput } from './import-wards.ts';
import { parseWardLookupFile } from './ons-files.ts';
import { ImportRejected, type RowError } from './ons-table.ts';

export type WardLookupImported = Readonly<{
  wardVintage: number;
  constituencyVintage: number;
  rows: number;
}>;

const yy = (year: number): string => String(year % 100).padStart(2, '0');

/**
 * Loads the ONS ward → constituency lookup (`WD24CD, PCON24CD[, LAD24CD]`), replacing the lookup
 * between those two vintages. The wards and constituencies of both vintages must be loaded first.
 */
export async function importWardLookup(ctx: Context, input: ImportFileInput): Promise<WardLookupImported> {
  authorize(ctx.actor, 'reference:import');
  const areaCodes = (await selectAreas(ctx.db)).map((a) => a.gssCode);
  const parsed = parseWardLookupFile(input.text, new Set(areaCodes));
  if (!parsed.ok) throw new ImportRejected(parsed.errors);
  const { wardVintage, constituencyVintage, rows } = parsed.file;
  input.onProgress?.(`Checking ${rows.length} rows…`);
  const wards = new Map(
    (await selectWardsOfAreas(ctx.db, areaCodes, wardVintage)).map((w) => [w.code, w.areaCode]),
  );
  const constituencies = await selectConstituencyCodes(ctx.db, constituencyVintage);
  const missing = [
    wards.size === 0 ? `the ${wardVintage} wards` : undefined,
    constituencies.size === 0 ? `the ${constituencyVintage} constituencies` : undefined,
  ].filter((s) => s !== undefined);
  if (missing.length > 0) {
    throw new DomainError(
      'invalid',
      `${missing.join(' and ').replace(/^t/, 'T')} are not loaded yet: import them first, then this file.`,
    );
  }
  const errors: RowError[] = [];
  for (const r of rows) {
    const wardArea = wards.get(r.wardCode);
    if (wardArea === undefined) {
      errors.push({
        row: r.row,
        field: `WD${yy(wardVintage)}CD`,
        message: `${r.wardCode} is not one of the ${wardVintage} wards loaded`,
      });
    } else if (r.areaCode !== null && r.areaCode !== wardArea) {
      errors.push({
        row: r.row,
        field: 'LAD',
        message: `Ward ${r.wardCode} is in borough ${wardArea}, not ${r.areaCode}`,
      });
    }
    if (!constituencies.has(r.constituencyCode)) {
      errors.push({
        row: r.row,
        field: `PCON${yy(constituencyVintage)}CD`,
        message: `${r.constituencyCode} is not one of the ${constituencyVintage} constituencies loaded`,
      });
    }
  }
  if (errors.length > 0) throw new ImportRejected(errors);
  input.onProgress?.(`Writing ${rows.length} rows…`);
  return ctx.db.transaction(async (tx) => {
    await replaceWardConstituencies(
      tx,
      wardVintage,
      constituencyVintage,
      rows.map((r) => ({ wardCode: r.wardCode, constituencyCode: r.constituencyCode })),
    );
    const counts = { wardVintage, constituencyVintage, rows: rows.length };
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'reference-data',
        entityId: `ward-constituencies-${wardVintage}-${constituencyVintage}`,
        summary: `Ward lookup (wards ${wardVintage} to constituencies ${constituencyVintage}) imported${input.fileName ? ` from ${input.fileName}` : ''}: ${rows.length} rows`,
        newValues: { ...counts, fileName: input.fileName ?? null },
      },
    );
    return counts;
  });
}
