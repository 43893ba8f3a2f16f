import { and, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/connect.ts';
import {
  auditEvents,
  consentLedger,
  contactPoints,
  duplicateFlags,
  memberships,
  organisations,
  people,
  personBoroughs,
  personPlaces,
  personRoles,
  stakeholderImports,
  suppressions,
} from '../../../db/schema/index.ts';
import type { ConsentState } from '../person.ts';

/**
 * All SQL of the stakeholder import: the uploads, the facts a plan needs (looked up for the whole
 * file at once, never a query per row) and the writes of a commit, many rows to a statement.
 * Long lists travel as one JSON parameter, so a file of 100,000 rows stays within PostgreSQL's
 * limit of 65,535 parameters a statement.
 */

export type StakeholderImportRow = typeof stakeholderImports.$inferSelect;

/** `column in (the values)`, with the values as one JSON array parameter. */
function inList(column: AnyPgColumn | SQL, values: readonly string[], cast: 'text' | 'uuid' = 'text'): SQL {
  if (values.length === 0) return sql`false`;
  const list = JSON.stringify(values);
  return cast === 'uuid'
    ? sql`${column} in (select (jsonb_array_elements_text(${list}::jsonb))::uuid)`
    : sql`${column} in (select jsonb_array_elements_text(${list}::jsonb))`;
}

// ---------------------------------------------------------------------------------------------
// Uploads

export async function insertStakeholderImport(
  db: Db,
  values: {
    userId: string;
    areaCode: string;
    fileName: string;
    content: string;
    mapping: unknown;
    totalRows: number;
    now: Date;
  },
): Promise<StakeholderImportRow> {
  const [row] = await db
    .insert(stakeholderImports)
    .values({
      userId: values.userId,
      areaCode: values.areaCode,
      fileName: values.fileName,
      content: values.content,
      mapping: values.mapping,
      status: 'previewed',
      totalRows: values.totalRows,
      createdAt: values.now,
    })
    .returning();
  if (!row) throw new Error('insert into stakeholder_imports returned nothing');
  return row;
}

export async function selectStakeholderImport(db: Db, id: string): Promise<StakeholderImportRow | undefined> {
  const [row] = await db.select().from(stakeholderImports).where(eq(stakeholderImports.id, id));
  return row;
}

/** A new mapping, only while the upload waits to be imported. */
export async function updateStakeholderImportMapping(
  db: Db,
  id: string,
  mapping: unknown,
): Promise<StakeholderImportRow | undefined> {
  const [row] = await db
    .update(stakeholderImports)
    .set({ mapping, status: 'previewed', error: null })
    .where(and(eq(stakeholderImports.id, id), inArray(stakeholderImports.status, ['previewed', 'failed'])))
    .returning();
  return row;
}

/** Moves an upload to "committing", only from previewed or failed: one commit at a time. */
export async function markStakeholderImportCommitting(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(stakeholderImports)
    .set({ status: 'committing', error: null })
    .where(and(eq(stakeholderImports.id, id), inArray(stakeholderImports.status, ['previewed', 'failed'])))
    .returning({ id: stakeholderImports.id });
  return rows.length === 1;
}

/**
 * Locks the upload's row for the rest of the transaction: while a commit holds it, anyone asking
 * with `selectAbandonedCommit` knows it is still running.
 */
export async function lockStakeholderImport(db: Db, id: string): Promise<StakeholderImportRow | undefined> {
  const [row] = await db.select().from(stakeholderImports).where(eq(stakeholderImports.id, id)).for('update');
  return row;
}

/** The file is imported: its bytes go (personal data is not kept), the counts stay. */
export async function markStakeholderImportCommitted(
  db: Db,
  id: string,
  outcome: unknown,
  totalRows: number,
  now: Date,
): Promise<void> {
  await db
    .update(stakeholderImports)
    .set({ status: 'committed', content: null, outcome, totalRows, committedAt: now, error: null })
    .where(eq(stakeholderImports.id, id));
}

export async function markStakeholderImportFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(stakeholderImports)
    .set({ status: 'failed', error })
    .where(and(eq(stakeholderImports.id, id), eq(stakeholderImports.status, 'committing')));
}

