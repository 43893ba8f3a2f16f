import { and, asc, eq, inArray, isNotNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  areas,
  auditEvents,
  consentLedger,
  contactPoints,
  duplicateFlags,
  memberships,
  organisations,
  people,
  personRedirects,
  segments,
  stakeholderImports,
  topHundred,
} from '../../../db/schema/index.ts';
import { lockTopHundredsOf } from '../top-hundred/top-hundred.repo.ts';

/**
 * SQL for what Nonsuch holds about one person beyond their record (which `people.repo.ts` reads):
 * the audit rows about them, the flags and redirects naming them, uploads mentioning them, and the
 * writes an erasure makes. Every function takes the database or the erasure's transaction.
 */

export type AuditRow = typeof auditEvents.$inferSelect;

/** A text column or expression mentions a term (in any case). */
const textMentions = (column: SQL, term: string): SQL =>
  sql`strpos(lower(coalesce(${column}, '')), lower(${term})) > 0`;

/** A jsonb column mentions a term: its text holds the term as JSON writes it (quotes and backslashes escaped). */
const jsonMentions = (column: SQL, term: string): SQL => textMentions(sql`${column}::text`, jsonText(term));

export const jsonText = (term: string): string => JSON.stringify(term).slice(1, -1);

/** An audit row is about these ids when it names one as its entity, or mentions one anywhere. */
function aboutIds(ids: readonly string[]): SQL {
  const named = inArray(auditEvents.entityId, [...ids]);
  const mentioned = ids.flatMap((id) => [
    textMentions(sql`${auditEvents.summary}`, id),
    jsonMentions(sql`${auditEvents.oldValues}`, id),
    jsonMentions(sql`${auditEvents.newValues}`, id),
  ]);
  return or(named, ...mentioned) as SQL;
}

/** Every audit row about the person (under any of the ids they have had), oldest first. */
export async function selectAuditRowsAbout(db: Db, ids: readonly string[]): Promise<AuditRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(auditEvents).where(aboutIds(ids)).orderBy(asc(auditEvents.at), asc(auditEvents.id));
}

/** Audit rows about the person, or whose summary or values mention any of the terms. */
export async function selectAuditRowsToRedact(
  db: Db,
  ids: readonly string[],
  terms: readonly string[],
): Promise<AuditRow[]> {
  const mentioning = terms.flatMap((t) => [
    textMentions(sql`${auditEvents.summary}`, t),
    jsonMentions(sql`${auditEvents.oldValues}`, t),
    jsonMentions(sql`${auditEvents.newValues}`, t),
  ]);
  return db
    .select()
    .from(auditEvents)
    .where(or(aboutIds(ids), ...mentioning))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
}

/**
 * Lets this transaction change the summary and values of audit rows: the one change the audit
 * trigger allows (migration 0008), and only until the transaction ends.
 */
export async function allowRedaction(db: Db): Promise<void> {
  await db.execute(sql`select set_config('nonsuch.redacting', 'on', true)`);
}

export async function updateAuditRowText(
  db: Db,
  id: string,
  values: { summary: string; oldValues: unknown; newValues: unknown },
): Promise<void> {
  await db
    .update(auditEvents)
    .set({ summary: values.summary, oldValues: values.oldValues, newValues: values.newValues })
    .where(eq(auditEvents.id, id));
}

/** The ids merged into this person (and into those, before them). */
export async function selectMergedIds(
  db: Db,
  personId: string,
): Promise<{ fromId: string; mergedAt: Date }[]> {
  return db
    .select({ fromId: personRedirects.fromId, mergedAt: personRedirects.mergedAt })
    .from(personRedirects)
    .where(eq(personRedirects.toId, personId))
    .orderBy(asc(personRedirects.mergedAt));
}

export type FlagNaming = {
  id: string;
  otherPersonId: string;
  score: number;
  reason: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolution: 'merged' | 'dismissed' | null;
};

