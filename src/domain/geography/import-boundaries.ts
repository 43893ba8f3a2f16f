import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { selectAreas } from './areas.repo.ts';
import { type BoundaryKind, upsertBoundaries } from './boundaries.repo.ts';
import type { ImportFileInput } from './import-wards.ts';
import { parseBoundariesFile } from './ons-files.ts';
import { ImportRejected } from './ons-table.ts';

export type BoundariesImported = Readonly<{
  /** What the file held, told by its properties. */
  kind: BoundaryKind;
  vintage: number;
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  /** Boundaries in the file per borough (GSS code); empty for constituencies, which cross boroughs. */
  byBorough: Readonly<Record<string, number>>;
}>;

const kindNames: Readonly<Record<BoundaryKind, string>> = {
  borough: 'Borough',
  ward: 'Ward',
  constituency: 'Constituency',
};

/**
 * Loads ONS boundaries from GeoJSON (longitude and latitude): borough (`LAD22CD`), ward
 * (`WD22CD` with `LAD22CD`) or constituency (`PCON24CD`) shapes, told apart by their properties.
 * All of the file or nothing: one bad feature refuses the whole file, listing every problem.
 * Loading the same file again changes nothing. The shapes are what the maps are drawn from and
 * what places a site with coordinates in its borough and ward.
 */
export async function importBoundaries(ctx: Context, input: ImportFileInput): Promise<BoundariesImported> {
  authorize(ctx.actor, 'reference:import');
  const known = new Set((await selectAreas(ctx.db)).map((a) => a.gssCode));
  input.onProgress?.('Checking every feature…');
  const parsed = parseBoundariesFile(input.text, known);
  if (!parsed.ok) throw new ImportRejected(parsed.errors);
  const { kind, vintage, rows } = parsed.file;
  const title = `${kindNames[kind]} boundaries`;
  const byBorough: Record<string, number> = {};
  for (const r of rows) if (r.areaCode) byBorough[r.areaCode] = (byBorough[r.areaCode] ?? 0) + 1;
  input.onProgress?.(`Writing ${rows.length} ${title.toLowerCase()} (${vintage})…`);
  return ctx.db.transaction(async (tx) => {
    const { added, changed } = await upsertBoundaries(
      tx,
      rows.map((r) => ({
        kind,
        code: r.code,
        vintage,
        name: r.name,
        areaCode: r.areaCode,
        geometry: r.geometry,
      })),
      ctx.clock.now(),
      (written) => {
        if (written < rows.length) input.onProgress?.(`${written} of ${rows.length} written…`);
      },
    );
    const counts = {
      kind,
      vintage,
      rows: rows.length,
      added,
      changed,
      unchanged: rows.length - added - changed,
    };
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'reference-data',
        entityId: `boundaries-${kind}-${vintage}`,
        summary: `${title} ${vintage} imported${input.fileName ? ` from ${input.fileName}` : ''}: ${rows.length} features, ${added} added, ${changed} changed`,
        newValues: { ...counts, fileName: input.fileName ?? null },
      },
    );
    return { ...counts, byBorough };
  });
}
