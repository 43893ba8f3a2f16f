import { Command } from 'commander';

/** `nonsuch estate`: import and export sites and proposals. */
export function estateCommand(): Command {
  return new Command('estate').description('Import and export sites and proposals');
}
