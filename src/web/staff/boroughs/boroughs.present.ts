import { siteStatusNames, siteTypeNames } from '../../../domain/estate/site.ts';
import type { AreaRecord } from '../../../domain/geography/areas.repo.ts';
import type { ConstituencyChanges } from '../../../domain/geography/compare-constituencies.ts';
import type { BoroughConstituency } from '../../../domain/geography/electoral-areas.repo.ts';
import type { BoroughGeography } from '../../../domain/geography/get-borough-geography.ts';
import type { BoroughMap } from '../../../domain/geography/get-borough-map.ts';
import { policeForceNames } from '../../../domain/geography/london-areas.ts';
import type { BoroughStakeholders } from '../../../domain/stakeholders/top-hundred/get-borough-stakeholders.ts';
import { boundaryMap } from './boundary-map.ts';
import { tileMap } from './tile-map.ts';

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

/** Shown wherever a boundary is drawn (the ONS and OS licences ask for it). */
export const boundaryAttribution =
  'Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2022–2024.';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A borough's map: drawn from its boundaries with its wards and numbered sites, and the same wards
 * and sites as lists; or, with no boundaries loaded, the borough's square from the London tile map.
 */
export function presentBoroughMap(map: BoroughMap, area: AreaRecord) {
  const drawn = boundaryMap({ outline: map.boundary, wards: map.wards, sites: map.sites });
  if (!drawn) {
    const [tile] = tileMap([area]).tiles;
    return {
      drawn: undefined,
      tile: tile && { ...tile, width: tile.size, height: tile.size },
      tileName: `${area.name}, shown as its square (${area.shortCode}) on the London tile map`,
      notLoaded: `No boundaries are loaded, so ${area.name} is shown as its square on the London tile map. An administrator loads the ONS boundary files (GeoJSON) on the Wards and constituencies page, or with nonsuch import boundaries.`,
    };
  }
  const sites = map.sites.map((s, i) => {
    const number = i + 1;
    const point = drawn.points[i] ?? { x: 0, y: 0 };
    const kind = `${siteTypeNames[s.type]}, ${siteStatusNames[s.status].toLowerCase()}`;
    return {
      number,
      name: s.name,
      kind,
      href: `/sites/${s.id}`,
      accessibleName: `Site ${number}: ${s.name} (${kind})`,
      x: point.x,
      y: point.y,
      labelY: point.y + 4.5,
    };
  });
  const wardsPart =
    map.wards.length > 0
      ? `its ${count(map.wards.length, 'ward', 'wards')} (${map.wardVintage} boundaries)`
      : undefined;
  const sitesPart = sites.length > 0 ? `${count(sites.length, 'site', 'sites')}, numbered` : undefined;
  const shown = [wardsPart, sitesPart].filter(Boolean);
  return {
    drawn,
    wards: drawn.wards,
    sites,
    wardVintage: map.wardVintage,
    description: `${map.boundary ? `The boundary of ${area.name}` : area.name}${
      shown.length > 0 ? ` with ${shown.join(' and ')}` : ''
    }, north at the top. The lists beside the map give the same ${
      sites.length > 0 ? 'wards and sites' : 'wards'
    }.`,
    noWards:
      map.wards.length === 0
        ? `No ward boundaries${map.wardVintage ? ` for ${map.wardVintage}` : ''} are loaded, so the map shows no wards.`
        : undefined,
    unplaced:
      map.sitesWithoutCoordinates > 0
        ? `${count(map.sitesWithoutCoordinates, 'site has', 'sites have')} no coordinates, so ${
            map.sitesWithoutCoordinates === 1 ? 'is' : 'are'
          } not on the map.`
        : undefined,
    outside: map.sitesOutside.map((s) => ({ name: s.name, href: `/sites/${s.id}` })),
    attribution: boundaryAttribution,
  };
}

/** The borough's stakeholders at a glance, with links to its top 100, grid, coverage check and list. */
export function presentBoroughStakeholders(area: AreaRecord, counts: BoroughStakeholders | undefined) {
  if (!counts) return undefined;
  const code = area.gssCode;
  return {
    summary: `${count(counts.people, 'person covers', 'people cover')} ${area.name}; ${counts.topHundred} of them ${
      counts.topHundred === 1 ? 'is' : 'are'
    } on its top 100.`,
    links: [
      { href: `/stakeholders?areaCode=${code}`, text: `All ${area.name} stakeholders` },
      { href: `/boroughs/${code}/top-100`, text: 'Top 100' },
      { href: `/boroughs/${code}/stakeholder-grid`, text: 'Influence and interest grid' },
      { href: `/boroughs/${code}/coverage`, text: 'Coverage check: are the required roles in the database?' },
    ],
  };
}
