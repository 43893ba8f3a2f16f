import { z } from 'zod';
import { estateImportKinds } from '../../db/schema/estate.ts';
import type { Sheet } from '../../documents/spreadsheet.ts';
import type { Context } from '../access/actor.ts';
import { authorize, authorizeInBorough, boroughScope } from '../access/policy.ts';
import { selectArea } from '../geography/areas.repo.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { selectProposals, selectSites } from './estate.repo.ts';
import { type EstateKind, proposalsSheet, sitesSheet } from './estate-file.ts';
import { proposalSnapshotOf } from './get-proposal.ts';

const exportSchema = z.object({
  kind: z.enum(estateImportKinds, { error: 'Choose sites or proposals' }),
  areaCode: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((s) => s || undefined),
});

export type ExportEstateInput = Readonly<{ kind: unknown; areaCode?: unknown }>;

export type EstateExport = Readonly<{ kind: EstateKind; areaCode: string | undefined; sheet: Sheet }>;

const noSuchBorough = 'There is no such borough.';

/**
 * The sites or proposals the actor may see (all of London, their boroughs, or one borough) as rows,
 * in the layout the import reads: an export imports again as "unchanged". Reading is not a change,
 * so it is not audited.
 */
export async function exportEstate(ctx: Context, input: ExportEstateInput): Promise<EstateExport> {
  authorize(ctx.actor, 'estate:read');
  const { kind, areaCode } = parseInput(exportSchema, input);
  if (areaCode) {
    authorizeInBorough(ctx.actor, 'estate:read', areaCode, noSuchBorough);
    if (!(await selectArea(ctx.db, areaCode))) throw new DomainError('not_found', noSuchBorough);
  }
  const scope = boroughScope(ctx.actor, 'estate:read');
  if (kind === 'sites') {
    const sites = await selectSites(ctx.db, { scope, areaCode });
    return { kind, areaCode, sheet: sitesSheet(sites) };
  }
  const proposals = await selectProposals(ctx.db, { scope, areaCode });
  return {
    kind,
    areaCode,
    sheet: proposalsSheet(
      proposals.map((p) => ({
        ...proposalSnapshotOf(p),
        id: p.id,
        siteName: p.siteName,
        areaCode: p.areaCode,
        areaName: p.areaName,
      })),
    ),
  };
}
