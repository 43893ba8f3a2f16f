import { Command } from 'commander';
import { contextFor, type Deps } from '../deps.ts';
import { operator } from '../domain/access/actor.ts';
import { createApiToken } from '../domain/access/create-api-token.ts';
import { getUserByEmail } from '../domain/access/get-user.ts';
import { listApiTokens } from '../domain/access/list-api-tokens.ts';
import { revokeApiToken } from '../domain/access/revoke-api-token.ts';
import { report, withDeps } from './run.ts';

const cli = operator('cli');

async function userIdFor(deps: Deps, email: string): Promise<string> {
  return (await getUserByEmail(contextFor(deps, cli), { email })).id;
}

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('Manage personal access tokens for the JSON API');

  tokens
    .command('create')
    .description('Create a token for a user. The token is shown once.')
    .requiredOption('--user <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .action(async (options: { user: string; name: string }, command: Command) => {
      const created = await withDeps(command, async (deps) =>
        createApiToken(contextFor(deps, cli), {
          userId: await userIdFor(deps, options.user),
          name: options.name,
        }),
      );
      report(
        command,
        { id: created.id, name: created.name, user: options.user, token: created.token },
        `Created token "${created.name}" (id ${created.id}) for ${options.user}.\n` +
          `Token (shown only now): ${created.token}\n` +
          `Use it as: Authorization: Bearer ${created.token}`,
      );
    });

  tokens
    .command('list')
    .description("List a user's tokens (never the secrets)")
    .requiredOption('--user <email>', 'whose tokens')
    .action(async (options: { user: string }, command: Command) => {
      const list = await withDeps(command, async (deps) =>
        listApiTokens(contextFor(deps, cli), { userId: await userIdFor(deps, options.user) }),
      );
      const lines = list.map(
        (t) =>
          `${t.id}  ${t.hint}…  ${t.name.padEnd(30)} ${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active'}`,
      );
      report(command, list, lines.length ? lines.join('\n') : 'No tokens.');
    });

  tokens
    .command('revoke')
    .description('Revoke a token at once')
    .argument('<id>', 'the token id (from tokens list)')
    .action(async (id: string, _options: object, command: Command) => {
      const revoked = await withDeps(command, (deps) => revokeApiToken(contextFor(deps, cli), { id }));
      report(command, { ...revoked, revoked: true }, `Revoked token ${revoked.id}.`);
    });

  return tokens;
}
