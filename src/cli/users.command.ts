import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { contextFor } from '../deps.ts';
import { operator, roles } from '../domain/access/actor.ts';
import { createUser } from '../domain/access/create-user.ts';
import { disableUser } from '../domain/access/disable-user.ts';
import { listUsers } from '../domain/access/list-users.ts';
import { readStdin, report, withDeps } from './run.ts';

const cli = operator('cli');

export function usersCommand(): Command {
  const users = new Command('users').description('Manage the people who can sign in');

  users
    .command('add')
    .description('Add a user. Without --password-stdin a password is generated and shown once.')
    .requiredOption('--email <email>', 'their email address (they sign in with it)')
    .requiredOption('--name <name>', 'their name as shown in Nonsuch')
    .option('--role <role>', `one of: ${roles.join(', ')}`, 'administrator')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(
      async (
        options: { email: string; name: string; role: string; passwordStdin?: boolean },
        command: Command,
      ) => {
        const generated = !options.passwordStdin;
        const password = generated ? randomBytes(15).toString('base64url') : await readStdin();
        const user = await withDeps(command, (deps) =>
          createUser(contextFor(deps, cli), {
            email: options.email,
            displayName: options.name,
            role: options.role as (typeof roles)[number],
            password,
          }),
        );
        report(
          command,
          { ...user, ...(generated ? { password } : {}) },
          `Added ${user.displayName} <${user.email}> as ${user.role}.` +
            (generated ? `\nPassword (shown only now): ${password}` : ''),
        );
      },
    );

  users
    .command('list')
    .description('List every user')
    .action(async (_options: object, command: Command) => {
      const list = await withDeps(command, (deps) => listUsers(contextFor(deps, cli)));
      const lines = list.map(
        (u) =>
          `${u.email.padEnd(40)} ${u.displayName.padEnd(28)} ${u.role.padEnd(14)} ${u.disabled ? 'disabled' : 'active'}`,
      );
      report(command, list, lines.length ? lines.join('\n') : 'No users.');
    });

  users
    .command('disable')
    .description(
      'Disable a user: they cannot sign in, and every session and API token of theirs stops at once',
    )
    .argument('<email>', 'the email address of the user')
    .action(async (email: string, _options: object, command: Command) => {
      const user = await withDeps(command, (deps) => disableUser(contextFor(deps, cli), { email }));
      report(command, { ...user, disabled: true }, `Disabled ${user.email}.`);
    });

  return users;
}
