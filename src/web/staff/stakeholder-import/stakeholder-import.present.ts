import { fieldSpecs, importFields } from '../../../domain/stakeholders/import/columns.ts';
import type { ImportStatus } from '../../../domain/stakeholders/import/get-import-status.ts';
import type {
  ImportAction,
  ImportProgress,
  PlannedRow,
  StakeholderImportPlan,
} from '../../../domain/stakeholders/import/plan-stakeholder-import.ts';
import type { StakeholderImportPreview } from '../../../domain/stakeholders/import/preview-stakeholder-import.ts';
import { describeRowError } from '../../../domain/stakeholders/import/rows.ts';
import { flagThreshold } from '../../../domain/stakeholders/import/similarity.ts';

/** What the stakeholder import pages show: every field is named here. */

const actionNames: Readonly<Record<ImportAction, { text: string; tag: string; count: string }>> = {
  create: { text: 'Add', tag: 'govuk-tag--green', count: 'To add' },
  flag: {
    text: 'Add, check for duplicate',
    tag: 'govuk-tag--yellow',
    count: 'To add, then check as possible duplicates',
  },
  update: { text: 'Change', tag: 'govuk-tag--blue', count: 'To change' },
  unchanged: { text: 'No change', tag: 'govuk-tag--grey', count: 'Unchanged' },
  merge: { text: 'Merge', tag: 'govuk-tag--purple', count: 'Folded into an earlier row' },
  reject: { text: 'Cannot import', tag: 'govuk-tag--red', count: 'Cannot import' },
};

const n = (value: number) => value.toLocaleString('en-GB');
const plural = (value: number, one: string, many: string) => `${n(value)} ${value === 1 ? one : many}`;

/** Rows a page of the preview shows. */
export const rowsPerPage = 200;
/** How many row problems the error summary lists before "and N more". */
const summarised = 30;

/** The field choices of a column's select, with the current one chosen. */
function fieldItems(chosen: string | null) {
  return [
    { value: '', text: 'Do not import', selected: chosen === null },
    ...importFields.map((f) => ({ value: f, text: fieldSpecs[f].label, selected: chosen === f })),
  ];
}

export function columnGuide() {
  return importFields.map((f) => ({ label: fieldSpecs[f].label, note: fieldSpecs[f].note }));
}

function rowDetails(r: PlannedRow): string[] {
  if (r.errors.length > 0) return r.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  const details: string[] = [];
  if (r.action === 'update') details.push(`Changes: ${r.changes.join(', ')}`);
  if (r.action === 'unchanged') details.push('The same as the record now');
  if (r.action === 'create') details.push('A new person');
  if (r.action === 'merge') details.push(`The same person as row ${r.into}: folded into it`);
  if (r.similar) {
    details.push(
      `A new person, possibly the same as ${r.similar.name} (similarity ${r.similar.score.toFixed(2)}): both are kept and listed for review`,
    );
  }
  if (r.suppressed)
    details.push('Arrives suppressed: this address is on the suppression list and can never be e-mailed');
  if (r.newOrganisation) details.push(`Adds the organisation “${r.newOrganisation}”`);
  if (r.consent === 'given') details.push('Records consent to the e-newsletter, as imported');
  if (r.consent === 'withdrawn') details.push('Records that consent to the e-newsletter was withdrawn');
  return details;
}

export type PreviewErrors = Readonly<Record<string, string>>;

