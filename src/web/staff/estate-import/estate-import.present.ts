import type { EstateImportCommitted } from '../../../domain/estate/commit-estate-import.ts';
import {
  describeRowError,
  type EstateKind,
  type ProposalField,
  proposalColumns,
  type SiteField,
  siteColumns,
} from '../../../domain/estate/estate-file.ts';
import type { EstateImportPlan, PlannedAction } from '../../../domain/estate/preview-estate-import.ts';
import { changeTypeNames, proposalStatusNames } from '../../../domain/estate/proposal.ts';
import { heritageListingNames, siteStatusNames, siteTypeNames } from '../../../domain/estate/site.ts';

/** What the import pages show of a plan and of a finished import: every field is named here. */

const kindNames: Readonly<Record<EstateKind, { one: string; many: string }>> = {
  sites: { one: 'site', many: 'sites' },
  proposals: { one: 'proposal', many: 'proposals' },
};

const actionNames: Readonly<Record<PlannedAction, { text: string; tag: string; count: string }>> = {
  create: { text: 'Add', tag: 'govuk-tag--green', count: 'To add' },
  update: { text: 'Change', tag: 'govuk-tag--blue', count: 'To change' },
  unchanged: { text: 'No change', tag: 'govuk-tag--grey', count: 'Unchanged' },
  reject: { text: 'Cannot import', tag: 'govuk-tag--red', count: 'Cannot import' },
};

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** How many row errors the error summary lists before "and N more". */
const summarised = 50;

