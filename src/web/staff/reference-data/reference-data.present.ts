import type { LoadedVintage } from '../../../domain/geography/electoral-areas.repo.ts';

const kindNames = { ward: 'Wards', constituency: 'Constituencies' } as const;

export function presentReferenceData(data: { vintages: readonly LoadedVintage[] }) {
  return {
    vintages: data.vintages.map((v) => ({
      kind: kindNames[v.kind],
      year: v.year,
      count: v.count,
      loadedAt: v.loadedAt,
    })),
  };
}

const fileNames = {
  wards: 'wards',
  constituencies: 'constituencies',
  'ward-lookup': 'ward-to-constituency lookup',
  overlap: 'constituency overlap table',
} as const;

/** One line saying what an import did, whatever its kind. */
export function presentImportResult(kind: keyof typeof fileNames, result: Readonly<Record<string, unknown>>) {
  const n = (key: string) => (typeof result[key] === 'number' ? (result[key] as number) : undefined);
  const rows = n('rows') ?? 0;
  const parts = [`${rows} ${rows === 1 ? 'row' : 'rows'} read`];
  if (n('added') !== undefined)
    parts.push(`${n('added')} added`, `${n('changed')} changed`, `${n('unchanged')} unchanged`);
  const vintage = n('vintage') ?? n('constituencyVintage');
  return { text: `The ${fileNames[kind]}${vintage ? ` (${vintage})` : ''} loaded: ${parts.join(', ')}.` };
}