/**
 * An upload marked "committing" whose row no transaction holds: the process importing it stopped.
 * Returns true when it was (and marks it failed); false when a commit still holds it or it is not committing.
 */
export async function failAbandonedCommit(db: Db, id: string, error: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: stakeholderImports.id })
      .from(stakeholderImports)
      .where(and(eq(stakeholderImports.id, id), eq(stakeholderImports.status, 'committing')))
      .for('update', { skipLocked: true });
    if (!row) return false;
    await tx.update(stakeholderImports).set({ status: 'failed', error }).where(eq(stakeholderImports.id, id));
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Facts for a plan

export type EmailHolder = Readonly<{ normalised: string; personId: string; boroughs: readonly string[] }>;

/** Who holds these normalised addresses, with the boroughs each holder is in. */
export async function selectEmailHolders(db: Db, normalised: readonly string[]): Promise<EmailHolder[]> {
  if (normalised.length === 0) return [];
  const rows = await db
    .select({
      normalised: contactPoints.normalised,
      personId: contactPoints.personId,
      boroughs: sql<string | null>`(select string_agg(pb.area_code, ',') from person_boroughs pb
        where pb.person_id = contact_points.person_id)`,
    })
    .from(contactPoints)
    .where(and(eq(contactPoints.kind, 'email'), inList(contactPoints.normalised, normalised)));
  return rows.map((r) => ({
    normalised: r.normalised,
    personId: r.personId,
    boroughs: r.boroughs ? r.boroughs.split(',') : [],
  }));
}

export type BoroughPerson = Readonly<{ id: string; fullName: string; organisations: readonly string[] }>;

/** Everyone in a borough (not erased), with the names of their organisations: for the duplicate checks. */
export async function selectPeopleInBorough(db: Db, areaCode: string): Promise<BoroughPerson[]> {
  const rows = await db
    .select({
      id: people.id,
      fullName: people.fullName,
      organisations: sql<string | null>`(select string_agg(o.name, E'\\n') from memberships m
        join organisations o on o.id = m.organisation_id where m.person_id = people.id)`,
    })
    .from(personBoroughs)
    .innerJoin(people, eq(people.id, personBoroughs.personId))
    .where(and(eq(personBoroughs.areaCode, areaCode), sql`${people.erasedAt} is null`));
  return rows.map((r) => ({
    id: r.id,
    fullName: r.fullName,
    organisations: r.organisations ? r.organisations.split('\n') : [],
  }));
}

export type ExistingPerson = {
  id: string;
  version: number;
  fullName: string;
  postalAddress: string | null;
  preferredLanguage: string | null;
  accessibleFormats: string[];
  notes: string | null;
  lastVerifiedOn: string | null;
  influence: number | null;
  interest: number | null;
  emails: string[];
  phones: { value: string; normalised: string }[];
  roleIds: string[];
  places: { kind: string; code: string; vintage: number }[];
  boroughs: string[];
  memberships: { id: string; organisationId: string; position: string | null }[];
  consent: ConsentState;
};

