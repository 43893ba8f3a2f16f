import type { AreaRecord } from '../../../domain/geography/areas.repo.ts';
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

export function presentOverview(areas: readonly AreaRecord[]) {
  const rows = areas.map(presentAreaRow);
  return {
    rows,
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
