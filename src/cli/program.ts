import { Command, CommanderError } from 'commander';
import { describeFailure } from '../describe-failure.ts';
import { auditCommand } from './audit.command.ts';
import { demoCommand, migrateCommand, serveCommand } from './database.command.ts';
import { estateCommand } from './estate.command.ts';
import { importCommand } from './import.command.ts';
import { mailCommand } from './mail.command.ts';
import { openApiCommand } from './openapi.command.ts';
import { permissionsCommand } from './permissions.command.ts';
import { stakeholdersCommand } from './stakeholders.command.ts';
import { tokensCommand } from './tokens.command.ts';
import { usersCommand } from './users.command.ts';

/** The `nonsuch` command. Each subcommand is a thin adapter over the same use cases as the web. */
export function buildProgram(): Command {
  const program = new Command('nonsuch')
    .description('Nonsuch, the estate engagement manager')
    .option(
      '--data-dir <dir>',
      'the embedded database directory (overrides NONSUCH_DATA_DIR and DATABASE_URL)',
    )
    .option('--json', 'print results as JSON')
    .showHelpAfterError()
    .exitOverride();
  const commands = [
    serveCommand(),
    migrateCommand(),
    usersCommand(),
    tokensCommand(),
    auditCommand(),
    importCommand(),
    estateCommand(),
    stakeholdersCommand(),
    demoCommand(),
    openApiCommand(),
    permissionsCommand(),
    mailCommand(),
  ];
  for (const command of commands) program.addCommand(command);
  // Every command's --help also shows --data-dir and --json, and every failure returns an exit code.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(program).slice(1))
    command.configureHelp({ showGlobalOptions: true }).exitOverride();
  return program;
}

/** Runs one command line. Resolves to the exit code, or 'serving' while the web server runs on. */
export async function runCli(argv: readonly string[]): Promise<number | 'serving'> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return program.args[0] === 'serve' ? 'serving' : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`nonsuch: ${describeFailure(error)}\n`);
    return 1;
  }
}

/** The entry point shared by `node src/cli.ts` and the installed `nonsuch`. */
export async function main(argv: readonly string[]): Promise<void> {
  const result = await runCli(argv);
  if (result !== 'serving') process.exit(result);
}
