import { once } from 'node:events';
import { Command } from 'commander';
import { contextFor } from '../deps.ts';
import { operator } from '../domain/access/actor.ts';
import { getUserByEmail } from '../domain/access/get-user.ts';
import { exportAuditEvents } from '../domain/audit/export-audit-events.ts';
import { withDeps } from './run.ts';

const cli = operator('cli');

type ExportOptions = {
  from?: string;
  to?: string;
  user?: string;
  entity?: string;
  entityId?: string;
  borough?: string;
};

export function auditCommand(): Command {
  const audit = new Command('audit').description('Read the audit trail');

  audit
    .command('export')
    .description('Write the audit trail as CSV to standard output, newest first (dates are London days)')
    .option('--from <YYYY-MM-DD>', 'from the start of this day')
    .option('--to <YYYY-MM-DD>', 'to the end of this day')
    .option('--user <email>', 'only what this user did')
    .option('--entity <type>', 'only this type of record (user, session, api-token, permission …)')
    .option('--entity-id <id>', 'only this record')
    .option('--borough <code>', 'only this borough, by GSS code (E09…)')
    .addHelpText('after', '\nExample:\n  nonsuch audit export --from 2026-04-01 --to 2026-04-30 > april.csv')
    .action(async (options: ExportOptions, command: Command) => {
      await withDeps(command, async (deps) => {
        const ctx = contextFor(deps, cli);
        const user = options.user ? (await getUserByEmail(ctx, { email: options.user })).id : undefined;
        const csv = await exportAuditEvents(ctx, {
          user,
          entityType: options.entity,
          entityId: options.entityId,
          borough: options.borough,
          from: options.from,
          to: options.to,
        });
        for await (const chunk of csv) {
          if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
        }
      });
    });

  return audit;
}
