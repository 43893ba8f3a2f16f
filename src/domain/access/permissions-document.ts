import { type Role, roleNames, roles } from './actor.ts';
import { actions, policy, type Reach, type Rule } from './policy.ts';

const cell = (reach: Reach | undefined, perBorough: boolean): string => {
  switch (reach) {
    case 'all':
      return perBorough ? 'all boroughs' : 'yes';
    case 'assigned':
      return 'assigned boroughs';
    case undefined:
      return '—';
  }
};

/**
 * docs/permissions.md, written from the policy table: one row per action, one column per role.
 * `nonsuch permissions > docs/permissions.md` regenerates it; a test fails when the two differ.
 */
export function permissionsDocument(): string {
  const header = ['Action', 'What it allows', ...roles.map((r) => roleNames[r]), 'Command line'];
  const rows = actions.map((action) => {
    const rule: Rule = policy[action];
    const reach = rule.roles as Partial<Record<Role, Reach>>;
    return [
      `\`${action}\``,
      rule.description,
      ...roles.map((r) => cell(reach[r], rule.perBorough === true)),
      rule.operator ? 'yes' : '—',
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    '# Permissions',
    '',
    '<!-- Generated from src/domain/access/policy.ts by `npm run docs:permissions`. Do not edit by hand. -->',
    '',
    'Who may do what in Nonsuch. For actions on a borough’s records, each role may act in **all boroughs**,',
    'only in its **assigned boroughs**, or not at all (—); other actions are simply allowed (yes) or not. A record in a borough outside a person’s assignment is treated as missing: it is',
    'left out of every list, search and export, and addressed by id it answers “not found” (404), exactly',
    'as a record that does not exist. The command line runs with the authority of whoever has the',
    'server’s shell.',
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
    '## Roles',
    '',
    '- **Administrator**: users, roles, reference data, settings and the audit trail; no engagement content.',
    '- **Programme lead**: everything in every borough; approves plans, signs decisions, overrides gates.',
    '- **Borough lead**: everything in their assigned boroughs, except approvals and decisions.',
    '- **Borough contributor**: engagements, records of views and follow-up actions in their assigned boroughs.',
    '- **Analyst**: reads every borough; media log, surveys and evaluation data.',
    '',
    'Administrators and programme leads must use two-factor authentication; a setting can require it of',
    'everyone. API tokens act with their owner’s role and boroughs.',
    '',
  ].join('\n');
}