export function presentPlan(plan: EstateImportPlan & { id?: string; committedAt?: Date | null }) {
  const noun = kindNames[plan.kind];
  const rowErrors = plan.rows.flatMap((r) =>
    r.errors.map((e) => ({ text: describeRowError(r.row, e), href: `#row-${r.row}` })),
  );
  const errorList = [
    ...plan.problems.map((text) => ({ text, href: '#file-problems' })),
    ...rowErrors.slice(0, summarised),
    ...(rowErrors.length > summarised
      ? [{ text: `and ${rowErrors.length - summarised} more problems, listed in the table`, href: '#rows' }]
      : []),
  ];
  const writes = plan.counts.create + plan.counts.update;
  return {
    id: plan.id,
    kind: plan.kind,
    kindName: noun.many,
    fileName: plan.fileName,
    format: plan.format === 'xlsx' ? 'an Excel workbook' : plan.format === 'csv' ? 'a CSV file' : undefined,
    committed: Boolean(plan.committedAt),
    rejected: plan.rejected,
    problems: plan.problems,
    ignored: plan.ignored.join(', '),
    counts: (Object.keys(actionNames) as PlannedAction[]).map((action) => ({
      label: actionNames[action].count,
      value: plan.counts[action].toLocaleString('en-GB'),
    })),
    rowCount: plural(plan.rows.length, 'row', 'rows'),
    rows: plan.rows.map((r) => ({
      id: `row-${r.row}`,
      row: r.row,
      subject: r.subject,
      action: actionNames[r.action].text,
      tag: actionNames[r.action].tag,
      details:
        r.errors.length > 0
          ? r.errors.map((e) => (e.field ? `${capitalise(e.field)}: ${e.message}` : e.message))
          : r.action === 'update'
            ? [`Changes: ${r.changes.join(', ')}`]
            : r.action === 'create'
              ? [`A new ${noun.one}`]
              : ['The same as now'],
      rejected: r.action === 'reject',
    })),
    /** What the button says: what will be written. */
    commitText:
      writes === 0
        ? `Confirm: nothing changes`
        : `Import: ${[
            plan.counts.create ? `add ${plural(plan.counts.create, noun.one, noun.many)}` : '',
            plan.counts.update ? `change ${plural(plan.counts.update, noun.one, noun.many)}` : '',
          ]
            .filter(Boolean)
            .join(', ')}`,
    errorList: plan.rejected ? errorList : undefined,
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function presentCommitted(result: EstateImportCommitted) {
  const noun = kindNames[result.kind];
  return {
    kindName: noun.many,
    fileName: result.fileName,
    headline: `${capitalise(noun.many)} imported`,
    counts: [
      { label: 'Added', value: result.created.toLocaleString('en-GB') },
      { label: 'Changed', value: result.updated.toLocaleString('en-GB') },
      { label: 'Unchanged', value: result.unchanged.toLocaleString('en-GB') },
    ],
    summary: `From ${result.fileName}`,
  };
}

/** The file a download is saved as: what it holds, the borough if one, and the day. */
export function exportFileName(
  kind: EstateKind,
  areaCode: string | undefined,
  day: string,
  format: 'csv' | 'xlsx',
) {
  return `nonsuch-${kind}${areaCode ? `-${areaCode}` : ''}-${day}.${format}`;
}

const oneOf = (names: Readonly<Record<string, string>>) => `One of: ${Object.values(names).join(', ')}`;

const siteNotes: Readonly<Record<SiteField, string>> = {
  id: 'Leave empty for a new site; an export fills it in',
  boroughCode:
    'The borough’s GSS code, like E09000022. Every site needs its borough, by code or by name, unless its coordinates place it',
  boroughName: 'Or the borough’s name, like Lambeth',
  name: 'The site’s name',
  type: oneOf(siteTypeNames),
  address: 'The address',
  postcode: 'A UK postcode, like SE11 5HN',
  wardCode:
    'The ward’s GSS code, like E05014104; left empty, it is found from the coordinates where boundaries are loaded',
  latitude: 'Decimal degrees, like 51.4613; give both coordinates or neither',
  longitude: 'Decimal degrees, like -0.1156',
  publicAccess: 'Front counter opening hours, or empty if the public cannot visit',
  status: `${oneOf(siteStatusNames)}; operational if empty`,
  iconic: 'Yes or No',
  iconicReason: 'Why the public is attached to the site: needed when it is iconic',
  heritageListing: `${oneOf(heritageListingNames)}; not listed if empty`,
};

const proposalNotes: Readonly<Record<ProposalField, string>> = {
  id: 'Leave empty for a new proposal; an export fills it in',
  siteId: 'The site’s ID, from an export of the sites',
  siteName: 'Or the site’s name, with its borough',
  boroughCode: 'The site’s borough, by GSS code',
  boroughName: 'Or by name',
  changeType: oneOf(changeTypeNames),
  title: 'A short title, unique for its site',
  summary: 'What is proposed',
  reasons: 'Why it is proposed',
  replacementProvision: 'What replaces what is lost, if anything',
  engagementStart: 'A date, like 2027-03-31 or 31/03/2027',
  decisionDue: 'A date, on or after engagement starts',
  implementationDate: 'A date, on or after the decision is due',
  disposalDate: 'A date; only for a disposal or a relocation',
  status: `${oneOf(proposalStatusNames)}; draft if empty. A status only moves forward`,
};

const requiredSite = new Set<SiteField>(['name', 'type', 'address', 'postcode']);
const requiredProposal = new Set<ProposalField>(['changeType', 'title', 'summary', 'reasons']);

/** The columns each kind of file may have, in the order an export writes them. */
export function columnGuide() {
  return {
    sites: siteColumns.map((c) => ({
      header: c.header,
      note: siteNotes[c.field],
      required: requiredSite.has(c.field),
    })),
    proposals: [
      ...proposalColumns.map((c) => ({
        header: c.header,
        note: proposalNotes[c.field],
        required: requiredProposal.has(c.field),
      })),
      {
        header: 'Alternative 1 description, assessment, criteria, cost (£), saving (£)',
        note: 'An alternative that was considered, how it was assessed, the criteria, its one-off cost and yearly saving in pounds; then Alternative 2, 3 and so on',
        required: false,
      },
    ],
  };
}
