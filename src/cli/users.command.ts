import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { contextFor, type Deps } from '../deps.ts';
import { operator, type Role, roles } from '../domain/access/actor.ts';
import { createUser } from '../domain/access/create-user.ts';
import { disableUser } from '../domain/access/disable-user.ts';
import { enableUser } from '../domain/access/enable-user.ts';
import { inviteUser, type LinkResult } from '../domain/access/invite-user.ts';
import { listUsers, summariseUser } from '../domain/access/list-users.ts';
import { resetPassword } from '../domain/access/reset-password.ts';
import { updateUser } from '../domain/access/update-user.ts';
import type { Delivery } from '../domain/access/user-links.ts';
import { createMailer, type Mailer } from '../email/mailer.ts';
import { readStdin, report, withDeps } from './run.ts';

const cli = operator('cli');

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The e-mail is sent only when SMTP_URL is set; otherwise the operator passes the link on. */
async function withMailer<T>(deps: Deps, work: (mailer: Mailer | undefined) => Promise<T>): Promise<T> {
  const mailer = deps.config.smtpUrl ? createMailer(deps.config) : undefined;
  try {
    return await work(mailer);
  } finally {
    mailer?.close();
  }
}

const deliveryText: Readonly<Record<Delivery, string>> = {
  sent: 'The link has been emailed to them as well.',
  failed: 'The email could not be sent: give them the link yourself.',
  'not-configured': 'Email is not set up (SMTP_URL): give them the link yourself.',
};

function reportLink(command: Command, done: string, result: LinkResult): void {
  report(
    command,
    {
      ...result.user,
      link: result.link.url,
      linkExpiresAt: result.link.expiresAt,
      delivery: result.delivery,
    },
    `${done}\nOne-time link (valid until ${result.link.expiresAt.toISOString()}):\n${result.link.url}\n${deliveryText[result.delivery]}`,
  );
}

type NewUserOptions = {
  email: string;
  name: string;
  role: string;
  borough: string[];
  passwordStdin?: boolean;
  invite?: boolean;
};

const withUserOptions = (command: Command, roleDefault?: string): Command =>
  command
    .requiredOption('--email <email>', 'their email address (they sign in with it)')
    .requiredOption('--name <name>', 'their name as shown in Nonsuch')
    .option(`--role <role>`, `one of: ${roles.join(', ')}`, roleDefault)
    .option(
      '--borough <code>',
      'GSS code of a borough they work in, for borough roles (repeat for several), e.g. E09000022',
      collect,
      [],
    );

async function invite(command: Command, options: NewUserOptions): Promise<void> {
  const result = await withDeps(command, (deps) =>
    withMailer(deps, (mailer) =>
      inviteUser(contextFor(deps, cli), {
        email: options.email,
        displayName: options.name,
        role: options.role as Role,
        boroughs: options.borough,
        baseUrl: deps.config.publicUrl,
        mailer,
      }),
    ),
  );
  reportLink(
    command,
    `Invited ${result.user.displayName} <${result.user.email}> as ${result.user.role}.`,
    result,
  );
}

const boroughsText = (boroughs: readonly string[]) => (boroughs.length ? boroughs.join(',') : 'London-wide');

export function usersCommand(): Command {
  const users = new Command('users').description('Manage the people who can sign in');

  withUserOptions(
    users
      .command('create')
      .alias('add')
      .description(
        'Create a user. With --invite they get a one-time link to choose their password; with ' +
          '--password-stdin the password is read from standard input; otherwise one is generated and shown once.',
      ),
    'administrator',
  )
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option('--invite', 'send a one-time link (valid 7 days) instead of setting a password')
    .action(async (options: NewUserOptions, command: Command) => {
      if (options.invite && options.passwordStdin) {
        command.error('Choose either --invite or --password-stdin, not both.', { exitCode: 1 });
      }
      if (options.invite) return invite(command, options);
      const generated = !options.passwordStdin;
      const password = generated ? randomBytes(15).toString('base64url') : await readStdin();
      const created = await withDeps(command, (deps) =>
        createUser(contextFor(deps, cli), {
          email: options.email,
          displayName: options.name,
          role: options.role as Role,
          boroughs: options.borough,
          password,
        }),
      );
      // Never the password hash or the two-factor secret: only what a person may see of a user.
      const user = summariseUser(created);
      report(
        command,
        { ...user, ...(generated ? { password } : {}) },
        `Added ${user.displayName} <${user.email}> as ${user.role} (${boroughsText(user.boroughs)}).` +
          (generated ? `\nPassword (shown only now): ${password}` : ''),
      );
    });

  withUserOptions(
    users
      .command('invite')
      .description('Create a user without a password and print a one-time link (valid 7 days) to choose one'),
  ).action(async (options: NewUserOptions, command: Command) => {
    if (!options.role) command.error(`Give --role, one of: ${roles.join(', ')}`, { exitCode: 1 });
    return invite(command, options);
  });

  users
    .command('update')
    .description(
      "Change a user's name, role or boroughs. A change of role or boroughs signs them out everywhere.",
    )
    .argument('<email>', 'the email address of the user')
    .option('--name <name>', 'their new name')
    .option('--role <role>', `their new role, one of: ${roles.join(', ')}`)
    .option(
      '--borough <code>',
      'GSS code of a borough they work in (repeat for several); replaces their boroughs',
      collect,
    )
    .action(
      async (
        email: string,
        options: { name?: string; role?: string; borough?: string[] },
        command: Command,
      ) => {
        const user = await withDeps(command, (deps) =>
          updateUser(contextFor(deps, cli), {
            email,
            displayName: options.name,
            role: options.role as Role | undefined,
            boroughs: options.borough,
          }),
        );
        report(
          command,
          user,
          `Updated ${user.displayName} <${user.email}>: ${user.role} (${boroughsText(user.boroughs)}).` +
            (user.sessionsEnded
              ? '\nTheir privileges changed, so they have been signed out everywhere.'
              : ''),
        );
      },
    );

  users
    .command('list')
    .description('List every user, with role and boroughs')
    .action(async (_options: object, command: Command) => {
      const list = await withDeps(command, (deps) => listUsers(contextFor(deps, cli)));
      const lines = list.map(
        (u) =>
          `${u.email.padEnd(40)} ${u.displayName.padEnd(28)} ${u.role.padEnd(20)} ${boroughsText(u.boroughs).padEnd(24)} ${u.disabled ? 'disabled' : u.hasPassword ? 'active' : 'invited'}`,
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

  users
    .command('enable')
    .description('Enable a disabled user, so they can sign in again')
    .argument('<email>', 'the email address of the user')
    .action(async (email: string, _options: object, command: Command) => {
      const user = await withDeps(command, (deps) => enableUser(contextFor(deps, cli), { email }));
      report(command, { ...user, disabled: false }, `Enabled ${user.email}.`);
    });

  users
    .command('reset-password')
    .description(
      'Sign a user out everywhere and print a one-time link (valid 24 hours) with which they choose a new password',
    )
    .argument('<email>', 'the email address of the user')
    .action(async (email: string, _options: object, command: Command) => {
      const result = await withDeps(command, (deps) =>
        withMailer(deps, (mailer) =>
          resetPassword(contextFor(deps, cli), { email, baseUrl: deps.config.publicUrl, mailer }),
        ),
      );
      reportLink(
        command,
        `Reset the password of ${result.user.email}; they have been signed out everywhere.`,
        result,
      );
    });

  return users;
}
