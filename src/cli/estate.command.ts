import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { contextFor } from '../deps.ts';
import { writeCsv, writeXlsx } from '../documents/spreadsheet.ts';
import { operator } from '../domain/access/actor.ts';
import { commitEstateImport, EstateImportRejected } from '../domain/estate/commit-estate-import.ts';
import type { EstateKind } from '../domain/estate/estate-file.ts';
import { exportEstate } from '../domain/estate/export-estate.ts';
import { type EstateImportPlan, previewEstateImport } from '../domain/estate/preview-estate-import.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { type GlobalOptions, readInputFile, report, withDeps } from './run.ts';

const cli = operator('cli');

/** How many row problems are printed before "and N more". */
const shownProblems = 50;

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const kindArgument = () =>
  new Argument('<kind>', 'what the file holds').choices(['sites', 'proposals'] as const);

const actionWords = {
  create: 'add',
  update: 'change',
  unchanged: 'no change',
  reject: 'cannot import',
} as const;

/** The preview, one line a row: its number, what happens, what it is, and what changes. */
function previewLines(plan: EstateImportPlan): string[] {
  return plan.rows.map((r) => {
    const changes = r.action === 'update' ? `  (${r.changes.join(', ')})` : '';
    return `Row ${String(r.row).padEnd(5)} ${actionWords[r.action].padEnd(13)} ${r.subject}${changes}`;
  });
}

function problemLines(error: EstateImportRejected): string[] {
  const lines = error.lines();
  return lines.length > shownProblems
    ? [...lines.slice(0, shownProblems), `and ${lines.length - shownProblems} more`]
    : lines;
}

const counted = (plan: EstateImportPlan) =>
  `${plan.counts.create} to add, ${plan.counts.update} to change, ${plan.counts.unchanged} unchanged, ${plan.counts.reject} cannot be imported`;

function importSubcommand(): Command {
  return new Command('import')
    .description(
      'Import sites or proposals from a CSV file or an Excel workbook (.xlsx): every row is checked first, and the file is imported all or nothing',
    )
    .addArgument(kindArgument())
    .argument('<file>', 'the CSV or Excel file')
    .option('--dry-run', 'show what each row would do, and write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  nonsuch estate import sites lambeth-sites.xlsx --dry-run\n  nonsuch estate import proposals proposals.csv --json',
    )
    .action(async (kind: EstateKind, file: string, options: { dryRun?: boolean }, command: Command) => {
      const { json } = command.optsWithGlobals<GlobalOptions>();
      progress(`Reading ${file}…`);
      const source = { kind, fileName: basename(file), bytes: await readInputFile(file) };
      await withDeps(command, async (deps) => {
        const ctx = contextFor(deps, cli);
        const plan = await previewEstateImport(ctx, { file: source, onProgress: progress });
        const counts = {
          kind,
          fileName: source.fileName,
          dryRun: Boolean(options.dryRun),
          rows: plan.rows.length,
          create: plan.counts.create,
          update: plan.counts.update,
          unchanged: plan.counts.unchanged,
          reject: plan.counts.reject,
          imported: false,
        };
        if (!json) process.stdout.write([...previewLines(plan), ''].join('\n'));
        if (plan.rejected) {
          const rejected = new EstateImportRejected(plan);
          process.stderr.write(`${problemLines(rejected).join('\n')}\n`);
          report(command, counts, `${capitalised(kind)} in ${source.fileName}: ${counted(plan)}.`);
          throw rejected;
        }
        if (options.dryRun) {
          report(
            command,
            counts,
            `${capitalised(kind)} in ${source.fileName}: ${counted(plan)}. Nothing was written (--dry-run).`,
          );
          return;
        }
        const done = await commitEstateImport(ctx, { file: source, onProgress: progress });
        report(
          command,
          {
            ...counts,
            create: done.created,
            update: done.updated,
            unchanged: done.unchanged,
            imported: true,
          },
          `${capitalised(kind)} imported from ${source.fileName}: ${done.created} added, ${done.updated} changed, ${done.unchanged} unchanged.`,
        );
      });
    });
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type ExportOptions = { borough?: string; format?: 'csv' | 'xlsx'; output?: string };

function exportSubcommand(): Command {
  return new Command('export')
    .description('Export sites or proposals as CSV or Excel, in the layout the import reads')
    .addArgument(kindArgument())
    .option('--borough <code>', 'only this borough, by GSS code (E09…)')
    .addOption(
      new Option('--format <format>', 'csv or xlsx (default: from the output file’s name, else csv)').choices(
        ['csv', 'xlsx'],
      ),
    )
    .option('--output <file>', 'write to this file instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  nonsuch estate export sites --borough E09000022 --output lambeth-sites.xlsx\n  nonsuch estate export proposals > proposals.csv',
    )
    .action(async (kind: EstateKind, options: ExportOptions, command: Command) => {
      const format =
        options.format ??
        (options.output && extname(options.output).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv');
      if (format === 'xlsx' && !options.output && process.stdout.isTTY) {
        throw new DomainError('invalid', 'An Excel workbook cannot be shown here: give --output FILE.');
      }
      const exported = await withDeps(command, (deps) =>
        exportEstate(contextFor(deps, cli), { kind, areaCode: options.borough }),
      );
      const body = format === 'csv' ? writeCsv(exported.sheet) : await writeXlsx(exported.sheet);
      const rows = exported.sheet.rows.length;
      if (!options.output) {
        process.stdout.write(body);
        return;
      }
      await writeFile(options.output, body);
      report(
        command,
        { kind, format, rows, borough: exported.areaCode ?? null, output: options.output },
        `Wrote ${rows} ${rows === 1 ? kind.slice(0, -1) : kind} to ${options.output}.`,
      );
    });
}

/** `nonsuch estate`: import and export sites and proposals. */
export function estateCommand(): Command {
  return new Command('estate')
    .description('Import and export sites and proposals')
    .addCommand(importSubcommand())
    .addCommand(exportSubcommand());
}
