import type { ReferenceData } from '../../../domain/geography/get-reference-data.ts';

const kindNames = { ward: 'Wards', constituency: 'Constituencies' } as const;
const boundaryNames = {
  borough: 'Borough boundaries',
  ward: 'Ward boundaries',
  constituency: 'Constituency boundaries',
} as const;

/** One table of what is loaded: the ward and constituency lists, then the boundaries (maps). */
export function presentReferenceData(data: ReferenceData) {
  return {
    vintages: [
      ...data.vintages.map((v) => ({
        kind: kindNames[v.kind],
        year: v.year,
        count: v.count,
        loadedAt: v.loadedAt,
        effectiveFrom: v.effectiveFrom,
      })),
      ...data.boundaries.map((b) => ({
        kind: boundaryNames[b.kind],
        year: b.vintage,
        count: b.count,
        loadedAt: b.loadedAt,
        effectiveFrom: null,
      })),
    ],
  };
}

const fileNames = {
  wards: 'wards',
  constituencies: 'constituencies',
  'ward-lookup': 'ward-to-constituency lookup',
  overlap: 'constituency overlap table',
  boundaries: 'boundaries',
} as const;

/** One line saying what an import did, whatever its kind. */
export function presentImportResult(kind: keyof typeof fileNames, result: Readonly<Record<string, unknown>>) {
  const n = (key: string) => (typeof result[key] === 'number' ? (result[key] as number) : undefined);
  const rows = n('rows') ?? 0;
  const unit = kind === 'boundaries' ? ['feature', 'features'] : ['row', 'rows'];
  const parts = [`${rows} ${rows === 1 ? unit[0] : unit[1]} read`];
  if (n('added') !== undefined)
    parts.push(`${n('added')} added`, `${n('changed')} changed`, `${n('unchanged')} unchanged`);
  const vintage = n('vintage') ?? n('constituencyVintage');
  const what =
    kind === 'boundaries' && typeof result.kind === 'string' ? `${result.kind} boundaries` : fileNames[kind];
  return { text: `The ${what}${vintage ? ` (${vintage})` : ''} loaded: ${parts.join(', ')}.` };
}
