import type { CoverageView } from '../../../domain/stakeholders/coverage/get-coverage.ts';
import { exclusionReasonNames } from '../../../domain/stakeholders/person.ts';
import type { StakeholderGridView } from '../../../domain/stakeholders/top-hundred/get-stakeholder-grid.ts';
import type { TopHundredView } from '../../../domain/stakeholders/top-hundred/get-top-hundred.ts';
import {
  type GridCell,
  highScore,
  type Quadrant,
  quadrantAdvice,
  quadrantNames,
} from '../../../domain/stakeholders/top-hundred/stakeholder-grid.ts';
import type { GridRow } from '../../../domain/stakeholders/top-hundred/top-hundred.repo.ts';

/** What the top 100, grid and coverage pages show, with every link and label named here. */

const personHref = (id: string) => `/stakeholders/${id}`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const topHundredHref = (code: string) => `/boroughs/${code}/top-100`;
export const gridHref = (code: string) => `/boroughs/${code}/stakeholder-grid`;
export const coverageHref = (code: string) => `/boroughs/${code}/coverage`;
export const stakeholdersOfHref = (code: string) => `/stakeholders?areaCode=${code}`;

/** The three pages link to each other and to the borough's stakeholder list. */
const pageLinks = (code: string, name: string, here: 'top-100' | 'grid' | 'coverage') =>
  [
    { key: 'top-100', href: topHundredHref(code), text: `${name}’s top 100` },
    { key: 'grid', href: gridHref(code), text: 'Influence and interest grid' },
    { key: 'coverage', href: coverageHref(code), text: 'Coverage check' },
    { key: 'all', href: stakeholdersOfHref(code), text: `All ${name} stakeholders` },
  ].filter((l) => l.key !== here);

// --- The top 100 ---------------------------------------------------------------------------------

export type Notice = Readonly<{ done: string; from: string }>;

/** The message after a change, naming the person and what happened to them. */
function noticeText(view: TopHundredView, notice: Notice): string | undefined {
  const person = view.about;
  if (!person) return undefined;
  const entry = view.entries.find((e) => e.id === person.id);
  const list = `${view.area.name}’s top 100`;
  switch (notice.done) {
    case 'added':
      return entry ? `${person.fullName} added to ${list} at number ${entry.rank}.` : undefined;
    case 'moved': {
      if (!entry) return undefined;
      const from = /^\d{1,3}$/.test(notice.from) ? Number(notice.from) : undefined;
      if (from === entry.rank) {
        const where = entry.rank === 1 ? 'at the top' : 'at the bottom';
        return `${person.fullName} is already number ${entry.rank}, ${where} of the list.`;
      }
      return from === undefined
        ? `${person.fullName} moved to number ${entry.rank}.`
        : `${person.fullName} moved from number ${from} to number ${entry.rank}.`;
    }
    case 'removed':
      return entry ? undefined : `${person.fullName} removed from ${list}. Those below moved up one place.`;
    default:
      return undefined;
  }
}

const emailText = (e: TopHundredView['entries'][number]['emailability']) =>
  e.ok ? { answer: 'Yes', reason: undefined } : { answer: 'No', reason: exclusionReasonNames[e.reason] };

export type RowErrors = Readonly<Record<string, Readonly<{ message: string; value: string }>>>;