/** Possible-duplicate flags naming the person, from either side, with the other record's id. */
export async function selectFlagsNaming(db: Db, personId: string): Promise<FlagNaming[]> {
  const rows = await db
    .select()
    .from(duplicateFlags)
    .where(or(eq(duplicateFlags.personId, personId), eq(duplicateFlags.otherPersonId, personId)))
    .orderBy(asc(duplicateFlags.createdAt));
  return rows.map((f) => ({
    id: f.id,
    otherPersonId: f.personId === personId ? f.otherPersonId : f.personId,
    score: f.score,
    reason: f.reason,
    createdAt: f.createdAt,
    resolvedAt: f.resolvedAt,
    resolution: f.resolution,
  }));
}

export async function selectTopHundredPlaces(db: Db, personId: string) {
  return db
    .select({ areaCode: topHundred.areaCode, areaName: areas.name, rank: topHundred.rank })
    .from(topHundred)
    .innerJoin(areas, eq(areas.gssCode, topHundred.areaCode))
    .where(eq(topHundred.personId, personId))
    .orderBy(asc(areas.name));
}

export type PendingUpload = {
  id: string;
  fileName: string;
  createdAt: Date;
  status: string;
  content: string;
};

/** Uploaded stakeholder files whose bytes are still kept (not yet imported). */
export async function selectPendingUploads(
  db: Db,
  options: { lock?: boolean } = {},
): Promise<PendingUpload[]> {
  const query = db
    .select({
      id: stakeholderImports.id,
      fileName: stakeholderImports.fileName,
      createdAt: stakeholderImports.createdAt,
      status: stakeholderImports.status,
      content: sql<string>`${stakeholderImports.content}`,
    })
    .from(stakeholderImports)
    .where(and(isNotNull(stakeholderImports.content), ne(stakeholderImports.status, 'committed')))
    .orderBy(asc(stakeholderImports.createdAt));
  return options.lock ? query.for('update') : query;
}

