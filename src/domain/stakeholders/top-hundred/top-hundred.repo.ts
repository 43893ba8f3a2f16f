import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  consentLedger,
  contactPoints,
  memberships,
  organisations,
  people,
  personBoroughs,
  personRoles,
  stakeholderRoles,
  topHundred,
} from '../../../db/schema/index.ts';
import { type ConsentState, type Emailability, emailability } from '../person.ts';
import { suppressedAddresses } from '../suppression.ts';
import { ranksOf } from './top-hundred.ts';

/** All SQL for the top 100 lists and the influence and interest grid. */

/**
 * Serialises changes to one borough's list until the transaction ends, so two editors moving people
 * at once take turns and the ranks stay 1..n (on PostgreSQL; PGlite has one connection anyway).
 */
export async function lockTopHundred(db: Db, areaCode: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`nonsuch:top-hundred:${areaCode}`}))`);
}

/**
 * Locks, in code order (so two writers never wait on each other crosswise), the list of every
 * borough in which any of these people is ranked: for changes that reach several lists at once
 * (an erasure, a merge).
 */
export async function lockTopHundredsOf(db: Db, personIds: readonly string[]): Promise<void> {
  const rows = await db
    .selectDistinct({ areaCode: topHundred.areaCode })
    .from(topHundred)
    .where(inArray(topHundred.personId, [...personIds]));
  for (const code of rows.map((r) => r.areaCode).sort()) await lockTopHundred(db, code);
}

/** A borough's list as ordered person ids, rank 1 first. */
export async function selectRankedIds(db: Db, areaCode: string): Promise<string[]> {
  const rows = await db
    .select({ personId: topHundred.personId })
    .from(topHundred)
    .where(eq(topHundred.areaCode, areaCode))
    .orderBy(asc(topHundred.rank), asc(topHundred.personId));
  return rows.map((r) => r.personId);
}

/** Stores a borough's list in this order, numbered 1..n. */
export async function writeRanks(db: Db, areaCode: string, order: readonly string[]): Promise<void> {
  await db.delete(topHundred).where(eq(topHundred.areaCode, areaCode));
  if (order.length === 0) return;
  await db.insert(topHundred).values(ranksOf(order).map((r) => ({ areaCode, ...r })));
}

export type ListedPerson = Readonly<{
  id: string;
  fullName: string;
  erased: boolean;
  /** Whether the borough is still among the person's boroughs. */
  inBorough: boolean;
}>;

/** One person as the add checks them: their name, whether erased, whether they cover the borough. */
export async function selectListedPerson(
  db: Db,
  personId: string,
  areaCode: string,
): Promise<ListedPerson | undefined> {
  const [row] = await db
    .select({
      id: people.id,
      fullName: people.fullName,
      erased: sql<boolean>`${people.erasedAt} is not null`,
      inBorough: sql<boolean>`exists (select 1 from person_boroughs pb
        where pb.person_id = ${people.id} and pb.area_code = ${areaCode})`,
    })
    .from(people)
    .where(eq(people.id, personId));
  return row;
}

export type TopHundredEntry = Readonly<{
  rank: number;
  id: string;
  fullName: string;
  roles: readonly string[];
  organisations: readonly string[];
  influence: number | null;
  interest: number | null;
  emailability: Emailability;
  erased: boolean;
  inBorough: boolean;
}>;

/** A borough's list, rank 1 first, with what the table shows of each person. */
export async function selectTopHundred(db: Db, areaCode: string, today: string): Promise<TopHundredEntry[]> {
  const rows = await db
    .select({
      rank: topHundred.rank,
      id: people.id,
      fullName: people.fullName,
      influence: people.influence,
      interest: people.interest,
      erased: sql<boolean>`${people.erasedAt} is not null`,
      inBorough: sql<boolean>`exists (select 1 from person_boroughs pb
        where pb.person_id = ${people.id} and pb.area_code = ${topHundred.areaCode})`,
    })
    .from(topHundred)
    .innerJoin(people, eq(people.id, topHundred.personId))
    .where(eq(topHundred.areaCode, areaCode))
    .orderBy(asc(topHundred.rank));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roles = await db
    .select({ personId: personRoles.personId, label: stakeholderRoles.label })
    .from(personRoles)
    .innerJoin(stakeholderRoles, eq(stakeholderRoles.id, personRoles.roleId))
    .where(inArray(personRoles.personId, ids))
    .orderBy(asc(stakeholderRoles.sortOrder), asc(stakeholderRoles.label));
  const orgs = await db
    .select({ personId: memberships.personId, name: organisations.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        inArray(memberships.personId, ids),
        sql`(${memberships.endedOn} is null or ${memberships.endedOn} >= ${today}::date)`,
      ),
    )
    .orderBy(asc(organisations.name));
  const emails = await db
    .select({ personId: contactPoints.personId, normalised: contactPoints.normalised })
    .from(contactPoints)
    .where(and(inArray(contactPoints.personId, ids), eq(contactPoints.kind, 'email')))
    .orderBy(asc(contactPoints.position));
  const suppressed = await suppressedAddresses(
    db,
    emails.map((e) => e.normalised),
  );
  const consents = await selectConsentStates(db, ids);
  const grouped = <T extends { personId: string }>(list: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const r of list) map.set(r.personId, [...(map.get(r.personId) ?? []), r]);
    return map;
  };
  const rolesOf = grouped(roles);
  const orgsOf = grouped(orgs);
  const emailsOf = grouped(emails);
  return rows.map((r) => ({
    ...r,
    roles: (rolesOf.get(r.id) ?? []).map((x) => x.label),
    organisations: [...new Set((orgsOf.get(r.id) ?? []).map((x) => x.name))],
    emailability: emailability({
      erased: r.erased,
      consent: consents.get(r.id) ?? 'none',
      emails: (emailsOf.get(r.id) ?? []).map((e) => ({
        normalised: e.normalised,
        suppressed: suppressed.has(e.normalised),
      })),
    }),
  }));
}

/** The latest e-newsletter consent event of each person: given, withdrawn, or none recorded. */
async function selectConsentStates(db: Db, personIds: readonly string[]): Promise<Map<string, ConsentState>> {
  const rows = await db
    .selectDistinctOn([consentLedger.personId], {
      personId: consentLedger.personId,
      event: consentLedger.event,
    })
    .from(consentLedger)
    .where(
      and(inArray(consentLedger.personId, [...personIds]), eq(consentLedger.channel, 'email-newsletter')),
    )
    .orderBy(asc(consentLedger.personId), desc(consentLedger.occurredAt), desc(consentLedger.recordedAt));
  return new Map(rows.map((r) => [r.personId, r.event]));
}

export type GridRow = Readonly<{
  id: string;
  fullName: string;
  influence: number | null;
  interest: number | null;
  /** The person's rank on this borough's list, if they are on it. */
  rank: number | null;
}>;

/** A borough's people (not erased) with their scores, those on the top 100 first, then by name. */
export async function selectGridPeople(db: Db, areaCode: string): Promise<GridRow[]> {
  return db
    .select({
      id: people.id,
      fullName: people.fullName,
      influence: people.influence,
      interest: people.interest,
      rank: topHundred.rank,
    })
    .from(personBoroughs)
    .innerJoin(people, eq(people.id, personBoroughs.personId))
    .leftJoin(topHundred, and(eq(topHundred.personId, people.id), eq(topHundred.areaCode, areaCode)))
    .where(and(eq(personBoroughs.areaCode, areaCode), sql`${people.erasedAt} is null`))
    .orderBy(sql`${topHundred.rank} asc nulls last`, sql`lower(${people.fullName})`, asc(people.id));
}

/** How many people a borough's list holds (for the borough page). */
export async function countTopHundred(db: Db, areaCode: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(topHundred)
    .where(eq(topHundred.areaCode, areaCode));
  return Number(row?.n ?? 0);
}

/** How many people (not erased) cover a borough (for the borough page). */
export async function countBoroughPeople(db: Db, areaCode: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(personBoroughs)
    .innerJoin(people, eq(people.id, personBoroughs.personId))
    .where(and(eq(personBoroughs.areaCode, areaCode), sql`${people.erasedAt} is null`));
  return Number(row?.n ?? 0);
}
