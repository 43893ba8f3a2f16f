import type { Context } from '../../access/actor.ts';
import { authorize } from '../../access/policy.ts';
import { actorLabel, recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { londonDay, londonDayStart } from '../../shared/london-time.ts';
import {
  type ImportWrites,
  type PlannedConsent,
  type ProgressListener,
  planStakeholderImport,
  type StakeholderFileSource,
  type StakeholderImportPlan,
} from './plan-stakeholder-import.ts';
import { loadStakeholderImport, sourceOfImport } from './preview-stakeholder-import.ts';
import { describeRowError, type RowError } from './rows.ts';
import {
  importTables,
  insertMany,
  lockStakeholderImport,
  markStakeholderImportCommitted,
  markStakeholderImportCommitting,
  markStakeholderImportFailed,
  refreshSearchTexts,
  updateMembershipPositions,
  updatePeople,
} from './stakeholder-imports.repo.ts';

/** The counts a finished (or planned) import reports: what `--json` prints, with the row errors. */
export type ImportOutcome = Readonly<{
  created: number;
  updated: number;
  merged: number;
  flagged: number;
  rejected: number;
  errors: readonly RowError[];
}>;

export const outcomeOf = (plan: StakeholderImportPlan): ImportOutcome => ({
  created: plan.counts.create,
  updated: plan.counts.update,
  merged: plan.counts.merge,
  flagged: plan.counts.flag,
  rejected: plan.counts.reject,
  errors: [...plan.problems.map((message) => ({ row: 0, field: '', message })), ...plan.errors],
});

/** A file that cannot be imported: it carries the plan, so its problems can be shown row by row. */
export class StakeholderImportRejected extends DomainError {
  readonly plan: StakeholderImportPlan;

  constructor(plan: StakeholderImportPlan) {
    super('invalid', rejectionMessage(plan));
    this.name = 'StakeholderImportRejected';
    this.plan = plan;
  }

  /** Every problem as a line: the file's, then each row's. */
  lines(): string[] {
    return [...this.plan.problems, ...this.plan.errors.map(describeRowError)];
  }
}

/** "Rows 14, 15 and 20 cannot be imported; nothing was imported." */
export function rejectionMessage(plan: StakeholderImportPlan): string {
  if (plan.problems.length > 0) return `${plan.problems[0]}. Nothing was imported.`;
  const rows = plan.rows.filter((r) => r.action === 'reject').map((r) => r.row);
  if (rows.length === 0) return 'The file has nothing to import.';
  const shown = rows.slice(0, 10).map(String);
  const list =
    rows.length > 10
      ? `${shown.join(', ')} and ${rows.length - 10} more`
      : shown.length === 1
        ? shown[0]
        : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  return `${rows.length === 1 ? 'Row' : 'Rows'} ${list} cannot be imported; nothing was imported. Put ${rows.length === 1 ? 'it' : 'them'} right and try again.`;
}

export type CommitStakeholderImportInput = Readonly<
  | { id: string; onProgress?: ProgressListener; onStarted?: () => void }
  | { file: StakeholderFileSource; onProgress?: ProgressListener }
>;

export type StakeholderImportCommitted = ImportOutcome &
  Readonly<{ id: string | null; fileName: string; boroughName: string; rows: number; unchanged: number }>;

/**
 * Before a web commit runs in the background: the upload moves to "committing" (only one commit at
 * a time; a failed one may be tried again). The commit itself then runs with `{ id }`.
 */
export async function startStakeholderImport(ctx: Context, id: string): Promise<void> {
  const stored = await loadStakeholderImport(ctx, id);
  if (stored.status === 'committed' || stored.status === 'committing' || !stored.content) {
    throw new DomainError('conflict', 'This file is already being imported, or has been.');
  }
  if (!(await markStakeholderImportCommitting(ctx.db, stored.id))) {
    throw new DomainError('conflict', 'This file is already being imported, or has been.');
  }
}

/**
 * Imports a file: every row or none. In one transaction the file is planned again (so the plan
 * cannot be stale) and, only if no row is rejected, written many rows to a statement: new
 * organisations, people with their contacts, roles, places, boroughs, memberships, consent events
 * and duplicate flags, the updates, one audit entry per person and one for the import. An upload's
 * bytes are removed in the same transaction. Throws StakeholderImportRejected when any row is rejected.
 */
export async function commitStakeholderImport(
  ctx: Context,
  input: CommitStakeholderImportInput,
): Promise<StakeholderImportCommitted> {
  authorize(ctx.actor, 'stakeholder:import');
  const stored = 'id' in input ? await loadStakeholderImport(ctx, input.id) : undefined;
  if (stored && stored.status !== 'committing') {
    throw new DomainError('conflict', 'Start the import from its preview.');
  }
  try {
    return await commitInTransaction(ctx, input, stored?.id);
  } catch (error) {
    // The transaction is rolled back: nothing was written. An upload says why, so it can be tried again.
    if (stored) await markStakeholderImportFailed(ctx.db, stored.id, failureMessage(error));
    throw error;
  }
}

/** What a failed commit says to the person who started it. */
export function failureMessage(error: unknown): string {
  if (error instanceof DomainError && error.code !== 'unavailable') return error.message;
  return 'The import stopped because of an unexpected error; nothing was imported. Try again, and tell an administrator if it happens again.';
}

async function commitInTransaction(
  ctx: Context,
  input: CommitStakeholderImportInput,
  storedId: string | undefined,
): Promise<StakeholderImportCommitted> {
  return ctx.db.transaction(async (tx) => {
    const txCtx: Context = { ...ctx, db: tx };
    let source: StakeholderFileSource;
    if (storedId !== undefined) {
      const locked = await lockStakeholderImport(tx, storedId);
      if (locked?.status !== 'committing' || !locked.content) {
        throw new DomainError('conflict', 'This file is already being imported, or has been.');
      }
      if ('onStarted' in input) input.onStarted?.();
      source = sourceOfImport(locked);
    } else if ('file' in input) source = input.file;
    else throw new DomainError('not_found', 'There is no such import.');

    const { plan, writes } = await planStakeholderImport(txCtx, source, input.onProgress);
    if (plan.rejected) throw new StakeholderImportRejected(plan);
    await write(txCtx, plan, writes, input.onProgress);
    const outcome = outcomeOf(plan);
    const result: StakeholderImportCommitted = {
      ...outcome,
      id: storedId ?? null,
      fileName: plan.fileName,
      boroughName: plan.boroughName,
      rows: plan.rows.length,
      unchanged: plan.counts.unchanged,
    };
    const counts = {
      created: outcome.created,
      updated: outcome.updated,
      unchanged: plan.counts.unchanged,
      merged: outcome.merged,
      flagged: outcome.flagged,
      rows: plan.rows.length,
      organisationsAdded: writes.organisations.length,
    };
    await recordAudit(txCtx, {
      action: 'created',
      entityType: 'stakeholder-import',
      entityId: storedId ?? null,
      areaCode: plan.areaCode,
      summary: `Stakeholders imported into ${plan.boroughName} from “${plan.fileName}”: ${counts.created} added, ${counts.flagged} added and flagged as possible duplicates, ${counts.updated} changed, ${counts.merged} merged, ${counts.unchanged} unchanged`,
      newValues: { fileName: plan.fileName, ...counts },
    });
    if (storedId !== undefined) {
      await markStakeholderImportCommitted(tx, storedId, counts, plan.rows.length, ctx.clock.now());
    }
    return result;
  });
}

/** A consent event's instant: a past day at the start of that London day, today's at this moment. */
function occurredAt(consent: PlannedConsent, now: Date): Date {
  return consent.on === londonDay(now) ? now : londonDayStart(consent.on);
}

async function write(
  ctx: Context,
  plan: StakeholderImportPlan,
  writes: ImportWrites,
  onProgress: ProgressListener | undefined,
): Promise<void> {
  const db = ctx.db;
  const now = ctx.clock.now();
  const recordedBy = actorLabel(ctx.actor);
  const evidence = (row: number) => `Imported from ${plan.fileName}, row ${row}`.slice(0, 2000);
  const total = writes.creates.length + writes.updates.length;
  let done = 0;
  const progressed = (n: number) => {
    done += n;
    onProgress?.({ phase: 'writing', done: Math.min(done, total), total });
  };
  onProgress?.({ phase: 'writing', done: 0, total });

  const auditBase = {
    at: now,
    actorKind: ctx.actor.kind,
    actorUserId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    actorLabel: recordedBy,
    requestId: ctx.requestId ?? null,
    address: ctx.address ?? null,
    areaCode: plan.areaCode,
    refused: false,
  } as const;

  await insertMany(
    db,
    importTables.organisations,
    writes.organisations.map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      areaCode: plan.areaCode,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await insertMany(
    db,
    importTables.auditEvents,
    writes.organisations.map((o) => ({
      ...auditBase,
      action: 'created',
      entityType: 'organisation',
      entityId: o.id,
      summary: `Organisation “${o.name}” added by the import of “${plan.fileName}”`,
      newValues: { name: o.name, type: o.type, areaCode: plan.areaCode },
    })),
  );
  const organisationName = writes.organisationNames;

  // New people, many to a statement; ids were chosen by the plan. The search text is made as
  // refreshSearchText makes it: name, e-mail address, organisation name, in lower case.
  const { creates } = writes;
  const searchText = (c: (typeof creates)[number]) =>
    [
      c.record.fullName,
      c.record.email?.normalised,
      c.organisationId === null ? undefined : organisationName.get(c.organisationId),
    ]
      .filter((part) => part !== undefined && part !== '')
      .join(' ')
      .toLowerCase();
  await insertMany(
    db,
    importTables.people,
    creates.map((c) => ({
      id: c.id,
      fullName: c.record.fullName,
      postalAddress: c.record.postalAddress,
      preferredLanguage: c.record.preferredLanguage,
      accessibleFormats: c.record.accessibleFormats,
      notes: c.record.notes,
      lastVerifiedOn: c.record.lastVerifiedOn,
      influence: c.record.influence,
      interest: c.record.interest,
      lawfulBasis: 'public-task' as const,
      searchText: searchText(c),
      version: 1,
      createdAt: now,
      updatedAt: now,
    })),
    { onChunk: (n) => progressed(n / 2) },
  );
  await insertMany(
    db,
    importTables.contactPoints,
    creates.flatMap((c) => [
      ...(c.record.email ? [{ personId: c.id, kind: 'email' as const, ...c.record.email, position: 0 }] : []),
      ...c.record.phones.map((p, i) => ({ personId: c.id, kind: 'phone' as const, ...p, position: i })),
    ]),
  );
  await insertMany(
    db,
    importTables.personRoles,
    creates.flatMap((c) => c.record.roleIds.map((roleId) => ({ personId: c.id, roleId }))),
  );
  await insertMany(
    db,
    importTables.personPlaces,
    creates.flatMap((c) => c.places.map((p) => ({ personId: c.id, ...p }))),
  );
  // Every place of the file lies in its borough, so that is each new person's one borough.
  await insertMany(
    db,
    importTables.personBoroughs,
    creates.map((c) => ({ personId: c.id, areaCode: plan.areaCode })),
  );
  await insertMany(
    db,
    importTables.memberships,
    creates.flatMap((c) =>
      c.organisationId === null
        ? []
        : [{ personId: c.id, organisationId: c.organisationId, position: c.record.position }],
    ),
  );
  await insertMany(
    db,
    importTables.consentLedger,
    creates.flatMap((c) =>
      c.consent === null
        ? []
        : [
            {
              personId: c.id,
              channel: 'email-newsletter' as const,
              event: c.consent.event,
              occurredAt: occurredAt(c.consent, now),
              method: 'import' as const,
              wordingVersion: c.consent.wording,
              evidence: evidence(c.row),
              recordedAt: now,
              recordedBy,
            },
          ],
    ),
  );
  await insertMany(
    db,
    importTables.duplicateFlags,
    creates.flatMap((c) =>
      c.flag === null
        ? []
        : [
            {
              personId: c.id,
              otherPersonId: c.flag.personId,
              score: c.flag.score,
              reason: `similar name and organisation (${c.flag.score.toFixed(2)})`,
              createdAt: now,
            },
          ],
    ),
  );
  await insertMany(
    db,
    importTables.auditEvents,
    creates.map((c) => ({
      ...auditBase,
      action: 'created',
      entityType: 'person',
      entityId: c.id,
      summary: `Person “${c.record.fullName}” added by the import of “${plan.fileName}”, row ${c.row}`,
      newValues: {
        fullName: c.record.fullName,
        emails: c.record.email ? [c.record.email.value] : [],
        phones: c.record.phones.map((p) => p.value),
        postalAddress: c.record.postalAddress,
        preferredLanguage: c.record.preferredLanguage,
        accessibleFormats: c.record.accessibleFormats,
        notes: c.record.notes,
        lastVerifiedOn: c.record.lastVerifiedOn,
        influence: c.record.influence,
        interest: c.record.interest,
        roleIds: c.record.roleIds,
        places: c.places.map((p) => `${p.kind}:${p.code}${p.vintage ? `/${p.vintage}` : ''}`),
        ...(c.organisationId === null
          ? {}
          : { organisation: organisationName.get(c.organisationId) ?? null, position: c.record.position }),
        ...(c.consent === null ? {} : { consent: { ...c.consent, method: 'import' } }),
        ...(c.flag === null ? {} : { possibleDuplicateOf: c.flag.personId, similarity: c.flag.score }),
        ...(c.merged.length > 0 ? { rowsMerged: c.merged } : {}),
      },
    })),
    { onChunk: (n) => progressed(n / 2) },
  );

  // Updates: the new values, only where the record is still as the plan read it.
  const { updates } = writes;
  const written = await updatePeople(
    db,
    updates.map((u) => u.after),
    now,
  );
  if (written !== updates.length) {
    throw new DomainError(
      'conflict',
      'Someone changed some of these people while the file was being imported; nothing was imported. Try again.',
    );
  }
  await insertMany(
    db,
    importTables.contactPoints,
    updates.flatMap((u) => [
      ...u.addEmails.map((e, i) => ({
        personId: u.before.id,
        kind: 'email' as const,
        ...e,
        position: u.before.emails.length + i,
      })),
      ...u.addPhones.map((p, i) => ({
        personId: u.before.id,
        kind: 'phone' as const,
        ...p,
        position: u.before.phones.length + i,
      })),
    ]),
  );
  await insertMany(
    db,
    importTables.personRoles,
    updates.flatMap((u) => u.addRoles.map((roleId) => ({ personId: u.before.id, roleId }))),
  );
  await insertMany(
    db,
    importTables.personPlaces,
    updates.flatMap((u) => u.addPlaces.map((p) => ({ personId: u.before.id, ...p }))),
  );
  await insertMany(
    db,
    importTables.personBoroughs,
    updates
      .filter((u) => u.addPlaces.length > 0)
      .map((u) => ({ personId: u.before.id, areaCode: plan.areaCode })),
    // A new ward may lie in a borough the person is already in.
    { existing: 'skip' },
  );
  await insertMany(
    db,
    importTables.memberships,
    updates.flatMap((u) => (u.addMembership ? [{ personId: u.before.id, ...u.addMembership }] : [])),
  );
  await updateMembershipPositions(
    db,
    updates.flatMap((u) => (u.positionChange ? [u.positionChange] : [])),
  );
  await insertMany(
    db,
    importTables.consentLedger,
    updates.flatMap((u) =>
      u.consent === null
        ? []
        : [
            {
              personId: u.before.id,
              channel: 'email-newsletter' as const,
              event: u.consent.event,
              occurredAt: occurredAt(u.consent, now),
              method: 'import' as const,
              wordingVersion: u.consent.wording,
              evidence: evidence(u.row),
              recordedAt: now,
              recordedBy,
            },
          ],
    ),
  );
  await insertMany(
    db,
    importTables.auditEvents,
    updates.map((u) => {
      const oldValues: Record<string, unknown> = {};
      const newValues: Record<string, unknown> = {};
      for (const key of [
        'fullName',
        'postalAddress',
        'preferredLanguage',
        'accessibleFormats',
        'notes',
        'lastVerifiedOn',
        'influence',
        'interest',
      ] as const) {
        if (JSON.stringify(u.before[key]) !== JSON.stringify(u.after[key])) {
          oldValues[key] = u.before[key];
          newValues[key] = u.after[key];
        }
      }
      if (u.addEmails.length > 0) newValues.emailsAdded = u.addEmails.map((e) => e.value);
      if (u.addPhones.length > 0) newValues.phonesAdded = u.addPhones.map((p) => p.value);
      if (u.addRoles.length > 0) newValues.rolesAdded = u.addRoles;
      if (u.addPlaces.length > 0)
        newValues.placesAdded = u.addPlaces.map(
          (p) => `${p.kind}:${p.code}${p.vintage ? `/${p.vintage}` : ''}`,
        );
      if (u.addMembership) newValues.membershipAdded = u.addMembership;
      if (u.positionChange) newValues.position = u.positionChange.position;
      if (u.consent) newValues.consent = { ...u.consent, method: 'import' };
      if (u.merged.length > 0) newValues.rowsMerged = u.merged;
      return {
        ...auditBase,
        action: 'updated',
        entityType: 'person',
        entityId: u.before.id,
        summary: `Person “${u.after.fullName}” changed by the import of “${plan.fileName}”, row ${u.row}`,
        oldValues,
        newValues,
      };
    }),
    { onChunk: progressed },
  );
  await refreshSearchTexts(
    db,
    updates.map((u) => u.before.id),
  );
  onProgress?.({ phase: 'writing', done: total, total });
}