/** The records an import may update, in full, by id (erased people are left out). */
export async function selectExistingPeople(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, ExistingPerson>> {
  const out = new Map<string, ExistingPerson>();
  if (ids.length === 0) return out;
  const rows = await db
    .select()
    .from(people)
    .where(and(inList(people.id, ids, 'uuid'), sql`${people.erasedAt} is null`));
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      version: r.version,
      fullName: r.fullName,
      postalAddress: r.postalAddress,
      preferredLanguage: r.preferredLanguage,
      accessibleFormats: r.accessibleFormats,
      notes: r.notes,
      lastVerifiedOn: r.lastVerifiedOn,
      influence: r.influence,
      interest: r.interest,
      emails: [],
      phones: [],
      roleIds: [],
      places: [],
      boroughs: [],
      memberships: [],
      consent: 'none',
    });
  }
  const found = [...out.keys()];
  if (found.length === 0) return out;
  const get = (id: string) => out.get(id) as ExistingPerson;
  const contacts = await db
    .select()
    .from(contactPoints)
    .where(inList(contactPoints.personId, found, 'uuid'))
    .orderBy(contactPoints.personId, contactPoints.kind, contactPoints.position);
  for (const c of contacts) {
    if (c.kind === 'email') get(c.personId).emails.push(c.normalised);
    else get(c.personId).phones.push({ value: c.value, normalised: c.normalised });
  }
  for (const r of await db
    .select()
    .from(personRoles)
    .where(inList(personRoles.personId, found, 'uuid'))) {
    get(r.personId).roleIds.push(r.roleId);
  }
  for (const p of await db
    .select()
    .from(personPlaces)
    .where(inList(personPlaces.personId, found, 'uuid'))) {
    get(p.personId).places.push({ kind: p.kind, code: p.code, vintage: p.vintage });
  }
  for (const b of await db
    .select()
    .from(personBoroughs)
    .where(inList(personBoroughs.personId, found, 'uuid'))) {
    get(b.personId).boroughs.push(b.areaCode);
  }
  const ms = await db
    .select({
      id: memberships.id,
      personId: memberships.personId,
      organisationId: memberships.organisationId,
      position: memberships.position,
    })
    .from(memberships)
    .where(inList(memberships.personId, found, 'uuid'));
  for (const m of ms) get(m.personId).memberships.push(m);
  const consents = await db
    .selectDistinctOn([consentLedger.personId], {
      personId: consentLedger.personId,
      event: consentLedger.event,
    })
    .from(consentLedger)
    .where(and(inList(consentLedger.personId, found, 'uuid'), eq(consentLedger.channel, 'email-newsletter')))
    .orderBy(
      consentLedger.personId,
      sql`${consentLedger.occurredAt} desc`,
      sql`${consentLedger.recordedAt} desc`,
    );
  for (const c of consents) get(c.personId).consent = c.event;
  return out;
}

export type OrganisationChoice = Readonly<{ id: string; name: string; areaCode: string | null }>;

/** The organisations a file's names are matched with: the borough's and the London-wide ones. */
export async function selectOrganisationsFor(db: Db, areaCode: string): Promise<OrganisationChoice[]> {
  return db
    .select({ id: organisations.id, name: organisations.name, areaCode: organisations.areaCode })
    .from(organisations)
    .where(sql`${organisations.areaCode} = ${areaCode} or ${organisations.areaCode} is null`)
    .orderBy(sql`${organisations.areaCode} nulls last`, organisations.createdAt);
}

