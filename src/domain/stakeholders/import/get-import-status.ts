import type { Context } from '../../access/actor.ts';
import { selectArea } from '../../geography/areas.repo.ts';
import { loadStakeholderImport } from './preview-stakeholder-import.ts';
import { failAbandonedCommit, type StakeholderImportRow } from './stakeholder-imports.repo.ts';

export const abandonedMessage =
  'The import stopped before it finished (the server was restarted or lost its database); nothing was imported. You can start it again.';

export type ImportStatus = Readonly<{
  id: string;
  fileName: string;
  areaCode: string;
  boroughName: string;
  status: StakeholderImportRow['status'];
  totalRows: number;
  outcome: unknown;
  error: string | null;
  committedAt: Date | null;
}>;

/**
 * Where an import stands, from the database. A commit marked running whose row no transaction holds
 * has stopped for good (its process ended and its transaction was rolled back): it is marked failed,
 * so it can be started again. `running` says the caller (this process) knows it is still running.
 */
export async function getStakeholderImportStatus(
  ctx: Context,
  input: { id: string; running: boolean },
): Promise<ImportStatus> {
  let row = await loadStakeholderImport(ctx, input.id);
  if (row.status === 'committing' && !input.running) {
    if (await failAbandonedCommit(ctx.db, row.id, abandonedMessage))
      row = await loadStakeholderImport(ctx, input.id);
  }
  return {
    id: row.id,
    fileName: row.fileName,
    areaCode: row.areaCode,
    boroughName: (await selectArea(ctx.db, row.areaCode))?.name ?? row.areaCode,
    status: row.status,
    totalRows: row.totalRows,
    outcome: row.outcome,
    error: row.error,
    committedAt: row.committedAt,
  };
}
