import { randomUUID } from 'node:crypto';
import { readSpreadsheet, type SpreadsheetFormat } from '../../../documents/spreadsheet.ts';
import type { Context } from '../../access/actor.ts';
import { authorize, can } from '../../access/policy.ts';
import { selectArea } from '../../geography/areas.repo.ts';
import { currentVintages } from '../../geography/current-vintages.ts';
import { selectWardsOfAreas } from '../../geography/electoral-areas.repo.ts';
import { DomainError } from '../../shared/errors.ts';
import { londonDay } from '../../shared/london-time.ts';
import type { OrganisationType } from '../person.ts';
import { inReach } from '../scope.ts';
import { selectRoles } from '../stakeholders.repo.ts';
import { suppressionHashes } from '../suppression.ts';
import { type ColumnMapping, fieldSpecs, type ImportField, mappingFor, mappingProblems } from './columns.ts';
import {
  fold,
  type ImportRecord,
  nameKey,
  personKey,
  type ReadRow,
  type RowError,
  readRows,
  wholeRowError,
} from './rows.ts';
import { roundScore, SimilarityIndex } from './similarity.ts';
import {
  type BoroughPerson,
  type ExistingPerson,
  type PersonChange,
  selectEmailHolders,
  selectExistingPeople,
  selectOrganisationsFor,
  selectPeopleInBorough,
  selectSuppressedHashes,
} from './stakeholder-imports.repo.ts';

/**
 * What a stakeholder file would do, row by row, before anything is written (decision 0027):
 *
 * - **create**: a new person;
 * - **update** (or **unchanged**): the same normalised e-mail address as a person within reach (or,
 *   for a row without an address, exactly the same name and organisation as one person in the
 *   borough); only the values the file changes are written, and a blank cell never erases;
 * - **merge**: a later row of a person already in the file, folded into its first row;
 * - **flag**: no match, but a name and organisation alike an existing person's (similarity.ts):
 *   the person is created and the pair is put on the list of possible duplicates for review;
 * - **reject**: a row with a problem, named in plain words; or an address that belongs to someone
 *   outside the actor's reach (who it is stays unsaid).
 *
 * The plan reads only, so the preview and the dry run are safe; the commit plans again inside its
 * transaction and writes what this returns.
 */

export type ImportAction = 'create' | 'update' | 'unchanged' | 'merge' | 'flag' | 'reject';
export const importActions: readonly ImportAction[] = [
  'create',
  'update',
  'unchanged',
  'merge',
  'flag',
  'reject',
];

export type PlannedRow = Readonly<{
  row: number;
  action: ImportAction;
  /** The person's name as the file gives it (empty when the row could not be read). */
  name: string;
  email: string | null;
  /** For an update, the fields that change, in words. */
  changes: readonly string[];
  errors: readonly RowError[];
  /** For a merge, the row it is folded into. */
  into?: number;
  /** For a flag, the existing person it resembles. */
  similar?: Readonly<{ personId: string; name: string; score: number }>;
  /** The address is on the suppression list: the person arrives, but can never be e-mailed. */
  suppressed: boolean;
  /** An organisation the row adds. */
  newOrganisation?: string;
  /** A consent event the row records for the e-newsletter. */
  consent?: 'given' | 'withdrawn';
}>;

export type ImportCounts = Readonly<Record<ImportAction, number>>;

export type StakeholderImportPlan = Readonly<{
  fileName: string;
  areaCode: string;
  boroughName: string;
  format: SpreadsheetFormat | undefined;
  header: readonly string[];
  /** The cells of the first few rows, to show what each column holds. */
  samples: readonly (readonly string[])[];
  mapping: ColumnMapping;
  /** Problems with one column's field, by the column's position. */
  columnProblems: ReadonlyMap<number, string>;
  /** Problems with the file or the mapping as a whole: nothing can be imported. */
  problems: readonly string[];
  rows: readonly PlannedRow[];
  counts: ImportCounts;
  /** Every row problem, in row order. */
  errors: readonly RowError[];
  newOrganisations: readonly string[];
  /** Nothing can be imported: a problem with the file, a rejected row, or no rows at all. */
  rejected: boolean;
}>;