export function presentTopHundred(
  view: TopHundredView,
  options: { notice?: Notice | undefined; rowErrors?: RowErrors | undefined; addError?: string | undefined },
) {
  const { area } = view;
  const count = view.entries.length;
  return {
    area,
    title: `${area.name}’s top 100`,
    summary:
      count === 0
        ? `No one is on ${area.name}’s top 100 yet.`
        : `${plural(count, 'person', 'people')} of ${view.limit} places, in order of priority.`,
    notice: options.notice ? noticeText(view, options.notice) : undefined,
    links: pageLinks(area.gssCode, area.name, 'top-100'),
    mayEdit: view.mayEdit,
    full: view.full,
    fullText: `${area.name}’s top 100 is full. Remove someone before adding another person.`,
    addAction: `${topHundredHref(area.gssCode)}/add`,
    searchAction: topHundredHref(area.gssCode),
    search: view.search && {
      q: view.search.q,
      error: view.search.error ?? options.addError,
      results: view.search.results.map((r) => ({
        id: r.id,
        name: r.fullName,
        href: personHref(r.id),
        roles: r.roles.join(', '),
        organisations: r.organisations.join(', '),
        addLabel: `Add ${r.fullName}`,
      })),
      caption: view.search.error
        ? undefined
        : view.search.results.length === 0
          ? `No one of ${area.name} who is not already listed matches “${view.search.q}”.`
          : `${view.search.more ? `The first ${view.search.results.length}` : plural(view.search.results.length, 'person', 'people')} of ${area.name} not yet listed matching “${view.search.q}”${view.search.more ? ': add a word to narrow the search' : ''}`,
    },
    addError: view.search ? undefined : options.addError,
    rows: view.entries.map((e, i) => {
      const error = options.rowErrors?.[e.id];
      return {
        id: e.id,
        rank: e.rank,
        name: e.fullName,
        href: personHref(e.id),
        warning: e.erased ? 'Erased' : e.inBorough ? undefined : `No longer covers ${area.name}`,
        description: [...e.roles, ...e.organisations].join(' · ') || 'No role or organisation recorded',
        influence: e.influence ?? '—',
        interest: e.interest ?? '—',
        email: emailText(e.emailability),
        moveAction: `${topHundredHref(area.gssCode)}/${e.id}/move`,
        removeAction: `${topHundredHref(area.gssCode)}/${e.id}/remove`,
        canMoveUp: i > 0,
        canMoveDown: i < view.entries.length - 1,
        rankInputId: `rank-${e.id}`,
        rankValue: error?.value ?? '',
        rankError: error?.message,
      };
    }),
  };
}

// --- The grid ------------------------------------------------------------------------------------

/** How many names a cell shows before offering the rest on their own. */
export const namesPerCell = 8;

const quadrantTags: Readonly<Record<Quadrant, string>> = {
  'manage-closely': 'govuk-tag--red',
  'keep-satisfied': 'govuk-tag--orange',
  'keep-informed': 'govuk-tag--blue',
  monitor: 'govuk-tag--grey',
};

const scoreName = (score: number) =>
  score === 5 ? `${score} (high)` : score === 1 ? `${score} (low)` : `${score}`;

const namesOf = (people: readonly GridRow[]) =>
  people.map((p) => ({
    name: p.fullName,
    href: personHref(p.id),
    rank: p.rank === null ? undefined : `no. ${p.rank}`,
  }));

/** `cell` picks the cell shown in full: "5-3" (influence 5, interest 3) or "unscored". */
export function presentGrid(view: StakeholderGridView, cell: string) {
  const { area, grid } = view;
  const href = gridHref(area.gssCode);
  const [chosenInfluence, chosenInterest] = /^[1-5]-[1-5]$/.test(cell) ? cell.split('-').map(Number) : [];
  const shown = (c: GridCell<GridRow>) => ({
    quadrant: quadrantNames[c.quadrant],
    quadrantTag: quadrantTags[c.quadrant],
    count: plural(c.people.length, 'person', 'people'),
    empty: c.people.length === 0,
    names: namesOf(c.people.slice(0, namesPerCell)),
    more:
      c.people.length > namesPerCell
        ? {
            text: `and ${c.people.length - namesPerCell} more.`,
            href: `${href}?cell=${c.influence}-${c.interest}#chosen`,
            link: `Show all ${c.people.length}`,
            hidden: ` people with influence ${c.influence} and interest ${c.interest}`,
          }
        : undefined,
  });
  const chosenCell = grid.rows
    .find((r) => r.influence === chosenInfluence)
    ?.cells.find((c) => c.interest === chosenInterest);
  const unscoredShown = cell === 'unscored' ? grid.unscored : grid.unscored.slice(0, 30);
  return {
    area,
    title: 'Influence and interest',
    links: pageLinks(area.gssCode, area.name, 'grid'),
    summary:
      view.total === 0
        ? `No one covers ${area.name} yet.`
        : `${plural(grid.placed, 'person', 'people')} of ${area.name} placed by the influence and interest scores on their record, from 1 (low) to 5 (high). Scores of ${highScore} or more count as high.`,
    quadrants: grid.quadrants.map((q) => ({
      name: quadrantNames[q.quadrant],
      tag: quadrantTags[q.quadrant],
      advice: quadrantAdvice[q.quadrant],
      count: plural(q.count, 'person', 'people'),
    })),
    interestHeaders: [1, 2, 3, 4, 5].map((s) => `Interest ${scoreName(s)}`),
    rows: grid.rows.map((r) => ({
      header: `Influence ${scoreName(r.influence)}`,
      cells: r.cells.map(shown),
    })),
    chosen: chosenCell && {
      heading: `Influence ${chosenCell.influence}, interest ${chosenCell.interest}: ${plural(chosenCell.people.length, 'person', 'people')} (${quadrantNames[chosenCell.quadrant].toLowerCase()})`,
      names: namesOf(chosenCell.people),
    },
    unscored: {
      heading: `Without scores (${grid.unscored.length})`,
      text:
        grid.unscored.length === 0
          ? `Everyone of ${area.name} has both scores.`
          : `These people lack an influence or an interest score, so they are not on the grid. Add the scores on each person’s record.`,
      names: namesOf(unscoredShown),
      more:
        unscoredShown.length < grid.unscored.length
          ? {
              href: `${href}?cell=unscored#unscored`,
              text: `Show all ${grid.unscored.length} people without scores`,
            }
          : undefined,
    },
  };
}

