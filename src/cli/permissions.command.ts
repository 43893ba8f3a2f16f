import { Command } from 'commander';
import { permissionsDocument } from '../domain/access/permissions-document.ts';

/** Prints docs/permissions.md, generated from the policy table. */
export function permissionsCommand(): Command {
  return new Command('permissions')
    .description('Print the permissions document (Markdown) generated from the policy')
    .action(() => {
      process.stdout.write(permissionsDocument());
    });
}