/** The preview page: the columns and their fields, the counts, every row (a page at a time), the problems. */
export function presentPreview(
  preview: StakeholderImportPreview,
  page: number,
  mappingErrors: PreviewErrors = {},
) {
  const plan = preview.plan as StakeholderImportPlan;
  const rowErrors = plan.errors.map((e) => ({ text: describeRowError(e), href: `#row-${e.row}` }));
  const pages = Math.max(1, Math.ceil(plan.rows.length / rowsPerPage));
  const current = Math.min(Math.max(1, page), pages);
  const shown = plan.rows.slice((current - 1) * rowsPerPage, current * rowsPerPage);
  const columnError = (i: number) => mappingErrors[`column-${i}`] ?? plan.columnProblems.get(i);
  const errorList = [
    ...Object.entries(mappingErrors).map(([key, text]) => ({
      text,
      href: key.startsWith('column-') ? `#${key}` : '#columns',
    })),
    ...(Object.keys(mappingErrors).length > 0
      ? []
      : plan.problems.map((text) => ({ text, href: '#file-problems' }))),
    ...rowErrors.slice(0, summarised),
    ...(rowErrors.length > summarised
      ? [
          {
            text: `and ${n(rowErrors.length - summarised)} more problems, listed in the table`,
            href: '#rows',
          },
        ]
      : []),
  ];
  const writes = plan.counts.create + plan.counts.flag + plan.counts.update;
  return {
    id: preview.id,
    fileName: plan.fileName,
    boroughName: plan.boroughName,
    format: plan.format === 'xlsx' ? 'an Excel workbook' : plan.format === 'csv' ? 'a CSV file' : undefined,
    failed: preview.status === 'failed' ? preview.error : null,
    problems: plan.problems,
    rejected: plan.rejected,
    columns: plan.header.map((heading, i) => ({
      id: `column-${i}`,
      name: `column-${i}`,
      heading: heading || `Column ${i + 1}`,
      number: i + 1,
      example: examples(plan, i),
      items: fieldItems(plan.mapping[i] ?? null),
      error: columnError(i),
    })),
    counts: (Object.keys(actionNames) as ImportAction[]).map((action) => ({
      label: actionNames[action].count,
      value: n(plan.counts[action]),
    })),
    newOrganisations: plan.newOrganisations,
    rowCount: plural(plan.rows.length, 'row', 'rows'),
    rows: shown.map((r) => ({
      id: `row-${r.row}`,
      row: r.row,
      name: r.name || '—',
      email: r.email ?? '',
      action: actionNames[r.action].text,
      tag: actionNames[r.action].tag,
      details: rowDetails(r),
    })),
    pagination:
      pages > 1
        ? {
            ...(current > 1
              ? { previous: { href: `/stakeholders/imports/${preview.id}?page=${current - 1}#rows` } }
              : {}),
            ...(current < pages
              ? { next: { href: `/stakeholders/imports/${preview.id}?page=${current + 1}#rows` } }
              : {}),
            items: pageNumbers(current, pages).map((p) =>
              p === 0
                ? { ellipsis: true }
                : {
                    number: p,
                    href: `/stakeholders/imports/${preview.id}?page=${p}#rows`,
                    current: p === current,
                  },
            ),
          }
        : undefined,
    pageNote:
      pages > 1
        ? `Rows ${n(shown[0]?.row ?? 0)} to ${n(shown.at(-1)?.row ?? 0)}, page ${current} of ${pages}`
        : undefined,
    commitText: `Import ${plural(writes, 'person', 'people')}`,
    nothingToWrite: writes === 0,
    threshold: flagThreshold.toFixed(2),
    errorList,
  };
}

/** The first few values of a column, as an example of what it holds. */
function examples(plan: StakeholderImportPlan, column: number): string {
  const values = plan.samples
    .map((row) => (row[column] ?? '').replace(/\s+/g, ' ').trim())
    .filter((v) => v !== '')
    .slice(0, 2)
    .map((v) => (v.length > 30 ? `${v.slice(0, 30)}…` : v));
  return values.join(', ');
}

/** Page numbers with 0 for a gap: 1 … 4 5 6 … 20. */
function pageNumbers(current: number, pages: number): number[] {
  const wanted = new Set([1, pages, current - 1, current, current + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: number[] = [];
  for (const p of sorted) {
    if (out.length > 0 && p - (out.at(-1) as number) > 1) out.push(0);
    out.push(p);
  }
  return out;
}

type Outcome = Readonly<{
  created?: number;
  flagged?: number;
  updated?: number;
  unchanged?: number;
  merged?: number;
  rows?: number;
  organisationsAdded?: number;
}>;

const phaseWords = { checking: 'Checking the rows', writing: 'Saving the people' } as const;

/** The progress page: running (with how far), imported (with the counts), or failed (with why). */
export function presentProgress(status: ImportStatus, progress: ImportProgress | undefined) {
  const outcome = (status.outcome ?? {}) as Outcome;
  const share = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  return {
    id: status.id,
    fileName: status.fileName,
    boroughName: status.boroughName,
    areaCode: status.areaCode,
    running: status.status === 'committing',
    committed: status.status === 'committed',
    failed: status.status === 'failed' ? (status.error ?? 'The import failed; nothing was imported.') : null,
    previewed: status.status === 'previewed',
    phase: progress ? phaseWords[progress.phase] : 'Starting',
    percent: share,
    done: progress ? n(progress.done) : '0',
    total: progress ? n(progress.total) : n(status.totalRows),
    unit: progress?.phase === 'writing' ? 'people' : 'rows',
    counts: [
      { label: 'Added', value: n(outcome.created ?? 0) },
      { label: 'Added and listed as possible duplicates', value: n(outcome.flagged ?? 0) },
      { label: 'Changed', value: n(outcome.updated ?? 0) },
      { label: 'Unchanged', value: n(outcome.unchanged ?? 0) },
      { label: 'Rows folded into an earlier row', value: n(outcome.merged ?? 0) },
      { label: 'Organisations added', value: n(outcome.organisationsAdded ?? 0) },
    ],
    headline: `${plural((outcome.created ?? 0) + (outcome.flagged ?? 0), 'person', 'people')} added, ${plural(outcome.updated ?? 0, 'person', 'people')} changed`,
  };
}
