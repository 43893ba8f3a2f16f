import type { Context } from '../../access/actor.ts';
import { authorize } from '../../access/policy.ts';
import { DomainError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import {
  planStakeholderImport,
  type StakeholderFileSource,
  type StakeholderImportPlan,
} from './plan-stakeholder-import.ts';
import { type StakeholderImportRow, selectStakeholderImport } from './stakeholder-imports.repo.ts';

const importNotFound = 'There is no such import.';

/** An upload by its id: only the person who uploaded it may see it; anyone else is told it does not exist. */
export async function loadStakeholderImport(ctx: Context, id: string): Promise<StakeholderImportRow> {
  authorize(ctx.actor, 'stakeholder:import');
  const row = isUuid(id) ? await selectStakeholderImport(ctx.db, id) : undefined;
  if (!row || ctx.actor.kind !== 'user' || row.userId !== ctx.actor.userId) {
    throw new DomainError('not_found', importNotFound);
  }
  return row;
}

export function sourceOfImport(row: StakeholderImportRow): StakeholderFileSource {
  return {
    fileName: row.fileName,
    areaCode: row.areaCode,
    bytes: Buffer.from(row.content ?? '', 'base64'),
    mapping: row.mapping,
  };
}

export type StakeholderImportPreview = Readonly<{
  id: string;
  status: StakeholderImportRow['status'];
  createdAt: Date;
  committedAt: Date | null;
  /** Why the last commit failed, when it did. */
  error: string | null;
  outcome: unknown;
  fileName: string;
  /** The plan, while the file is kept; none once it is imported (the file is gone). */
  plan: StakeholderImportPlan | undefined;
}>;

/** An upload's mapping and the plan of every row, as the preview page shows them. */
export async function previewStakeholderImport(ctx: Context, id: string): Promise<StakeholderImportPreview> {
  const stored = await loadStakeholderImport(ctx, id);
  const plan =
    stored.content === null ? undefined : (await planStakeholderImport(ctx, sourceOfImport(stored))).plan;
  return {
    id: stored.id,
    status: stored.status,
    createdAt: stored.createdAt,
    committedAt: stored.committedAt,
    error: stored.error,
    outcome: stored.outcome,
    fileName: stored.fileName,
    plan,
  };
}
