import { basename } from 'node:path';
import { Command } from 'commander';
import { contextFor } from '../deps.ts';
import type { Context } from '../domain/access/actor.ts';
import { operator } from '../domain/access/actor.ts';
import { importBoundaries } from '../domain/geography/import-boundaries.ts';
import { importConstituencies } from '../domain/geography/import-constituencies.ts';
import { importOverlap } from '../domain/geography/import-overlap.ts';
import { importWardLookup } from '../domain/geography/import-ward-lookup.ts';
import { type ImportFileInput, importWards } from '../domain/geography/import-wards.ts';
import { describeRowError, ImportRejected, type RowError } from '../domain/geography/ons-table.ts';
import { readInputFile, report, withDeps } from './run.ts';

const cli = operator('cli');

/** How many row errors are printed before "and N more". */
const shownErrors = 50;

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

/** The row errors, one a line: the first 50, then how many more. */
export function formatRowErrors(errors: readonly RowError[]): string[] {
  const lines = errors.slice(0, shownErrors).map(describeRowError);
  if (errors.length > shownErrors) lines.push(`and ${errors.length - shownErrors} more`);
  return lines;
}

type Importer<T> = (ctx: Context, input: ImportFileInput) => Promise<T>;

function importSubcommand<T>(
  name: string,
  description: string,
  example: string,
  run: Importer<T>,
  summary: (counts: T) => string,
): Command {
  return new Command(name)
    .description(description)
    .argument('<file>', 'the file to import')
    .addHelpText('after', `\nExample:\n  ${example}`)
    .action(async (file: string, options: { effectiveFrom?: string }, command: Command) => {
      progress(`Reading ${file}…`);
      const text = Buffer.from(await readInputFile(file)).toString('utf8');
      const counts = await withDeps(command, async (deps) => {
        try {
          return await run(contextFor(deps, cli), {
            text,
            fileName: basename(file),
            onProgress: progress,
            effectiveFrom: options.effectiveFrom,
          });
        } catch (error) {
          if (error instanceof ImportRejected) {
            process.stderr.write(`${formatRowErrors(error.rowErrors).join('\n')}\n`);
          }
          throw error;
        }
      });
      report(command, counts, summary(counts));
    });
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const effectiveFromOption = [
  '--effective-from <day>',
  'the day these boundaries came into use (YYYY-MM-DD)',
] as const;

export function importCommand(): Command {
  const command = new Command('import').description(
    'Load reference geography from ONS files: each file is checked first and loaded all or nothing',
  );
  command.addCommand(
    importSubcommand(
      'wards',
      'Load a ward list (columns WD22CD, WD22NM, LAD22CD; the year in the names is the vintage)',
      'nonsuch import wards london_wards_2022_list.csv --json',
      importWards,
      (c) =>
        [
          `Wards ${c.vintage}: ${plural(c.rows, 'row', 'rows')}, ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged.`,
          ...Object.entries(c.byBorough)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([area, n]) => `  ${area}  ${plural(n, 'ward', 'wards')}`),
        ].join('\n'),
    ).option(...effectiveFromOption),
  );
  command.addCommand(
    importSubcommand(
      'constituencies',
      'Load Westminster constituencies from a CSV (PCON24CD, PCON24NM) or ONS GeoJSON boundaries',
      'nonsuch import constituencies london_constituencies_pcon24_bgc.geojson',
      importConstituencies,
      (c) =>
        `Constituencies ${c.vintage}: ${plural(c.rows, 'row', 'rows')}, ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged.`,
    ).option(...effectiveFromOption),
  );
  command.addCommand(
    importSubcommand(
      'ward-lookup',
      'Load the ward to constituency lookup (WD24CD, PCON24CD, optionally LAD24CD); load the wards and constituencies first',
      'nonsuch import ward-lookup WD24_PCON24_LAD24_UTLA24_UK_LU.csv',
      importWardLookup,
      (c) =>
        `Ward lookup (wards ${c.wardVintage} to constituencies ${c.constituencyVintage}): ${plural(c.rows, 'ward', 'wards')} loaded.`,
    ),
  );
  command.addCommand(
    importSubcommand(
      'overlap',
      'Load which boroughs each constituency covers (PCON24CD, LAD22CD, optionally share_of_sample_points); load the constituencies first',
      'nonsuch import overlap london_pcon24_borough_overlap_approx.csv',
      importOverlap,
      (c) =>
        `Constituency–borough overlap ${c.vintage}: ${plural(c.rows, 'row', 'rows')} for ${plural(c.constituencies, 'constituency', 'constituencies')}.`,
    ),
  );
  command.addCommand(
    importSubcommand(
      'boundaries',
      'Load ONS boundaries from GeoJSON in longitude and latitude: boroughs (LAD22CD, LAD22NM), wards (WD22CD, WD22NM, LAD22CD) or constituencies (PCON24CD, PCON24NM), told apart by their properties',
      'nonsuch import boundaries london_boroughs_lad22_bgc.geojson',
      importBoundaries,
      (c) =>
        [
          `${boundaryTitles[c.kind]} ${c.vintage}: ${plural(c.rows, 'feature', 'features')}, ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged.`,
          ...(c.kind === 'ward'
            ? Object.entries(c.byBorough)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([area, n]) => `  ${area}  ${plural(n, 'ward', 'wards')}`)
            : []),
        ].join('\n'),
    ),
  );
  return command;
}

const boundaryTitles = {
  borough: 'Borough boundaries',
  ward: 'Ward boundaries',
  constituency: 'Constituency boundaries',
} as const;