export type StakeholderFileSource = Readonly<{
  fileName: string;
  areaCode: string;
  bytes: Uint8Array;
  /** The mapping chosen (as stored); without one, or for other headings, the headings are guessed. */
  mapping?: unknown;
}>;

export type ImportProgress = Readonly<{ phase: 'checking' | 'writing'; done: number; total: number }>;
export type ProgressListener = (progress: ImportProgress) => void;

/** What a commit writes. */
export type ImportWrites = Readonly<{
  organisations: readonly { id: string; name: string; type: OrganisationType }[];
  /** The name of every organisation a row names, new or existing, by id. */
  organisationNames: ReadonlyMap<string, string>;
  creates: readonly PlannedCreate[];
  updates: readonly PlannedUpdate[];
}>;

export type PlannedCreate = Readonly<{
  row: number;
  id: string;
  record: ImportRecord;
  organisationId: string | null;
  places: readonly { kind: 'borough' | 'ward'; code: string; vintage: number }[];
  consent: PlannedConsent | null;
  flag: Readonly<{ personId: string; score: number }> | null;
  /** Other rows folded into this one. */
  merged: readonly number[];
}>;

export type PlannedConsent = Readonly<{ event: 'given' | 'withdrawn'; on: string; wording: string }>;

export type PlannedUpdate = Readonly<{
  row: number;
  before: ExistingPerson;
  after: PersonChange;
  addEmails: readonly { value: string; normalised: string }[];
  addPhones: readonly { value: string; normalised: string }[];
  addRoles: readonly string[];
  addPlaces: readonly { kind: 'borough' | 'ward'; code: string; vintage: number }[];
  addMembership: Readonly<{ organisationId: string; position: string | null }> | null;
  positionChange: Readonly<{ id: string; position: string }> | null;
  consent: PlannedConsent | null;
  changes: readonly string[];
  merged: readonly number[];
}>;

/** The most rows a stakeholder file may have. */
export const maxImportRows = 200_000;

const emptyCounts = (): Record<ImportAction, number> => ({
  create: 0,
  update: 0,
  unchanged: 0,
  merge: 0,
  flag: 0,
  reject: 0,
});

/** The borough a file is imported into: one the actor may import in, or a field error naming it. */
export async function importBorough(
  ctx: Context,
  areaCode: unknown,
): Promise<{ code: string; name: string }> {
  authorize(ctx.actor, 'stakeholder:import');
  const code = typeof areaCode === 'string' ? areaCode.trim().toUpperCase() : '';
  const area = /^E09\d{6}$/.test(code) ? await selectArea(ctx.db, code) : undefined;
  if (!area || !can(ctx.actor, 'stakeholder:import', { areaCode: code })) {
    throw new DomainError('invalid', 'Some details need correcting.', {
      fields: {
        borough: area
          ? `You do not look after ${area.name}: choose a borough you look after`
          : 'Choose the borough the people belong to',
      },
    });
  }
  return { code: area.gssCode, name: area.name };
}

