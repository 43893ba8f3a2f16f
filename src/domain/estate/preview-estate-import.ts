import { type ReadSheet, readSpreadsheet, type SpreadsheetFormat } from '../../documents/spreadsheet.ts';
import type { Context } from '../access/actor.ts';
import { authorize, authorizeInBorough, boroughScope, can, OutOfScope } from '../access/policy.ts';
import { selectAreas } from '../geography/areas.repo.ts';
import { DomainError, isDomainError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import {
  type ProposalRecord,
  type SiteRecord,
  selectAmps,
  selectProposals,
  selectSites,
} from './estate.repo.ts';
import {
  type Borough,
  changedFields,
  checkProposalRow,
  checkSiteRow,
  duplicateRows,
  type EstateKind,
  type FieldError,
  nameKey,
  type ProposalFileRow,
  proposalBaseOf,
  readProposalsFile,
  readSitesFile,
  type SiteFileRow,
  siteBaseOf,
  siteFieldLabel,
} from './estate-file.ts';
import { type EstateImportRow, selectEstateImport } from './estate-imports.repo.ts';
import { proposalSnapshotOf } from './get-proposal.ts';
import {
  type ProposalInput,
  type ProposalSnapshot,
  proposalFieldNames,
  statusMoveProblem,
} from './proposal.ts';
import { type SiteInput, type SiteSnapshot, siteFieldNames, siteSnapshotOf } from './site.ts';
import { placeSite } from './site-place.ts';

/**
 * What an estate file would do, row by row, before anything is written: each row is added,
 * changes an existing record, is unchanged, or is rejected with its problems in plain words.
 * commitEstateImport plans again inside its transaction and writes only a plan with no rejection.
 */

export type PlannedAction = 'create' | 'update' | 'unchanged' | 'reject';

export type PlannedRow = Readonly<{
  row: number;
  action: PlannedAction;
  /** What the row is about, in words: "Brixton Police Station, Lambeth". */
  subject: string;
  /** For an update, the fields that change. */
  changes: readonly string[];
  errors: readonly FieldError[];
}>;

export type EstateImportPlan = Readonly<{
  kind: EstateKind;
  fileName: string;
  format: SpreadsheetFormat | undefined;
  /** Problems with the file as a whole: it cannot be read, or its headings are not the layout's. */
  problems: readonly string[];
  /** Headings Nonsuch does not use. */
  ignored: readonly string[];
  rows: readonly PlannedRow[];
  counts: Readonly<Record<PlannedAction, number>>;
  /** Nothing can be imported: a problem with the file, a rejected row, or no rows at all. */
  rejected: boolean;
}>;

/** A stored upload's plan, with whether it has been imported already. */
export type EstateImportPreview = EstateImportPlan &
  Readonly<{ id: string; createdAt: Date; committedAt: Date | null }>;

/** What commitEstateImport writes for each row that is not unchanged. */
export type PlannedWrite =
  | Readonly<{ entity: 'site'; action: 'create'; row: number; input: SiteInput }>
  | Readonly<{ entity: 'site'; action: 'update'; row: number; id: string; version: number; input: SiteInput }>
  | Readonly<{ entity: 'proposal'; action: 'create'; row: number; siteId: string; input: ProposalInput }>
  | Readonly<{
      entity: 'proposal';
      action: 'update';
      row: number;
      id: string;
      version: number;
      input: ProposalInput;
    }>;

export type EstateFileSource = Readonly<{ kind: EstateKind; fileName: string; bytes: Uint8Array }>;

type Planned = Readonly<{ planned: PlannedRow; key: string | undefined; write?: PlannedWrite }>;

const noSuchBorough = 'There is no such borough';
const importNotFound = 'There is no such import.';

/** An upload by its id: only the person who uploaded it may see it; anyone else is told it does not exist. */
export async function loadEstateImport(ctx: Context, id: string): Promise<EstateImportRow> {
  authorize(ctx.actor, 'estate:import');
  const row = isUuid(id) ? await selectEstateImport(ctx.db, id) : undefined;
  if (!row || ctx.actor.kind !== 'user' || row.userId !== ctx.actor.userId) {
    throw new DomainError('not_found', importNotFound);
  }
  return row;
}

export const sourceOf = (row: EstateImportRow): EstateFileSource => ({
  kind: row.kind,
  fileName: row.fileName,
  bytes: Buffer.from(row.content, 'base64'),
});

export type PreviewEstateImportInput = Readonly<
  { id: string } | { file: EstateFileSource; onProgress?: (message: string) => void }
>;

/** The plan of an uploaded file (by its id), or of a file given directly (the command line's --dry-run). */
export async function previewEstateImport(ctx: Context, input: { id: string }): Promise<EstateImportPreview>;
export async function previewEstateImport(
  ctx: Context,
  input: { file: EstateFileSource; onProgress?: (message: string) => void },
): Promise<EstateImportPlan>;
export async function previewEstateImport(
  ctx: Context,
  input: PreviewEstateImportInput,
): Promise<EstateImportPlan | EstateImportPreview> {
  authorize(ctx.actor, 'estate:import');
  if ('id' in input) {
    const stored = await loadEstateImport(ctx, input.id);
    const { plan } = await planEstateImport(ctx, sourceOf(stored));
    return { ...plan, id: stored.id, createdAt: stored.createdAt, committedAt: stored.committedAt };
  }
  const { plan } = await planEstateImport(ctx, input.file, input.onProgress);
  return plan;
}

const emptyCounts = (): Record<PlannedAction, number> => ({ create: 0, update: 0, unchanged: 0, reject: 0 });

/** The plan of a file and the writes it would make. Reads only; `ctx.db` may be a transaction. */
export async function planEstateImport(
  ctx: Context,
  source: EstateFileSource,
  onProgress?: (message: string) => void,
): Promise<{ plan: EstateImportPlan; writes: PlannedWrite[] }> {
  authorize(ctx.actor, 'estate:import');
  const sheet: ReadSheet = await readSpreadsheet(source.bytes);
  const base = { kind: source.kind, fileName: source.fileName };
  if (!sheet.ok) {
    return {
      plan: {
        ...base,
        format: undefined,
        problems: [sheet.message],
        ignored: [],
        rows: [],
        counts: emptyCounts(),
        rejected: true,
      },
      writes: [],
    };
  }
  const boroughs: Borough[] = (await selectAreas(ctx.db)).map((a) => ({ code: a.gssCode, name: a.name }));
  const file = source.kind === 'sites' ? readSitesFile(sheet, boroughs) : readProposalsFile(sheet, boroughs);
  onProgress?.(`Checking ${file.rows.length} ${file.rows.length === 1 ? 'row' : 'rows'}…`);
  const planned =
    file.problems.length > 0
      ? []
      : source.kind === 'sites'
        ? await planSites(ctx, file.rows as readonly SiteFileRow[], boroughs)
        : await planProposals(ctx, file.rows as readonly ProposalFileRow[], boroughs);

  // A row the spreadsheet itself could not read (an unclosed quotation mark) is rejected too.
  const unreadable: Planned[] = sheet.problems.map((p) => ({
    planned: {
      row: p.row,
      action: 'reject',
      subject: '',
      changes: [],
      errors: [{ field: '', message: p.message }],
    },
    key: undefined,
  }));
  const all = markDuplicates(
    [...planned, ...unreadable].sort((a, b) => a.planned.row - b.planned.row),
    source.kind,
  );
  const rows = all.map((p) => p.planned);
  const counts = emptyCounts();
  for (const r of rows) counts[r.action] += 1;
  const problems = [...file.problems];
  if (problems.length === 0 && rows.length === 0) problems.push('The file has no rows under its headings');
  const plan: EstateImportPlan = {
    ...base,
    format: sheet.format,
    problems,
    ignored: file.ignored,
    rows,
    counts,
    rejected: problems.length > 0 || counts.reject > 0,
  };
  const writes = all.flatMap((p) => (p.write && p.planned.action !== 'reject' ? [p.write] : []));
  return { plan, writes };
}

/** A later row about the same record as an earlier one is rejected: each record appears once. */
function markDuplicates(planned: readonly Planned[], kind: EstateKind): Planned[] {
  const duplicates = duplicateRows(planned.map((p) => ({ row: p.planned.row, key: p.key })));
  const noun = kind === 'sites' ? 'site' : 'proposal';
  return planned.map((p) => {
    const first = duplicates.get(p.planned.row);
    if (first === undefined) return p;
    return {
      ...p,
      planned: {
        ...p.planned,
        action: 'reject',
        changes: [],
        errors: [
          ...p.planned.errors,
          {
            field: '',
            message: `This is the same ${noun} as row ${first}: each ${noun} may appear only once`,
          },
        ],
      },
    };
  });
}

const reject = (row: number, subject: string, errors: readonly FieldError[], key?: string): Planned => ({
  planned: { row, action: 'reject', subject, changes: [], errors },
  key,
});

/** Adds errors, at most one for each field: the first found stands. */
function addErrors(errors: FieldError[], more: readonly FieldError[]): void {
  for (const e of more) if (!errors.some((x) => x.field === e.field)) errors.push(e);
}

/** A use case's refusal as row errors: its field errors, or its message. */
function errorsOf(error: unknown, labelOf: (field: string) => string): FieldError[] | undefined {
  if (error instanceof OutOfScope) return [{ field: 'borough', message: noSuchBorough }];
  if (!isDomainError(error) || (error.code !== 'invalid' && error.code !== 'not_found')) return undefined;
  const fields = Object.entries(error.details.fields ?? {});
  if (fields.length === 0) return [{ field: '', message: error.message.replace(/\.$/, '') }];
  return fields.map(([field, message]) => ({ field: labelOf(field), message }));
}

const domainErrorAsNothing = (error: unknown): undefined => {
  if (isDomainError(error)) return undefined;
  throw error;
};

function inScope(ctx: Context, areaCode: string): boolean {
  try {
    authorizeInBorough(ctx.actor, 'estate:import', areaCode, `${noSuchBorough}.`);
    return true;
  } catch (error) {
    if (error instanceof OutOfScope) return false;
    throw error;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Sites

async function planSites(ctx: Context, rows: readonly SiteFileRow[], boroughs: readonly Borough[]) {
  const existing = await selectSites(ctx.db, { scope: boroughScope(ctx.actor, 'estate:import') });
  const byId = new Map(existing.map((s) => [s.id.toLowerCase(), s]));
  const byName = groupBy(existing, (s) => `${s.areaCode}|${nameKey(s.name)}`);
  const areaName = (code: string | undefined) => boroughs.find((b) => b.code === code)?.name;
  const planned: Planned[] = [];
  for (const r of rows) planned.push(await planSite(ctx, r, { byId, byName, areaName }));
  return planned;
}

type SiteLookups = Readonly<{
  byId: ReadonlyMap<string, SiteRecord>;
  byName: ReadonlyMap<string, SiteRecord[]>;
  areaName: (code: string | undefined) => string | undefined;
}>;

async function planSite(ctx: Context, r: SiteFileRow, find: SiteLookups): Promise<Planned> {
  const subjectOf = (areaCode: string | undefined) =>
    [r.name || '(no name)', find.areaName(areaCode)].filter(Boolean).join(', ');
  const errors: FieldError[] = [];
  const byName = (areaCode: string): SiteRecord | undefined => {
    const matches = find.byName.get(`${areaCode}|${nameKey(r.name)}`) ?? [];
    if (matches.length > 1) {
      errors.push({
        field: 'name',
        message: `There are ${matches.length} sites called ${r.name} in ${find.areaName(areaCode)}: add the site ID column to say which`,
      });
    }
    return matches.length === 1 ? matches[0] : undefined;
  };
  const place = async (input: Parameters<typeof placeSite>[1]): Promise<SiteSnapshot | undefined> => {
    try {
      return await placeSite(ctx, input);
    } catch (error) {
      const found = errorsOf(error, siteFieldLabel);
      if (!found) throw error;
      addErrors(errors, found);
      return undefined;
    }
  };

  // Which site the row is about: by its ID, or by its name in its borough.
  let target: SiteRecord | undefined;
  if (r.id) {
    target = find.byId.get(r.id.toLowerCase());
    if (!target) {
      errors.push({
        field: 'site ID',
        message: 'There is no such site: leave the site ID empty to add a new site',
      });
    }
  } else if (r.areaCode && r.name) {
    target = byName(r.areaCode);
  } else if (r.name && r.errors.length === 0) {
    // No borough given: the coordinates may place the site (a problem is reported when it is placed below).
    const first = checkSiteRow(r);
    const placed = first.ok ? await placeSite(ctx, first.parsed).catch(domainErrorAsNothing) : undefined;
    if (placed) target = byName(placed.areaCode);
  }

  const checked = checkSiteRow(r, target ? siteBaseOf(siteSnapshotOf(target)) : undefined);
  if (!checked.ok) addErrors(errors, checked.errors);
  const fallbackKey = r.id
    ? r.id.toLowerCase()
    : r.areaCode
      ? `new|${r.areaCode}|${nameKey(r.name)}`
      : undefined;
  if (!checked.ok || errors.length > 0) {
    return reject(r.row, subjectOf(target?.areaCode ?? r.areaCode), errors, target?.id ?? fallbackKey);
  }
  const snapshot = await place(checked.parsed);
  if (!snapshot) return reject(r.row, subjectOf(r.areaCode), errors, target?.id ?? fallbackKey);
  const subject = subjectOf(snapshot.areaCode);
  if (!inScope(ctx, snapshot.areaCode)) {
    return reject(r.row, r.name, [{ field: 'borough', message: noSuchBorough }], target?.id ?? fallbackKey);
  }
  if (!target) {
    return {
      planned: { row: r.row, action: 'create', subject, changes: [], errors: [] },
      key: `new|${snapshot.areaCode}|${nameKey(snapshot.name)}`,
      write: { entity: 'site', action: 'create', row: r.row, input: checked.input },
    };
  }
  if (snapshot.areaCode !== target.areaCode) {
    const proposals = await selectProposals(ctx.db, { scope: 'all', siteId: target.id });
    if (proposals.length > 0) {
      const n = proposals.length;
      return reject(
        r.row,
        subject,
        [
          {
            field: 'borough',
            message: `This site has ${n === 1 ? 'a proposal' : `${n} proposals`} in ${target.areaName}’s plan, so it cannot move borough`,
          },
        ],
        target.id,
      );
    }
  }
  const changes = changedFields(siteFieldNames, siteSnapshotOf(target), snapshot);
  if (changes.length === 0) {
    return { planned: { row: r.row, action: 'unchanged', subject, changes, errors: [] }, key: target.id };
  }
  return {
    planned: { row: r.row, action: 'update', subject, changes, errors: [] },
    key: target.id,
    write: {
      entity: 'site',
      action: 'update',
      row: r.row,
      id: target.id,
      version: target.version,
      input: checked.input,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Proposals

async function planProposals(ctx: Context, rows: readonly ProposalFileRow[], boroughs: readonly Borough[]) {
  const scope = boroughScope(ctx.actor, 'estate:import');
  const sites = await selectSites(ctx.db, { scope });
  const proposals = await selectProposals(ctx.db, { scope });
  const finalAmps = new Set(
    (await selectAmps(ctx.db, scope)).filter((a) => a.status === 'final').map((a) => a.areaCode),
  );
  const lookups: ProposalLookups = {
    siteById: new Map(sites.map((s) => [s.id.toLowerCase(), s])),
    siteByName: groupBy(sites, (s) => `${s.areaCode}|${nameKey(s.name)}`),
    byId: new Map(proposals.map((p) => [p.id.toLowerCase(), p])),
    byTitle: groupBy(proposals, (p) => `${p.siteId}|${nameKey(p.title)}`),
    finalAmps,
    areaName: (code) => boroughs.find((b) => b.code === code)?.name,
  };
  return rows.map((r) => planProposal(ctx, r, lookups));
}

type ProposalLookups = Readonly<{
  siteById: ReadonlyMap<string, SiteRecord>;
  siteByName: ReadonlyMap<string, SiteRecord[]>;
  byId: ReadonlyMap<string, ProposalRecord>;
  byTitle: ReadonlyMap<string, ProposalRecord[]>;
  finalAmps: ReadonlySet<string>;
  areaName: (code: string | undefined) => string | undefined;
}>;

function findSite(
  ctx: Context,
  r: ProposalFileRow,
  find: ProposalLookups,
  errors: FieldError[],
): SiteRecord | undefined {
  if (r.siteId) {
    const site = find.siteById.get(r.siteId.toLowerCase());
    if (!site) errors.push({ field: 'site ID', message: 'There is no such site' });
    return site;
  }
  if (!r.siteName) {
    errors.push({ field: 'site', message: 'Enter the site ID, or the site’s name and borough' });
    return undefined;
  }
  if (!r.areaCode) {
    if (!errors.some((e) => e.field === 'borough'))
      errors.push({ field: 'borough', message: 'Enter the borough the site is in, or the site ID' });
    return undefined;
  }
  if (!inScope(ctx, r.areaCode)) {
    errors.push({ field: 'borough', message: noSuchBorough });
    return undefined;
  }
  const matches = find.siteByName.get(`${r.areaCode}|${nameKey(r.siteName)}`) ?? [];
  if (matches.length === 0) {
    errors.push({
      field: 'site',
      message: `There is no site called ${r.siteName} in ${find.areaName(r.areaCode)}: import the sites first, or check the name`,
    });
  } else if (matches.length > 1) {
    errors.push({
      field: 'site',
      message: `There are ${matches.length} sites called ${r.siteName} in ${find.areaName(r.areaCode)}: add the site ID column to say which`,
    });
  }
  return matches.length === 1 ? matches[0] : undefined;
}

function planProposal(ctx: Context, r: ProposalFileRow, find: ProposalLookups): Planned {
  const errors: FieldError[] = [];
  const site = findSite(ctx, r, find, errors);
  const subject = [r.title || '(no title)', site?.name ?? r.siteName].filter(Boolean).join(', ');

  let target: ProposalRecord | undefined;
  if (r.id) {
    target = find.byId.get(r.id.toLowerCase());
    if (!target) {
      errors.push({
        field: 'proposal ID',
        message: 'There is no such proposal: leave the proposal ID empty to add a new proposal',
      });
    } else if (site && target.siteId !== site.id) {
      errors.push({
        field: 'site',
        message: `This proposal is for ${target.siteName}: a proposal cannot move to another site`,
      });
    }
  } else if (site && r.title) {
    const matches = find.byTitle.get(`${site.id}|${nameKey(r.title)}`) ?? [];
    if (matches.length > 1) {
      errors.push({
        field: 'title',
        message: `${site.name} has ${matches.length} proposals called ${r.title}: add the proposal ID column to say which`,
      });
    }
    target = matches.length === 1 ? matches[0] : undefined;
  }

  const checked = checkProposalRow(r, target ? proposalBaseOf(proposalSnapshotOf(target)) : undefined);
  if (!checked.ok) addErrors(errors, checked.errors);
  const key =
    target?.id ?? (r.id ? r.id.toLowerCase() : site ? `new|${site.id}|${nameKey(r.title)}` : undefined);
  if (!checked.ok || errors.length > 0 || !site) return reject(r.row, subject, errors, key);

  const parsed = checked.parsed;
  const statusProblem = statusMoveProblem(target?.status, parsed.status);
  if (statusProblem) return reject(r.row, subject, [{ field: 'status', message: statusProblem }], key);
  const snapshot: ProposalSnapshot = { siteId: site.id, ...parsed };
  const changes = target ? changedFields(proposalFieldNames, proposalSnapshotOf(target), snapshot) : [];
  if (target && changes.length === 0) {
    return { planned: { row: r.row, action: 'unchanged', subject, changes, errors: [] }, key };
  }
  if (find.finalAmps.has(site.areaCode) && !can(ctx.actor, 'amp:agree', { areaCode: site.areaCode })) {
    return reject(
      r.row,
      subject,
      [
        {
          field: '',
          message: `${site.areaName}’s Asset Management Plan is final: only a programme lead can change its proposals`,
        },
      ],
      key,
    );
  }
  if (!target) {
    return {
      planned: { row: r.row, action: 'create', subject, changes: [], errors: [] },
      key,
      write: { entity: 'proposal', action: 'create', row: r.row, siteId: site.id, input: checked.input },
    };
  }
  return {
    planned: { row: r.row, action: 'update', subject, changes, errors: [] },
    key,
    write: {
      entity: 'proposal',
      action: 'update',
      row: r.row,
      id: target.id,
      version: target.version,
      input: checked.input,
    },
  };
}