/** Which of these salted hashes are on the suppression list. */
export async function selectSuppressedHashes(db: Db, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db
    .select({ hash: suppressions.emailHash })
    .from(suppressions)
    .where(inList(suppressions.emailHash, hashes));
  return new Set(rows.map((r) => r.hash));
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Rows to a statement: each statement carries its rows as one JSON parameter. */
const chunkRows = 5000;

/**
 * Inserts many rows, five thousand to a statement: the rows travel as one JSON array that
 * PostgreSQL turns back into typed columns (`jsonb_to_recordset`), which is far quicker to send and
 * to parse than a parameter per value, and never meets the limit of 65,535 parameters. A row that
 * would break a unique index fails the statement (and so the import), unless `existing: 'skip'`
 * says such a row is already there and may be left out.
 */
export async function insertMany<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { existing?: 'fail' | 'skip'; onChunk?: (written: number) => void } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const onConflict = options.existing === 'skip' ? sql` on conflict do nothing` : sql``;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  const names = columns.map(([, c]) => sql.identifier(c.name));
  const definitions = columns.map(([, c]) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`);
  for (let i = 0; i < rows.length; i += chunkRows) {
    const chunk = rows.slice(i, i + chunkRows).map((row) =>
      Object.fromEntries(
        columns.map(([key, c]) => {
          const value = (row as Record<string, unknown>)[key];
          return [c.name, value instanceof Date ? value.toISOString() : (value ?? null)];
        }),
      ),
    );
    await db.execute(sql`insert into ${table} (${sql.join(names, sql`, `)})
      select ${sql.join(names, sql`, `)}
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(${sql.join(definitions, sql`, `)})${onConflict}`);
    options.onChunk?.(chunk.length);
  }
}

export const importTables = {
  organisations,
  people,
  contactPoints,
  personRoles,
  personPlaces,
  personBoroughs,
  memberships,
  consentLedger,
  duplicateFlags,
  auditEvents,
} as const;

export type PersonChange = Readonly<{
  id: string;
  version: number;
  fullName: string;
  postalAddress: string | null;
  preferredLanguage: string | null;
  accessibleFormats: readonly string[];
  notes: string | null;
  lastVerifiedOn: string | null;
  influence: number | null;
  interest: number | null;
}>;

/**
 * Writes the new values of many people, a thousand to a statement, each only if it is still at the
 * version the plan read. Returns how many were written (fewer means someone changed one meanwhile).
 */
export async function updatePeople(db: Db, changes: readonly PersonChange[], now: Date): Promise<number> {
  let written = 0;
  for (let i = 0; i < changes.length; i += chunkRows) {
    const chunk = changes.slice(i, i + chunkRows);
    const values = JSON.stringify(chunk);
    const result = await db
      .update(people)
      .set({
        fullName: sql`v.full_name`,
        postalAddress: sql`v.postal_address`,
        preferredLanguage: sql`v.preferred_language`,
        accessibleFormats: sql`v.accessible_formats`,
        notes: sql`v.notes`,
        lastVerifiedOn: sql`v.last_verified_on`,
        influence: sql`v.influence`,
        interest: sql`v.interest`,
        version: sql`${people.version} + 1`,
        updatedAt: now,
      })
      .from(
        sql`(select (x->>'id')::uuid as id, (x->>'version')::int as version, x->>'fullName' as full_name,
          x->>'postalAddress' as postal_address, x->>'preferredLanguage' as preferred_language,
          array(select jsonb_array_elements_text(x->'accessibleFormats')) as accessible_formats,
          x->>'notes' as notes, (x->>'lastVerifiedOn')::date as last_verified_on,
          (x->>'influence')::int as influence, (x->>'interest')::int as interest
          from jsonb_array_elements(${values}::jsonb) x) v`,
      )
      .where(sql`${people.id} = v.id and ${people.version} = v.version and ${people.erasedAt} is null`)
      .returning({ id: people.id });
    written += result.length;
  }
  return written;
}

/** New positions for existing memberships. */
export async function updateMembershipPositions(
  db: Db,
  changes: readonly { id: string; position: string }[],
): Promise<void> {
  for (let i = 0; i < changes.length; i += chunkRows) {
    const values = JSON.stringify(changes.slice(i, i + chunkRows));
    await db
      .update(memberships)
      .set({ position: sql`v.position` })
      .from(
        sql`(select (x->>'id')::uuid as id, x->>'position' as position from jsonb_array_elements(${values}::jsonb) x) v`,
      )
      .where(sql`${memberships.id} = v.id`);
  }
}

/**
 * The lower-case search text (name, e-mail addresses, organisation names) of these people, as
 * `refreshSearchText` in people.repo.ts builds it, for many people a statement.
 */
export async function refreshSearchTexts(db: Db, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += chunkRows * 5) {
    const chunk = ids.slice(i, i + chunkRows * 5);
    await db.execute(sql`
      update people p set search_text = lower(concat_ws(' ', p.full_name,
        (select string_agg(c.normalised, ' ' order by c.position) from contact_points c
          where c.person_id = p.id and c.kind = 'email'),
        (select string_agg(o.name, ' ' order by o.name) from memberships m
          join organisations o on o.id = m.organisation_id where m.person_id = p.id)))
      where ${inList(sql`p.id`, chunk, 'uuid')}`);
  }
}