/** The plan of a file and what committing it would write. Reads only; `ctx.db` may be a transaction. */
export async function planStakeholderImport(
  ctx: Context,
  source: StakeholderFileSource,
  onProgress?: ProgressListener,
): Promise<{ plan: StakeholderImportPlan; writes: ImportWrites }> {
  const borough = await importBorough(ctx, source.areaCode);
  const base = { fileName: source.fileName, areaCode: borough.code, boroughName: borough.name };
  const none: ImportWrites = { organisations: [], organisationNames: new Map(), creates: [], updates: [] };
  const sheet = await readSpreadsheet(source.bytes, { maxRows: maxImportRows });
  if (!sheet.ok) {
    return {
      plan: {
        ...base,
        format: undefined,
        header: [],
        samples: [],
        mapping: [],
        columnProblems: new Map(),
        problems: [sheet.message],
        rows: [],
        counts: emptyCounts(),
        errors: [],
        newOrganisations: [],
        rejected: true,
      },
      writes: none,
    };
  }
  const mapping = mappingFor(sheet.header, source.mapping);
  const mapped = mappingProblems(mapping);
  const fileProblems = [...mapped.whole];
  if (mapped.columns.size > 0)
    fileProblems.push('Some columns are given the same field: choose another for each');
  if (sheet.rows.length === 0 && sheet.problems.length === 0)
    fileProblems.push('The file has no rows under its headings');
  const total = sheet.rows.length;
  onProgress?.({ phase: 'checking', done: 0, total });
  if (fileProblems.length > 0) {
    return {
      plan: {
        ...base,
        format: sheet.format,
        header: sheet.header,
        samples: sheet.rows.slice(0, 3).map((r) => r.cells),
        mapping,
        columnProblems: mapped.columns,
        problems: fileProblems,
        rows: [],
        counts: emptyCounts(),
        errors: [],
        newOrganisations: [],
        rejected: true,
      },
      writes: none,
    };
  }

  const now = ctx.clock.now();
  const today = londonDay(now);
  const vintages = await currentVintages(ctx.db);
  const wards =
    vintages.ward === undefined ? [] : await selectWardsOfAreas(ctx.db, [borough.code], vintages.ward);
  const roles = await selectRoles(ctx.db);
  const read = readRows(sheet.rows, sheet.header, mapping, {
    today,
    boroughName: borough.name,
    roles,
    wards,
  });
  onProgress?.({ phase: 'checking', done: Math.floor(total / 3), total });

  const decided = await decide(ctx, {
    read,
    unreadable: sheet.problems.map((p) => ({ row: p.row, message: p.message })),
    borough: borough.code,
    wardVintage: vintages.ward ?? 0,
    today,
    heading: (field) => {
      const i = mapping.indexOf(field);
      return i === -1 ? fieldSpecs[field].label : sheet.header[i]?.trim() || `Column ${i + 1}`;
    },
  });
  onProgress?.({ phase: 'checking', done: total, total });

  const counts = emptyCounts();
  for (const r of decided.rows) counts[r.action] += 1;
  const errors = decided.rows.flatMap((r) => r.errors);
  return {
    plan: {
      ...base,
      format: sheet.format,
      header: sheet.header,
      samples: sheet.rows.slice(0, 3).map((r) => r.cells),
      mapping,
      columnProblems: mapped.columns,
      problems: [],
      rows: decided.rows,
      counts,
      errors,
      newOrganisations: decided.writes.organisations.map((o) => o.name),
      rejected: counts.reject > 0,
    },
    writes: counts.reject > 0 ? none : decided.writes,
  };
}

type DecideInput = Readonly<{
  read: readonly ReadRow[];
  unreadable: readonly { row: number; message: string }[];
  borough: string;
  wardVintage: number;
  today: string;
  heading: (field: ImportField) => string;
}>;

/** A primary row: the first of its person in the file, with the later rows folded in. */
type Primary = {
  row: number;
  record: ImportRecord;
  merged: number[];
  /** The existing person it is, when it is one. */
  personId: string | undefined;
  error: RowError | undefined;
  similar: { person: BoroughPerson; score: number } | undefined;
};

