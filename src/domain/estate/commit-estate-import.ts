import type { Context } from '../access/actor.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DomainError, isDomainError } from '../shared/errors.ts';
import { createProposal } from './create-proposal.ts';
import { createSite } from './create-site.ts';
import { describeRowError, type FieldError, proposalFieldLabel, siteFieldLabel } from './estate-file.ts';
import { markEstateImportCommitted } from './estate-imports.repo.ts';
import {
  type EstateFileSource,
  type EstateImportPlan,
  loadEstateImport,
  type PlannedWrite,
  planEstateImport,
  sourceOf,
} from './preview-estate-import.ts';
import { updateProposal } from './update-proposal.ts';
import { updateSite } from './update-site.ts';

/** A file that cannot be imported: it carries the plan, so its problems can be shown row by row. */
export class EstateImportRejected extends DomainError {
  readonly plan: EstateImportPlan;

  constructor(plan: EstateImportPlan) {
    const n = plan.problems.length + plan.rows.reduce((sum, r) => sum + r.errors.length, 0);
    super(
      'invalid',
      n === 0
        ? 'The file has nothing to import.'
        : `The file has ${n} ${n === 1 ? 'problem' : 'problems'}; nothing was imported.`,
    );
    this.name = 'EstateImportRejected';
    this.plan = plan;
  }

  /** Every problem as a line: the file's, then each row's. */
  lines(): string[] {
    return [
      ...this.plan.problems,
      ...this.plan.rows.flatMap((r) => r.errors.map((e) => describeRowError(r.row, e))),
    ];
  }
}

export type EstateImportCommitted = Readonly<{
  id: string | null;
  kind: EstateImportPlan['kind'];
  fileName: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}>;

export type CommitEstateImportInput = Readonly<
  { id: string } | { file: EstateFileSource; onProgress?: (message: string) => void }
>;

/**
 * Imports a file: all of it, or nothing. In one transaction the file is planned again (so the
 * plan cannot be stale) and, only if no row is rejected, each row is written through the same use
 * cases as the forms (createSite, updateSite, createProposal, updateProposal), each of which records
 * its own version and audit entry inside a savepoint. An uploaded file is marked imported in the same
 * transaction, so it cannot be imported twice.
 */
export async function commitEstateImport(
  ctx: Context,
  input: CommitEstateImportInput,
): Promise<EstateImportCommitted> {
  authorize(ctx.actor, 'estate:import');
  const stored = 'id' in input ? await loadEstateImport(ctx, input.id) : undefined;
  const source = stored ? sourceOf(stored) : 'file' in input ? input.file : undefined;
  if (!source) throw new DomainError('not_found', 'There is no such import.');
  const onProgress = 'file' in input ? input.onProgress : undefined;
  if (stored?.committedAt) throw alreadyImported();

  return ctx.db.transaction(async (tx) => {
    const txCtx: Context = { ...ctx, db: tx };
    if (stored && !(await markEstateImportCommitted(tx, stored.id, ctx.clock.now()))) {
      throw alreadyImported();
    }
    const { plan, writes } = await planEstateImport(txCtx, source, onProgress);
    if (plan.rejected) throw new EstateImportRejected(plan);

    onProgress?.(`Writing ${writes.length} ${writes.length === 1 ? 'row' : 'rows'}…`);
    const failed = new Map<number, FieldError[]>();
    for (const [i, write] of writes.entries()) {
      try {
        await perform(txCtx, write);
      } catch (error) {
        const errors = rowErrorsOf(error, write.entity);
        if (!errors) throw error;
        failed.set(write.row, errors);
      }
      if ((i + 1) % 100 === 0 && i + 1 < writes.length)
        onProgress?.(`Written ${i + 1} of ${writes.length} rows…`);
    }
    if (failed.size > 0) {
      // A row the use case refused after all (someone changed the record meanwhile): nothing is kept.
      throw new EstateImportRejected({
        ...plan,
        rows: plan.rows.map((r) => {
          const errors = failed.get(r.row);
          return errors ? { ...r, action: 'reject' as const, changes: [], errors } : r;
        }),
        rejected: true,
      });
    }

    const result: EstateImportCommitted = {
      id: stored?.id ?? null,
      kind: plan.kind,
      fileName: plan.fileName,
      rows: plan.rows.length,
      created: plan.counts.create,
      updated: plan.counts.update,
      unchanged: plan.counts.unchanged,
    };
    await recordAudit(txCtx, {
      action: 'updated',
      entityType: 'estate-import',
      entityId: stored?.id ?? null,
      summary: `${plan.kind === 'sites' ? 'Sites' : 'Proposals'} imported from “${plan.fileName}”: ${result.created} added, ${result.updated} changed, ${result.unchanged} unchanged`,
      newValues: result,
    });
    return result;
  });
}

function alreadyImported(): DomainError {
  return new DomainError(
    'conflict',
    'This file has already been imported. To import it again, upload it again and check its preview.',
  );
}

async function perform(ctx: Context, write: PlannedWrite): Promise<void> {
  if (write.entity === 'site') {
    if (write.action === 'create') await createSite(ctx, write.input);
    else await updateSite(ctx, { ...write.input, id: write.id, expectedVersion: write.version });
    return;
  }
  if (write.action === 'create') await createProposal(ctx, { ...write.input, siteId: write.siteId });
  else await updateProposal(ctx, { ...write.input, id: write.id, expectedVersion: write.version });
}

function rowErrorsOf(error: unknown, entity: PlannedWrite['entity']): FieldError[] | undefined {
  if (!isDomainError(error) || error.code === 'unauthenticated') return undefined;
  const fields = Object.entries(error.details.fields ?? {});
  if (fields.length === 0) return [{ field: '', message: error.message.replace(/\.$/, '') }];
  const labelOf = entity === 'site' ? siteFieldLabel : proposalFieldLabel;
  return fields.map(([field, message]) => ({ field: labelOf(field), message }));
}
