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
import {
  commitStakeholderImport,
  type ImportOutcome,
  outcomeOf,
  StakeholderImportRejected,
} from '../domain/stakeholders/import/commit-stakeholder-import.ts';
import {
  type ImportProgress,
  type PlannedRow,
  type ProgressListener,
  planStakeholderImport,
  type StakeholderImportPlan,
} from '../domain/stakeholders/import/plan-stakeholder-import.ts';
import { describeRowError as describeStakeholderRowError } from '../domain/stakeholders/import/rows.ts';
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
    'Load reference geography from ONS files, or stakeholders from a spreadsheet: each file is checked first and loaded all or nothing',
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
  command.addCommand(stakeholdersSubcommand());
  return command;
}

const boundaryTitles = {
  borough: 'Borough boundaries',
  ward: 'Ward boundaries',
  constituency: 'Constituency boundaries',
} as const;

// ---------------------------------------------------------------------------------------------
// nonsuch import stakeholders

const actionWords: Readonly<Record<PlannedRow['action'], string>> = {
  create: 'add',
  update: 'change',
  unchanged: 'no change',
  merge: 'merge',
  flag: 'add, flag',
  reject: 'cannot import',
};

/** The dry run, one line a row: its number, what happens, who, and why. */
function stakeholderRowLine(r: PlannedRow): string {
  const who = [r.name, r.email ? `<${r.email}>` : ''].filter((s) => s !== '').join(' ');
  const notes = [
    r.action === 'update' ? `changes ${r.changes.join(', ')}` : '',
    r.action === 'merge' ? `folded into row ${r.into}` : '',
    r.similar ? `possibly the same person as ${r.similar.name} (${r.similar.score.toFixed(2)})` : '',
    r.suppressed ? 'arrives suppressed: it can never be e-mailed' : '',
    r.newOrganisation ? `adds the organisation “${r.newOrganisation}”` : '',
  ].filter((s) => s !== '');
  return `Row ${String(r.row).padEnd(6)} ${actionWords[r.action].padEnd(13)} ${who}${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`;
}

const countsLine = (o: ImportOutcome, unchanged: number) =>
  `${o.created} to add, ${o.flagged} to add and flag as possible duplicates, ${o.updated} to change, ${unchanged} unchanged, ${o.merged} to merge into an earlier row, ${o.rejected} cannot be imported`;

const phaseWords = { checking: 'Checking', writing: 'Writing' } as const;

/**
 * Progress on standard error: a bar redrawn in place when it is a terminal, otherwise a line when
 * each phase starts and at every tenth.
 */
function progressReporter(): ProgressListener & { end: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let last = '';
  let drawn = false;
  const listener = (p: ImportProgress) => {
    const share = p.total === 0 ? 1 : p.done / p.total;
    const rows = `${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} ${p.phase === 'checking' ? 'rows' : 'people'}`;
    if (tty) {
      const width = 30;
      const filled = Math.round(share * width);
      const line = `${phaseWords[p.phase].padEnd(9)}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${rows}`;
      if (line !== last) process.stderr.write(`\r${line}`);
      last = line;
      drawn = true;
      return;
    }
    const step = `${p.phase}:${Math.floor(share * 10)}`;
    if (step === last) return;
    last = step;
    process.stderr.write(`${phaseWords[p.phase]} ${rows}…\n`);
  };
  return Object.assign(listener, {
    end: () => {
      if (tty && drawn) process.stderr.write('\n');
    },
  });
}

function stakeholderProblemLines(plan: StakeholderImportPlan): string[] {
  const lines = [...plan.problems, ...plan.errors.map(describeStakeholderRowError)];
  return lines.length > shownErrors
    ? [...lines.slice(0, shownErrors), `and ${lines.length - shownErrors} more`]
    : lines;
}

/** `nonsuch import stakeholders FILE --borough CODE [--dry-run] [--json]`. */
function stakeholdersSubcommand(): Command {
  return new Command('stakeholders')
    .description(
      'Import people from a CSV file or an Excel workbook (.xlsx) into a borough: headings are guessed, every row is checked (add, change, merge, flag as a possible duplicate, or cannot import), and the file is imported all or nothing',
    )
    .argument('<file>', 'the CSV or Excel file')
    .requiredOption('--borough <code>', 'the borough the people belong to, by GSS code (E09…)')
    .option('--dry-run', 'show what each row would do, and write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  nonsuch import stakeholders lambeth-contacts.xlsx --borough E09000022 --dry-run\n  nonsuch import stakeholders contacts.csv --borough E09000028 --json',
    )
    .action(async (path: string, options: { borough: string; dryRun?: boolean }, command: Command) => {
      const { json } = command.optsWithGlobals<{ json?: boolean }>();
      progress(`Reading ${path}…`);
      const file = { fileName: basename(path), areaCode: options.borough, bytes: await readInputFile(path) };
      await withDeps(command, async (deps) => {
        const ctx = contextFor(deps, cli);
        const bar = progressReporter();
        const refuse = (plan: StakeholderImportPlan) => {
          const outcome = outcomeOf(plan);
          process.stderr.write(`${stakeholderProblemLines(plan).join('\n')}\n`);
          report(
            command,
            outcome,
            `Stakeholders in ${file.fileName}: ${countsLine(outcome, plan.counts.unchanged)}.`,
          );
          return new StakeholderImportRejected(plan);
        };
        if (options.dryRun) {
          const { plan } = await planStakeholderImport(ctx, file, bar);
          bar.end();
          if (!json) process.stdout.write(plan.rows.map((r) => `${stakeholderRowLine(r)}\n`).join(''));
          if (plan.rejected) throw refuse(plan);
          const outcome = outcomeOf(plan);
          report(
            command,
            outcome,
            `Stakeholders in ${file.fileName}: ${countsLine(outcome, plan.counts.unchanged)}. Nothing was written (--dry-run).`,
          );
          return;
        }
        try {
          const done = await commitStakeholderImport(ctx, { file, onProgress: bar });
          bar.end();
          const { id: _id, rows: _rows, fileName: _f, boroughName, unchanged, ...outcome } = done;
          report(
            command,
            outcome,
            `Stakeholders imported into ${boroughName} from ${file.fileName}: ${done.created} added, ${done.flagged} added and flagged as possible duplicates, ${done.updated} changed, ${unchanged} unchanged, ${done.merged} merged into an earlier row.`,
          );
        } catch (error) {
          bar.end();
          if (error instanceof StakeholderImportRejected) throw refuse(error.plan);
          throw error;
        }
      });
    });
}
