import type { Context } from '../access/actor.ts';
import { authorize, boroughScope, can, OutOfScope } from '../access/policy.ts';
import { changedValues, recordAudit } from '../audit/record-audit.ts';
import { DomainError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import { refreshSearchTextForOrganisation } from './people.repo.ts';
import { type OrganisationInput, organisationInputSchema, type ParsedOrganisation } from './person.ts';
import { noSuchOrganisation } from './scope.ts';
import {
  insertOrganisation,
  type OrganisationRecord,
  type OrganisationRow,
  selectOrganisation,
  selectOrganisationChoices,
  updateOrganisationRow,
} from './stakeholders.repo.ts';

/**
 * Organisations: councils, community and faith groups, businesses, media outlets and the rest. One
 * in a borough is that borough's; one without a borough is London-wide, seen by everyone who sees
 * stakeholders and changed only by those who act in every borough.
 */

const mayAct = (ctx: Context, action: 'stakeholder:read' | 'stakeholder:edit', areaCode: string | null) =>
  areaCode === null
    ? boroughScope(ctx.actor, action) === 'all' || action === 'stakeholder:read'
    : can(ctx.actor, action, { areaCode });

function requireAreaInReach(ctx: Context, areaCode: string | null): void {
  if (mayAct(ctx, 'stakeholder:edit', areaCode)) return;
  throw new DomainError('invalid', 'Some details need correcting.', {
    fields: {
      areaCode:
        areaCode === null
          ? 'Only a programme lead can add a London-wide organisation; choose one of your boroughs'
          : 'Choose a borough you look after',
    },
  });
}

const snapshot = (o: ParsedOrganisation) => ({ ...o });

export async function createOrganisation(ctx: Context, input: OrganisationInput): Promise<OrganisationRow> {
  authorize(ctx.actor, 'stakeholder:edit');
  const parsed = parseInput(organisationInputSchema, input);
  requireAreaInReach(ctx, parsed.areaCode);
  return ctx.db.transaction(async (tx) => {
    const row = await insertOrganisation(tx, parsed, ctx.clock.now());
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'created',
        entityType: 'organisation',
        entityId: row.id,
        areaCode: row.areaCode,
        summary: `Organisation “${row.name}” added`,
        newValues: snapshot(parsed),
      },
    );
    return row;
  });
}

export async function getOrganisation(
  ctx: Context,
  id: string,
  action: 'stakeholder:read' | 'stakeholder:edit' = 'stakeholder:read',
): Promise<OrganisationRecord & { mayEdit: boolean }> {
  authorize(ctx.actor, action);
  if (!isUuid(id)) throw new DomainError('not_found', noSuchOrganisation);
  const row = await selectOrganisation(ctx.db, id);
  if (!row || !mayAct(ctx, 'stakeholder:read', row.areaCode)) throw new OutOfScope(noSuchOrganisation);
  const mayEdit = mayAct(ctx, 'stakeholder:edit', row.areaCode);
  if (action === 'stakeholder:edit' && !mayEdit) {
    throw new DomainError('forbidden', 'Only a programme lead can change a London-wide organisation.');
  }
  return { ...row, mayEdit };
}

export async function updateOrganisation(
  ctx: Context,
  input: OrganisationInput & { id: string },
): Promise<OrganisationRow> {
  const current = await getOrganisation(ctx, input.id, 'stakeholder:edit');
  const parsed = parseInput(organisationInputSchema, input);
  requireAreaInReach(ctx, parsed.areaCode);
  const { areaName: _a, mayEdit: _m, id: _i, createdAt: _c, updatedAt: _u, ...before } = current;
  const changes = changedValues(before, snapshot(parsed));
  if (Object.keys(changes.newValues).length === 0) return current;
  return ctx.db.transaction(async (tx) => {
    const row = await updateOrganisationRow(tx, current.id, parsed, ctx.clock.now());
    if (!row) throw new DomainError('not_found', noSuchOrganisation);
    if (row.name !== current.name) await refreshSearchTextForOrganisation(tx, row.id);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'organisation',
        entityId: row.id,
        areaCode: row.areaCode,
        summary: `Organisation “${row.name}” changed`,
        ...changes,
      },
    );
    return row;
  });
}

/** The organisations the actor may see (London-wide and their boroughs'), optionally one borough's or type's. */
export async function listOrganisations(
  ctx: Context,
  filter: { areaCode?: string | undefined; type?: string | undefined } = {},
): Promise<OrganisationRecord[]> {
  authorize(ctx.actor, 'stakeholder:read');
  return selectOrganisationChoices(ctx.db, boroughScope(ctx.actor, 'stakeholder:read'), filter);
}
