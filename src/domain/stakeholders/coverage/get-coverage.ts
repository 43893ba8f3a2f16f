import type { Context } from '../../access/actor.ts';
import { can } from '../../access/policy.ts';
import { readSettings } from '../../access/settings.repo.ts';
import { selectProposals } from '../../estate/estate.repo.ts';
import { isImminent } from '../../estate/proposal.ts';
import { currentVintages } from '../../geography/current-vintages.ts';
import { selectConstituenciesOfArea, selectWard } from '../../geography/electoral-areas.repo.ts';
import { londonDay } from '../../shared/london-time.ts';
import { loadStakeholderBorough } from '../top-hundred/stakeholder-borough.ts';
import { selectCoveragePeople } from './coverage.repo.ts';
import { type Coverage, evaluateCoverage, type ImminentDisposal } from './coverage.ts';

export type CoverageView = Readonly<{
  area: Readonly<{ gssCode: string; name: string }>;
  coverage: Coverage;
  /** The constituency boundaries checked against, when any are loaded. */
  constituencyVintage: number | undefined;
  imminentMonths: number;
  /** How many of the borough's people were looked at. */
  peopleCount: number;
  mayEdit: boolean;
}>;

/**
 * A borough's coverage check, computed now from the records: the required roles present and the
 * gaps, with its constituencies from the boundaries in use and its wards with an imminent disposal
 * from the estate. The Borough Focus programme reads it too. Another borough answers as an unknown one.
 */
export async function getCoverage(ctx: Context, areaCode: string): Promise<CoverageView> {
  const area = await loadStakeholderBorough(ctx, areaCode, 'stakeholder:read');
  const today = londonDay(ctx.clock.now());
  const vintages = await currentVintages(ctx.db);
  const constituencies =
    vintages.constituency === undefined
      ? []
      : await selectConstituenciesOfArea(ctx.db, area.gssCode, {
          ward: vintages.ward,
          constituency: vintages.constituency,
        });
  const { imminentMonths } = await readSettings(ctx.db);
  const proposals = await selectProposals(ctx.db, { scope: 'all', areaCode: area.gssCode });
  const wardNames = new Map<string, string | null>();
  const imminentDisposals: ImminentDisposal[] = [];
  for (const p of proposals) {
    if (p.disposalDate === null || !isImminent(p, today, imminentMonths)) continue;
    let wardName: string | null = null;
    if (p.wardCode !== null && p.wardVintage !== null) {
      const key = `${p.wardCode}:${p.wardVintage}`;
      if (!wardNames.has(key)) {
        wardNames.set(key, (await selectWard(ctx.db, p.wardCode, p.wardVintage))?.name ?? null);
      }
      wardName = wardNames.get(key) ?? null;
    }
    imminentDisposals.push({
      siteId: p.siteId,
      siteName: p.siteName,
      wardCode: p.wardCode,
      wardName,
      disposalDate: p.disposalDate,
    });
  }
  const people = await selectCoveragePeople(ctx.db, area.gssCode, {
    constituencyCodes: constituencies.map((c) => c.code),
    wardCodes: [...new Set(imminentDisposals.flatMap((d) => (d.wardCode === null ? [] : [d.wardCode])))],
  });
  const coverage = evaluateCoverage({
    areaName: area.name,
    today,
    constituenciesLoaded: vintages.constituency !== undefined,
    constituencies: constituencies.map((c) => ({ code: c.code, name: c.name })),
    imminentDisposals,
    people,
  });
  return {
    area: { gssCode: area.gssCode, name: area.name },
    coverage,
    constituencyVintage: vintages.constituency,
    imminentMonths,
    peopleCount: people.filter((p) => p.inBorough).length,
    mayEdit: can(ctx.actor, 'stakeholder:edit', { areaCode: area.gssCode }),
  };
}
