import type { Context } from '../access/actor.ts';
import { authorizeInBorough } from '../access/policy.ts';
import type { AreaRecord } from '../geography/areas.repo.ts';
import { getArea } from '../geography/get-area.ts';
import {
  type AmpSnapshot,
  selectAmp,
  selectAmpVersions,
  selectProposals,
  type VersionRow,
} from './estate.repo.ts';
import { type ProposalSummary, withImminence } from './get-site.ts';

export type AmpDetail = Readonly<{
  area: AreaRecord;
  status: 'draft' | 'final';
  agreedOn: string | null;
  version: number;
  proposals: readonly ProposalSummary[];
  versions: readonly VersionRow<AmpSnapshot>[];
}>;

/** A borough's Asset Management Plan: draft until agreed, then final, with every version since. */
export async function getAmp(ctx: Context, input: { gssCode: string }): Promise<AmpDetail> {
  const area = await getArea(ctx, input);
  authorizeInBorough(
    ctx.actor,
    'estate:read',
    area.gssCode,
    `There is no London area with the code ${input.gssCode}.`,
  );
  const amp = await selectAmp(ctx.db, area.gssCode);
  const proposals = await withImminence(
    ctx,
    await selectProposals(ctx.db, { scope: 'all', areaCode: area.gssCode }),
  );
  return {
    area,
    status: amp?.status ?? 'draft',
    agreedOn: amp?.agreedOn ?? null,
    version: amp?.version ?? 0,
    proposals,
    versions: await selectAmpVersions(ctx.db, area.gssCode),
  };
}