/** Drops the bytes of these uploads; they stay as failed, with the reason. */
export async function clearUploads(db: Db, ids: readonly string[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(stakeholderImports)
    .set({ content: null, status: 'failed', error: reason })
    .where(inArray(stakeholderImports.id, [...ids]));
}

// --- Erasure's writes ---------------------------------------------------------------------------

/** Locks the person's row for the erasure and returns its version and whether it is erased already. */
export async function lockPerson(
  db: Db,
  id: string,
): Promise<{ version: number; erasedAt: Date | null } | undefined> {
  const [row] = await db
    .select({ version: people.version, erasedAt: people.erasedAt })
    .from(people)
    .where(eq(people.id, id))
    .for('update');
  return row;
}

/** Keeps the row (its id, places, roles and lawful basis) and clears everything personal in it. */
export async function anonymisePerson(db: Db, id: string, description: string, now: Date): Promise<void> {
  await db
    .update(people)
    .set({
      fullName: description,
      postalAddress: null,
      preferredLanguage: null,
      accessibleFormats: [],
      notes: null,
      lastVerifiedOn: null,
      influence: null,
      interest: null,
      reviewOn: null,
      searchText: '',
      erasedAt: now,
      version: sql`${people.version} + 1`,
      updatedAt: now,
    })
    .where(eq(people.id, id));
}

export async function deleteContactPoints(db: Db, personId: string): Promise<number> {
  const rows = await db
    .delete(contactPoints)
    .where(eq(contactPoints.personId, personId))
    .returning({ id: contactPoints.id });
  return rows.length;
}

export async function deleteConsentEvents(db: Db, personId: string): Promise<number> {
  const rows = await db
    .delete(consentLedger)
    .where(eq(consentLedger.personId, personId))
    .returning({ id: consentLedger.id });
  return rows.length;
}

export async function deleteFlagsNaming(db: Db, personId: string): Promise<number> {
  const rows = await db
    .delete(duplicateFlags)
    .where(or(eq(duplicateFlags.personId, personId), eq(duplicateFlags.otherPersonId, personId)))
    .returning({ id: duplicateFlags.id });
  return rows.length;
}

/** Memberships stay (the organisation link is not personal); the position held is cleared. */
export async function clearMembershipPositions(db: Db, personId: string): Promise<number> {
  const rows = await db
    .update(memberships)
    .set({ position: null })
    .where(and(eq(memberships.personId, personId), isNotNull(memberships.position)))
    .returning({ id: memberships.id });
  return rows.length;
}

/** Takes the person off every top 100 and closes the gaps their ranks leave. */
export async function removeFromTopHundreds(db: Db, personId: string): Promise<string[]> {
  await lockTopHundredsOf(db, [personId]);
  const removed = await db
    .delete(topHundred)
    .where(eq(topHundred.personId, personId))
    .returning({ areaCode: topHundred.areaCode });
  await renumberTopHundreds(
    db,
    removed.map((r) => r.areaCode),
  );
  return removed.map((r) => r.areaCode);
}

/** Ranks 1..n without gaps, in their present order, in these boroughs' lists. */
export async function renumberTopHundreds(db: Db, areaCodes: readonly string[]): Promise<void> {
  if (areaCodes.length === 0) return;
  await db.execute(sql`
    update top_hundred t set rank = r.n
    from (select area_code, person_id, row_number() over (partition by area_code order by rank, person_id) as n
          from top_hundred where area_code in (${sql.join(
            areaCodes.map((c) => sql`${c}`),
            sql`, `,
          )})) r
    where t.area_code = r.area_code and t.person_id = r.person_id and t.rank <> r.n`);
}

const anyMentions = (column: SQL, terms: readonly string[]): SQL =>
  or(...terms.map((t) => textMentions(column, t))) as SQL;

/** Other people whose notes mention the terms. */
export async function selectNotesMentioning(db: Db, exceptId: string, terms: readonly string[]) {
  if (terms.length === 0) return [];
  return db
    .select({ id: people.id, notes: sql<string>`${people.notes}` })
    .from(people)
    .where(and(ne(people.id, exceptId), isNotNull(people.notes), anyMentions(sql`${people.notes}`, terms)));
}

export async function updateNotes(db: Db, id: string, notes: string): Promise<void> {
  await db.update(people).set({ notes }).where(eq(people.id, id));
}

/** Organisations whose e-mail, address or notes mention the terms. */
export async function selectOrganisationsMentioning(db: Db, terms: readonly string[]) {
  if (terms.length === 0) return [];
  return db
    .select({
      id: organisations.id,
      email: organisations.email,
      address: organisations.address,
      notes: organisations.notes,
    })
    .from(organisations)
    .where(
      or(
        anyMentions(sql`${organisations.email}`, terms),
        anyMentions(sql`${organisations.address}`, terms),
        anyMentions(sql`${organisations.notes}`, terms),
      ),
    );
}

export async function updateOrganisationText(
  db: Db,
  id: string,
  values: { email: string | null; address: string | null; notes: string | null },
): Promise<void> {
  await db.update(organisations).set(values).where(eq(organisations.id, id));
}

/** Saved segments whose filter (a search typed by someone) mentions the terms. */
export async function selectSegmentsMentioning(db: Db, terms: readonly string[]) {
  if (terms.length === 0) return [];
  return db
    .select({ id: segments.id, filter: segments.filter })
    .from(segments)
    .where(or(...terms.map((t) => jsonMentions(sql`${segments.filter}`, t))));
}

export async function updateSegmentFilter(db: Db, id: string, filter: unknown): Promise<void> {
  await db.update(segments).set({ filter }).where(eq(segments.id, id));
}

/** Stakeholder uploads whose file name or error message mentions the terms. */
export async function selectUploadTextMentioning(db: Db, terms: readonly string[]) {
  if (terms.length === 0) return [];
  return db
    .select({
      id: stakeholderImports.id,
      fileName: stakeholderImports.fileName,
      error: stakeholderImports.error,
    })
    .from(stakeholderImports)
    .where(
      or(
        anyMentions(sql`${stakeholderImports.fileName}`, terms),
        anyMentions(sql`${stakeholderImports.error}`, terms),
      ),
    );
}

export async function updateUploadText(
  db: Db,
  id: string,
  values: { fileName: string; error: string | null },
): Promise<void> {
  await db.update(stakeholderImports).set(values).where(eq(stakeholderImports.id, id));
}

export async function selectConsentCount(db: Db, personId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(consentLedger)
    .where(eq(consentLedger.personId, personId));
  return Number(row?.n ?? 0);
}
