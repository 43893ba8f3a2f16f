import { Command } from 'commander';

/** `nonsuch stakeholders …`: personal-data tasks an operator runs (subject access, erasure, retention). */
export function stakeholdersCommand(): Command {
  return new Command('stakeholders').description('Personal data held about stakeholders');
}
