import type { AreaRecord } from '../../../domain/geography/areas.repo.ts';
import type { ConstituencyChanges } from '../../../domain/geography/compare-constituencies.ts';
import type { BoroughConstituency } from '../../../domain/geography/electoral-areas.repo.ts';
import type { BoroughGeography } from '../../../domain/geography/get-borough-geography.ts';
import { policeForceNames } from '../../../domain/geography/london-areas.ts';

export type AreaRow = Readonly<{
  gssCode: string;
  name: string;
  href: string;
  shortCode: string;
  policeForce: string;
  bcu: string;
}>;

export function presentAreaRow(area: AreaRecord): AreaRow {
  return {
    gssCode: area.gssCode,
    name: area.name,
    href: `/boroughs/${area.gssCode}`,
    shortCode: area.shortCode,
    policeForce: policeForceNames[area.policeForce],
    bcu: area.bcuName ? `${area.bcuName} (${area.bcuCode})` : 'Not in a Met BCU',
  };
}

/** Names joined for a sentence: "Lambeth", "Lambeth and Southwark", "Camden, Islington and Lambeth". */
const listOfNames = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * The London overview. A borough lead or contributor sees only their boroughs, and is told so; the
 * others see all 33 areas.
 */
export function presentOverview(areas: readonly AreaRecord[], options: { assignedOnly: boolean }) {
  const rows = areas.map(presentAreaRow);
  const bcus = new Set(areas.map((a) => a.bcuCode).filter(Boolean)).size;
  const boroughs = areas.filter((a) => a.kind === 'london-borough').length;
  const summary = options.assignedOnly
    ? `Your ${areas.length === 1 ? 'borough' : 'boroughs'}: ${listOfNames(areas.map((a) => a.name))}. You see only the boroughs assigned to you.`
    : `${areas.length} areas: ${boroughs} London boroughs policed by the Metropolitan Police in ${bcus} Basic Command Units, and the City of London with its own force.`;
  return {
    rows,
    summary,
    assignedOnly: options.assignedOnly,
    counts: {
      areas: areas.length,
      boroughs: areas.filter((a) => a.kind === 'london-borough').length,
      bcus: new Set(areas.map((a) => a.bcuCode).filter(Boolean)).size,
    },
  };
}

export function presentBoroughPage(area: AreaRecord, all: readonly AreaRecord[]) {
  const bcuPartners = area.bcuCode
    ? all.filter((a) => a.bcuCode === area.bcuCode && a.gssCode !== area.gssCode).map(presentAreaRow)
    : [];
  return {
    ...presentAreaRow(area),
    kind: area.kind === 'city' ? 'City of London (the City Corporation)' : 'London borough',
    isCity: area.kind === 'city',
    bcuPartners,
  };
}

const constituencyRow = (c: BoroughConstituency) => ({
  name: c.name,
  code: c.code,
  basis:
    c.source === 'ward-lookup'
      ? `${c.wards} ${c.wards === 1 ? 'ward' : 'wards'} of the borough`
      : c.share === null
        ? 'Overlaps the borough'
        : `About ${Math.round(c.share * 100)}% of the constituency lies in the borough`,
});

/** The borough's wards and constituencies, and the constituencies that changed at the last review. */
export function presentBoroughGeography(places: BoroughGeography, changes: ConstituencyChanges | undefined) {
  return {
    wardVintage: places.wardVintage,
    constituencyVintage: places.constituencyVintage,
    wards: places.wards,
    constituencies: places.constituencies.map(constituencyRow),
    changes: changes && {
      from: changes.from,
      to: changes.to,
      added: changes.added.map(constituencyRow),
      removed: changes.removed.map(constituencyRow),
      noChange: changes.added.length === 0 && changes.removed.length === 0,
    },
  };
}