// --- Coverage ------------------------------------------------------------------------------------

/** How many stale contacts the page lists before pointing to the stakeholder list. */
export const staleShown = 50;

export function presentCoverage(view: CoverageView) {
  const { area, coverage } = view;
  const code = area.gssCode;
  const newPersonHref = `/stakeholders/new?borough=${code}`;
  const gapLink = (r: CoverageView['coverage']['requirements'][number]) => {
    if (!r.gap || !view.mayEdit) return undefined;
    switch (r.gap.action.kind) {
      case 'add-person':
        return newPersonHref;
      case 'choose-site-ward':
        return `/sites/${r.gap.action.siteId}/edit`;
      case 'load-constituencies':
        return undefined;
    }
  };
  const stale = coverage.stale;
  return {
    area,
    title: 'Coverage check',
    links: pageLinks(code, area.name, 'coverage'),
    headline: `${coverage.met} of ${plural(coverage.total, 'requirement', 'requirements')} met`,
    complete: coverage.met === coverage.total,
    basis: `Worked out now from the records of ${plural(view.peopleCount, 'person', 'people')} covering ${area.name}, ${
      view.constituencyVintage === undefined
        ? 'without constituencies (none are loaded)'
        : `the constituencies covering part of it (${view.constituencyVintage} boundaries)`
    } and its sites with a disposal planned in the next ${plural(view.imminentMonths, 'month', 'months')}.`,
    requirements: coverage.requirements.map((r) => ({
      label: r.label,
      reason: r.reason,
      disposals: r.disposals.map((d) => ({
        name: d.siteName,
        href: `/sites/${d.siteId}`,
        day: d.disposalDate,
      })),
      met: r.met,
      status: r.met ? 'Met' : 'Gap',
      statusTag: r.met ? 'govuk-tag--green' : 'govuk-tag--red',
      holders: r.holders.map((h) => ({
        name: h.fullName,
        href: personHref(h.id),
        stale: h.stale,
      })),
      gapText: r.gap?.text,
      gapHref: gapLink(r),
    })),
    stale: {
      heading: `Not verified for 12 months (${stale.length})`,
      text:
        stale.length === 0
          ? `Every contact covering ${area.name} has been verified in the last 12 months.`
          : `Check these contacts are still right and record the day you verified them on each record.`,
      rows: stale.slice(0, staleShown).map((s) => ({
        name: s.fullName,
        href: personHref(s.id),
        lastVerified: s.lastVerifiedOn,
      })),
      more:
        stale.length > staleShown ? { text: `See all ${stale.length} in the stakeholder list` } : undefined,
      listHref: `${stakeholdersOfHref(code)}&stale=yes`,
    },
    mayEdit: view.mayEdit,
    newPersonHref,
  };
}
