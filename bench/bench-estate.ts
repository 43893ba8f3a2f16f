/**
 * The estate the bench measures, at the size of QUALITY.md's reference dataset (33 boroughs, about
 * 100 proposals): the demo's wards, constituencies and estate (src/demo/), then further proposals on
 * the demo's own sites until there are `proposalTarget` in all. Everything goes through the use
 * cases, as an operator, and nothing is random: the same dataset on every run and every database.
 */

import { buildDemoEstate } from '../src/demo/demo-estate.ts';
import { buildDemoGeography } from '../src/demo/demo-geography.ts';
import type { Context } from '../src/domain/access/actor.ts';
import { createProposal } from '../src/domain/estate/create-proposal.ts';
import { listProposals } from '../src/domain/estate/list-proposals.ts';
import { listSites } from '../src/domain/estate/list-sites.ts';
import { addMonths, type ChangeType, type ProposalInput } from '../src/domain/estate/proposal.ts';
import type { SiteType } from '../src/domain/estate/site.ts';
import { londonDay } from '../src/domain/shared/london-time.ts';

export const proposalTarget = 100;

export type BenchEstate = Readonly<{ sites: number; demoProposals: number; proposals: number }>;

/** What each kind of site might plausibly have proposed for it, taken in turn. */
const changesFor: Readonly<Record<SiteType, readonly ChangeType[]>> = {
  'police-station': ['refurbish', 'co-locate', 'close-front-counter', 'relocate-functions'],
  'front-counter': ['dispose', 'co-locate', 'close-front-counter'],
  'safer-neighbourhood-base': ['co-locate', 'dispose', 'relocate-functions'],
  'patrol-base': ['refurbish', 'dispose', 'new-facility'],
  custody: ['new-facility', 'refurbish'],
  other: ['relocate-functions', 'dispose'],
};

const titles: Readonly<Record<ChangeType, (place: string) => string>> = {
  'close-front-counter': (place) => `Shorter front counter hours at ${place}`,
  dispose: (place) => `Sell ${place}`,
  'relocate-functions': (place) => `Move the teams out of ${place} and release it`,
  'co-locate': (place) => `Share ${place} with the fire brigade`,
  'new-facility': (place) => `Build a vehicle workshop at ${place}`,
  refurbish: (place) => `Upgrade the heating and lighting at ${place}`,
};

/** Months from today of each milestone, by stage; the disposal only where the change has one. */
const stages: readonly Readonly<{
  status: 'draft' | 'published';
  months: readonly [number, number, number, number];
}>[] = [
  { status: 'published', months: [-2, 1, 4, 7] },
  { status: 'draft', months: [3, 6, 9, 10] },
  { status: 'draft', months: [9, 13, 18, 24] },
  { status: 'published', months: [0, 3, 6, 14] },
];

function extraProposal(
  site: Readonly<{ name: string; type: SiteType }>,
  n: number,
  today: string,
): ProposalInput {
  const options = changesFor[site.type];
  const changeType = options[n % options.length] as ChangeType;
  const stage = stages[n % stages.length] as (typeof stages)[number];
  const shift = (months: number) => {
    const d = new Date(`${addMonths(today, months)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + ((n * 3) % 17));
    return d.toISOString().slice(0, 10);
  };
  const [engagementStart, decisionDue, implementationDate, disposalDate] = stage.months.map(shift);
  const hasDisposal = changeType === 'dispose' || changeType === 'relocate-functions';
  const running = 40_000 + ((n * 2_700) % 90_000);
  return {
    changeType,
    title: titles[changeType](site.name),
    summary: `A change to ${site.name} proposed in the estate review (bench proposal ${n + 1}).`,
    reasons: `The building costs £${running.toLocaleString('en-GB')} a year to run and is used at under half its capacity.`,
    replacementProvision: 'Ward officers keep a weekly surgery in the area while the change is made.',
    alternatives: [
      // The figures are typed in pounds, as on the form; the schema stores pence.
      {
        description: 'Leave the site as it is',
        assessment: 'Compared with the running costs over ten years.',
        criteria: 'Cost; visibility; response times',
        costPence: 0,
        savingPence: 0,
      },
      {
        description: 'Share the site with the council',
        assessment: 'Discussed with the council’s property team.',
        criteria: 'Cost; date available',
        costPence: 150_000 + n * 1_000,
        savingPence: Math.round(running / 2),
      },
    ],
    engagementStart: engagementStart ?? null,
    decisionDue: decisionDue ?? null,
    implementationDate: implementationDate ?? null,
    disposalDate: hasDisposal ? (disposalDate ?? null) : null,
    status: stage.status,
  };
}

/** Builds the bench's estate with an operator's context (inside one transaction, as the demo is). */
export async function buildBenchEstate(ctx: Context): Promise<BenchEstate> {
  await buildDemoGeography(ctx);
  await buildDemoEstate(ctx);
  const demoProposals = (await listProposals(ctx)).length;
  const sites = await listSites(ctx);
  // Sites grouped by borough, in the order listSites gives (borough name, site name).
  const byBorough = new Map<string, typeof sites>();
  for (const site of sites) byBorough.set(site.areaCode, [...(byBorough.get(site.areaCode) ?? []), site]);
  const boroughs = [...byBorough.values()];
  const today = londonDay(ctx.clock.now());
  let made = demoProposals;
  // One more proposal per borough in turn, each on the borough's next site, until the target.
  for (let round = 0; made < proposalTarget; round += 1) {
    for (const [i, boroughSites] of boroughs.entries()) {
      if (made >= proposalTarget) break;
      const site = boroughSites[(round + i) % boroughSites.length];
      if (!site) continue;
      await createProposal(ctx, {
        ...extraProposal(site, made, today),
        siteId: site.id,
        note: 'Added by the bench',
      });
      made += 1;
    }
  }
  return { sites: sites.length, demoProposals, proposals: (await listProposals(ctx)).length };
}
