import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { contextFor } from '../deps.ts';
import { operator } from '../domain/access/actor.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { erasePerson } from '../domain/stakeholders/personal-data/erase-person.ts';
import { runRetention, uploadDays } from '../domain/stakeholders/personal-data/retention.ts';
import { exportSubjectAccess } from '../domain/stakeholders/personal-data/subject-access.ts';
import { report, withDeps } from './run.ts';

const cli = operator('cli');

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function subjectAccessSubcommand(): Command {
  return new Command('subject-access')
    .description(
      'Everything held about one person, as JSON (a subject access export); producing it is audited',
    )
    .argument('<id>', 'the person’s record number (as in the address of their page)')
    .option('--out <file>', 'write the export to this file instead of standard output')
    .addHelpText(
      'after',
      '\nExample:\n  nonsuch stakeholders subject-access 6f1c2a4e-0b7d-4c55-9a43-2f0e8d1b7c9a --out sar.json',
    )
    .action(async (id: string, options: { out?: string }, command: Command) => {
      await withDeps(command, async (deps) => {
        const sar = await exportSubjectAccess(contextFor(deps, cli), { id, format: 'json' });
        const text = `${JSON.stringify(sar, null, 2)}\n`;
        if (options.out === undefined) {
          process.stdout.write(text);
          return;
        }
        await writeFile(options.out, text, 'utf8');
        const held = sar.sections.length - sar.holdingNothing.length;
        report(
          command,
          {
            personId: sar.personId,
            file: options.out,
            sections: sar.sections.length,
            holdingNothing: sar.holdingNothing,
          },
          `Wrote the subject access export of ${sar.name} to ${options.out}: ${plural(held, 'category holds', 'categories hold')} something, ${sar.holdingNothing.length} nothing.`,
        );
      });
    });
}

function eraseSubcommand(): Command {
  return new Command('erase')
    .description(
      'Erase a person: remove their personal data everywhere and suppress their e-mail addresses. Cannot be undone.',
    )
    .argument('<id>', 'the person’s record number')
    .requiredOption('--confirm <name>', 'the person’s name, typed to confirm (capitals and spaces aside)')
    .addHelpText('after', '\nExample:\n  nonsuch stakeholders erase 6f1c2a4e-… --confirm "Jane Smith"')
    .action(async (id: string, options: { confirm: string }, command: Command) => {
      await withDeps(command, async (deps) => {
        const erased = await erasePerson(contextFor(deps, cli), { id, confirmName: options.confirm });
        const c = erased.counts;
        report(
          command,
          erased,
          [
            `Erased. The record is kept as “${erased.description}”.`,
            `${plural(c.emailAddresses, 'e-mail address', 'e-mail addresses')} suppressed, ${plural(c.auditEntries, 'audit entry', 'audit entries')} redacted, ${plural(c.uploads, 'pending upload', 'pending uploads')} removed.`,
          ].join('\n'),
        );
      });
    });
}

function retentionSubcommand(): Command {
  return new Command('retention')
    .description(
      `Run the retention schedule once (the server also runs it daily): remove uploads not imported within ${uploadDays} days and record how many records are past review`,
    )
    .addHelpText('after', '\nExample, from cron at 02:00:\n  0 2 * * * nonsuch stakeholders retention --json')
    .action(async (_options: object, command: Command) => {
      await withDeps(command, async (deps) => {
        const run = await runRetention(contextFor(deps, cli));
        if (!run) throw new DomainError('conflict', 'The retention schedule did not run.');
        report(
          command,
          run,
          `Retention schedule run for ${run.day}: ${plural(run.stakeholderUploadsRemoved + run.estateUploadsRemoved, 'upload', 'uploads')} removed; ${plural(run.pastReview, 'record is', 'records are')} past review.`,
        );
      });
    });
}

/** `nonsuch stakeholders …`: personal-data tasks an operator runs (subject access, erasure, retention). */
export function stakeholdersCommand(): Command {
  return new Command('stakeholders')
    .description('Personal data held about stakeholders')
    .addCommand(subjectAccessSubcommand())
    .addCommand(eraseSubcommand())
    .addCommand(retentionSubcommand());
}