async function decide(
  ctx: Context,
  input: DecideInput,
): Promise<{ rows: PlannedRow[]; writes: ImportWrites }> {
  const planned = new Map<number, PlannedRow>();
  const reject = (row: number, name: string, email: string | null, errors: readonly RowError[]) =>
    planned.set(row, { row, action: 'reject', name, email, changes: [], errors, suppressed: false });

  for (const u of input.unreadable) reject(u.row, '', null, [wholeRowError(u.row, u.message)]);
  for (const r of input.read) if (!r.record) reject(r.row, r.name, null, r.errors);

  // Rows of the same person in the file: the first takes in the later ones.
  const primaries: Primary[] = [];
  const byKey = new Map<string, Primary>();
  const mergedInto = new Map<number, number>();
  for (const r of input.read) {
    if (!r.record) continue;
    const key = personKey(r.record);
    const first = byKey.get(key);
    if (first) {
      first.record = fold(first.record, r.record);
      first.merged.push(r.row);
      mergedInto.set(r.row, first.row);
      continue;
    }
    const p: Primary = {
      row: r.row,
      record: r.record,
      merged: [],
      personId: undefined,
      error: undefined,
      similar: undefined,
    };
    byKey.set(key, p);
    primaries.push(p);
  }

  // Who each primary is: an address held within reach, one outside it, or a name and organisation in the borough.
  const emails = primaries.flatMap((p) => (p.record.email ? [p.record.email.normalised] : []));
  const holders = new Map((await selectEmailHolders(ctx.db, emails)).map((h) => [h.normalised, h]));
  const inBorough = await selectPeopleInBorough(ctx.db, input.borough);
  const byName = new Map<string, BoroughPerson[]>();
  for (const person of inBorough) {
    const orgs = person.organisations.length === 0 ? [''] : person.organisations;
    for (const org of orgs) {
      const key = `${nameKey(person.fullName)}\u0000${nameKey(org)}`;
      const list = byName.get(key);
      if (list) list.push(person);
      else byName.set(key, [person]);
    }
  }
  for (const p of primaries) {
    const email = p.record.email;
    if (email) {
      const holder = holders.get(email.normalised);
      if (holder && !inReach(ctx.actor, 'stakeholder:import', holder.boroughs)) {
        p.error = {
          row: p.row,
          field: input.heading('email'),
          message: `“${email.normalised}” is already the address of a person outside the boroughs you look after: ask a programme lead to add them to this borough`,
        };
      } else if (holder) p.personId = holder.personId;
    } else {
      const same =
        byName.get(`${nameKey(p.record.fullName)}\u0000${nameKey(p.record.organisation ?? '')}`) ?? [];
      const distinct = [...new Set(same.map((s) => s.id))];
      if (distinct.length === 1) p.personId = distinct[0];
      else if (same[0]) p.similar = { person: same[0], score: 1 };
    }
  }

  // Two rows that turn out to be the same existing person: the later is folded into the earlier.
  const claimed = new Map<string, Primary>();
  const live: Primary[] = [];
  for (const p of primaries) {
    if (p.personId !== undefined) {
      const earlier = claimed.get(p.personId);
      if (earlier) {
        earlier.record = fold(earlier.record, p.record);
        earlier.merged.push(p.row, ...p.merged);
        mergedInto.set(p.row, earlier.row);
        for (const m of p.merged) mergedInto.set(m, earlier.row);
        continue;
      }
      claimed.set(p.personId, p);
    }
    live.push(p);
  }

  const existing = await selectExistingPeople(ctx.db, [...claimed.keys()]);
  const suppressedEmails = await suppressedOf(ctx, live);
  const organisations = await selectOrganisationsFor(ctx.db, input.borough);
  const orgByName = new Map<string, string>();
  const organisationNames = new Map<string, string>();
  for (const o of organisations) {
    organisationNames.set(o.id, o.name);
    if (!orgByName.has(nameKey(o.name))) orgByName.set(nameKey(o.name), o.id);
  }
  const newOrganisations: { id: string; name: string; type: OrganisationType }[] = [];
  const organisationFor = (record: ImportRecord): { id: string | null; added?: string } => {
    if (record.organisation === null) return { id: null };
    const key = nameKey(record.organisation);
    const found = orgByName.get(key);
    if (found) return { id: found };
    const id = randomUUID();
    orgByName.set(key, id);
    organisationNames.set(id, record.organisation);
    newOrganisations.push({ id, name: record.organisation, type: record.organisationType ?? 'other' });
    return { id, added: record.organisation };
  };

  const needsSimilarity = live.filter(
    (p) => p.personId === undefined && p.error === undefined && p.similar === undefined,
  );
  if (needsSimilarity.length > 0 && inBorough.length > 0) {
    const index = new SimilarityIndex(
      inBorough.map((person) => ({
        name: person.fullName,
        organisations: person.organisations,
        item: person,
      })),
      needsSimilarity.map((p) => p.record.fullName),
    );
    for (const p of needsSimilarity) {
      const found = index.best({
        name: p.record.fullName,
        organisations: p.record.organisation ? [p.record.organisation] : [],
      });
      if (found) p.similar = { person: found.item, score: roundScore(found.score) };
    }
  }

  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  for (const p of live) {
    const { record } = p;
    const base = {
      row: p.row,
      name: record.fullName,
      email: record.email?.value ?? null,
      suppressed: record.email !== null && suppressedEmails.has(record.email.normalised),
    };
    if (p.error) {
      planned.set(p.row, { ...base, action: 'reject', changes: [], errors: [p.error], suppressed: false });
      continue;
    }
    const org = organisationFor(record);
    const before = p.personId === undefined ? undefined : existing.get(p.personId);
    if (p.personId !== undefined && !before) {
      // The holder was erased meanwhile, or is otherwise gone: said as for one outside reach.
      planned.set(p.row, {
        ...base,
        action: 'reject',
        changes: [],
        errors: [
          {
            row: p.row,
            field: input.heading('email'),
            message: 'This address cannot be imported: it belongs to a record that can no longer be changed',
          },
        ],
        suppressed: false,
      });
      continue;
    }
    if (before) {
      const update = planUpdate(p, before, org.id, input);
      if (update.changes.length > 0) updates.push(update);
      planned.set(p.row, {
        ...base,
        action: update.changes.length > 0 ? 'update' : 'unchanged',
        changes: update.changes,
        errors: [],
        ...(org.added ? { newOrganisation: org.added } : {}),
        ...(update.consent ? { consent: update.consent.event } : {}),
      });
      continue;
    }
    const places =
      record.wards.length > 0
        ? record.wards.map((code) => ({ kind: 'ward' as const, code, vintage: input.wardVintage }))
        : [{ kind: 'borough' as const, code: input.borough, vintage: 0 }];
    const consent = record.consent?.event === 'given' ? plannedConsent(record, input.today) : null;
    creates.push({
      row: p.row,
      id: randomUUID(),
      record,
      organisationId: org.id,
      places,
      consent,
      flag: p.similar ? { personId: p.similar.person.id, score: p.similar.score } : null,
      merged: p.merged,
    });
    planned.set(p.row, {
      ...base,
      action: p.similar ? 'flag' : 'create',
      changes: [],
      errors: [],
      ...(p.similar
        ? {
            similar: {
              personId: p.similar.person.id,
              name: p.similar.person.fullName,
              score: p.similar.score,
            },
          }
        : {}),
      ...(org.added ? { newOrganisation: org.added } : {}),
      ...(consent ? { consent: consent.event } : {}),
    });
  }
  const readByRow = new Map(input.read.map((r) => [r.row, r]));
  for (const [row, into] of mergedInto) {
    const r = readByRow.get(row);
    planned.set(row, {
      row,
      action: 'merge',
      name: r?.record?.fullName ?? '',
      email: r?.record?.email?.value ?? null,
      changes: [],
      errors: [],
      into,
      suppressed: false,
    });
  }
  return {
    rows: [...planned.values()].sort((a, b) => a.row - b.row),
    writes: { organisations: newOrganisations, organisationNames, creates, updates },
  };
}

