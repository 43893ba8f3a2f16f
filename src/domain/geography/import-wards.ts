import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { isCalendarDay } from '../shared/london-time.ts';
import { selectAreas } from './areas.repo.ts';
import { upsertVintage, upsertWards } from './electoral-areas.repo.ts';
import { parseWardsFile } from './ons-files.ts';
import { ImportRejected } from './ons-table.ts';

export type ImportFileInput = Readonly<{
  text: string;
  fileName?: string;
  /** Told what is happening, for a progress line ("Checking 704 rows…"). */
  onProgress?: (message: string) => void;
  /** For wards and constituencies: the day these boundaries came into use (YYYY-MM-DD), if known. */
  effectiveFrom?: string | undefined;
}>;

/** The day boundaries came into use, as given with an import: empty for not known. */
export function effectiveDay(input: Pick<ImportFileInput, 'effectiveFrom'>): string | undefined {
  const day = input.effectiveFrom?.trim();
  if (!day) return undefined;
  if (!isCalendarDay(day)) {
    throw new DomainError(
      'invalid',
      'Enter the day the boundaries came into use as a real date, like 2024-07-04.',
      {
        fields: { effectiveFrom: 'Enter a real date, like 2024-07-04' },
      },
    );
  }
  return day;
}

export type WardsImported = Readonly<{
  vintage: number;
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  /** Wards in the file per borough (GSS code). */
  byBorough: Readonly<Record<string, number>>;
}>;

/** Loads an ONS ward list (`WD22CD, WD22NM, LAD22CD, …`): all of it, or nothing if any row is wrong. */
export async function importWards(ctx: Context, input: ImportFileInput): Promise<WardsImported> {
  authorize(ctx.actor, 'reference:import');
  const effectiveFrom = effectiveDay(input);
  const known = new Set((await selectAreas(ctx.db)).map((a) => a.gssCode));
  const parsed = parseWardsFile(input.text, known);
  if (!parsed.ok) throw new ImportRejected(parsed.errors);
  const { vintage, rows } = parsed.file;
  input.onProgress?.(`Checking ${rows.length} rows…`);
  const byBorough: Record<string, number> = {};
  for (const r of rows) byBorough[r.areaCode] = (byBorough[r.areaCode] ?? 0) + 1;
  input.onProgress?.(`Writing ${rows.length} wards…`);
  return ctx.db.transaction(async (tx) => {
    await upsertVintage(tx, { kind: 'ward', year: vintage, effectiveFrom, now: ctx.clock.now() });
    const { added, changed } = await upsertWards(
      tx,
      rows.map((r) => ({ code: r.code, vintage, name: r.name, areaCode: r.areaCode })),
    );
    const counts = { vintage, rows: rows.length, added, changed, unchanged: rows.length - added - changed };
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'reference-data',
        entityId: `wards-${vintage}`,
        summary: `Wards ${vintage} imported${input.fileName ? ` from ${input.fileName}` : ''}: ${rows.length} rows, ${added} added, ${changed} changed`,
        newValues: { ...counts, fileName: input.fileName ?? null },
      },
    );
    return { ...counts, byBorough };
  });
}