async function suppressedOf(ctx: Context, live: readonly Primary[]): Promise<Set<string>> {
  const emails = live.flatMap((p) => (p.record.email ? [p.record.email.normalised] : []));
  if (emails.length === 0) return new Set();
  const hashes = await suppressionHashes(ctx.db, emails);
  const found = await selectSuppressedHashes(ctx.db, [...new Set(hashes.values())]);
  return new Set(emails.filter((e) => found.has(hashes.get(e) ?? '')));
}

function plannedConsent(record: ImportRecord, today: string): PlannedConsent | null {
  const c = record.consent;
  if (!c) return null;
  return { event: c.event, on: c.on ?? today, wording: c.wording ?? 'not recorded' };
}

/** What an update changes: scalar values the file gives and the record lacks or differs in; lists grow. */
function planUpdate(
  p: Primary,
  before: ExistingPerson,
  organisationId: string | null,
  input: DecideInput,
): PlannedUpdate {
  const r = p.record;
  const changes: string[] = [];
  const pick = <T>(field: ImportField, now: T, next: T | null): T => {
    if (next === null || JSON.stringify(next) === JSON.stringify(now)) return now;
    changes.push(fieldSpecs[field].label);
    return next;
  };
  const formats = [
    ...before.accessibleFormats,
    ...r.accessibleFormats.filter((f) => !before.accessibleFormats.includes(f)),
  ];
  const after: PersonChange = {
    id: before.id,
    version: before.version,
    fullName: pick('fullName', before.fullName, r.fullName),
    postalAddress: pick('postalAddress', before.postalAddress, r.postalAddress),
    preferredLanguage: pick('preferredLanguage', before.preferredLanguage, r.preferredLanguage),
    accessibleFormats: pick('accessibleFormats', before.accessibleFormats, formats),
    notes: pick('notes', before.notes, r.notes),
    lastVerifiedOn: pick('lastVerifiedOn', before.lastVerifiedOn, r.lastVerifiedOn),
    influence: pick('influence', before.influence, r.influence),
    interest: pick('interest', before.interest, r.interest),
  };
  const addEmails = r.email && !before.emails.includes(r.email.normalised) ? [r.email] : [];
  if (addEmails.length > 0) changes.push(fieldSpecs.email.label);
  const addPhones = r.phones.filter((ph) => !before.phones.some((b) => b.normalised === ph.normalised));
  if (addPhones.length > 0) changes.push(fieldSpecs.phone.label);
  const addRoles = r.roleIds.filter((id) => !before.roleIds.includes(id));
  if (addRoles.length > 0) changes.push(fieldSpecs.roles.label);
  const addPlaces =
    r.wards.length > 0
      ? r.wards
          .filter(
            (code) =>
              !before.places.some(
                (pl) => pl.kind === 'ward' && pl.code === code && pl.vintage === input.wardVintage,
              ),
          )
          .map((code) => ({ kind: 'ward' as const, code, vintage: input.wardVintage }))
      : before.boroughs.includes(input.borough)
        ? []
        : [{ kind: 'borough' as const, code: input.borough, vintage: 0 }];
  if (addPlaces.length > 0) changes.push(r.wards.length > 0 ? fieldSpecs.wards.label : 'Borough');
  let addMembership: PlannedUpdate['addMembership'] = null;
  let positionChange: PlannedUpdate['positionChange'] = null;
  if (organisationId !== null) {
    const held = before.memberships.find((m) => m.organisationId === organisationId);
    if (!held) {
      addMembership = { organisationId, position: r.position };
      changes.push(fieldSpecs.organisation.label);
    } else if (r.position !== null && r.position !== held.position) {
      positionChange = { id: held.id, position: r.position };
      changes.push(fieldSpecs.position.label);
    }
  }
  let consent: PlannedConsent | null = null;
  if (r.consent?.event === 'given' && before.consent !== 'given') consent = plannedConsent(r, input.today);
  if (r.consent?.event === 'withdrawn' && before.consent === 'given')
    consent = plannedConsent(r, input.today);
  if (consent) changes.push(fieldSpecs.consent.label);
  return {
    row: p.row,
    before,
    after,
    addEmails,
    addPhones,
    addRoles,
    addPlaces,
    addMembership,
    positionChange,
    consent,
    changes,
    merged: p.merged,
  };
}
