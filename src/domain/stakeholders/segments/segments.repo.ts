import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  areas,
  consentLedger,
  contactPoints,
  people,
  segments,
  suppressions,
} from '../../../db/schema/index.ts';
import type { StakeholderFilter } from '../filter.ts';
import type { ConsentState } from '../person.ts';
import { filterCondition, type SearchScope } from '../search.repo.ts';
import { type SegmentRecord, storedFilter } from './segment.ts';

/**
 * All SQL for segments: the saved rows, and what the mailing preview needs beyond the one search
 * query (`search.repo.ts`) — each member's e-mail addresses, and counts of members by whether they
 * have an address and by their consent. The member filter is always `filterCondition`.
 */

const segmentColumns = {
  id: segments.id,
  name: segments.name,
  areaCode: segments.areaCode,
  areaName: areas.name,
  filter: segments.filter,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
};

type SegmentRow = {
  id: string;
  name: string;
  areaCode: string | null;
  areaName: string | null;
  filter: unknown;
  createdAt: Date;
  updatedAt: Date;
};

const toRecord = (row: SegmentRow): SegmentRecord => ({
  ...row,
  filter: storedFilter(row.filter, row.areaCode),
});

export type SegmentValues = Readonly<{ name: string; areaCode: string | null; filter: StakeholderFilter }>;

export async function insertSegment(
  db: Db,
  values: SegmentValues & { createdByUserId: string | null },
  now: Date,
): Promise<{ id: string }> {
  const [row] = await db
    .insert(segments)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning({ id: segments.id });
  if (!row) throw new Error('the segment was not stored');
  return row;
}

export async function updateSegmentRow(
  db: Db,
  id: string,
  values: SegmentValues,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(segments)
    .set({ ...values, updatedAt: now })
    .where(eq(segments.id, id))
    .returning({ id: segments.id });
  return rows.length === 1;
}

export async function deleteSegmentRow(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id });
  return rows.length === 1;
}

export async function selectSegment(db: Db, id: string): Promise<SegmentRecord | undefined> {
  const [row] = await db
    .select(segmentColumns)
    .from(segments)
    .leftJoin(areas, eq(areas.gssCode, segments.areaCode))
    .where(eq(segments.id, id));
  return row ? toRecord(row) : undefined;
}

/** The segments in a scope by borough and name: every one, or those of the given boroughs (London-wide ones need `all`). */
export async function selectSegments(db: Db, scope: SearchScope): Promise<SegmentRecord[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  const rows = await db
    .select(segmentColumns)
    .from(segments)
    .leftJoin(areas, eq(areas.gssCode, segments.areaCode))
    .where(scope === 'all' ? undefined : inArray(segments.areaCode, [...scope]))
    .orderBy(sql`${areas.name} asc nulls first`, asc(sql`lower(${segments.name})`), asc(segments.id));
  return rows.map(toRecord);
}

/** Each person's e-mail addresses (normalised), in the order the record lists them. */
export async function selectEmailsOfPeople(
  db: Db,
  personIds: readonly string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (personIds.length === 0) return map;
  const rows = await db
    .select({ personId: contactPoints.personId, normalised: contactPoints.normalised })
    .from(contactPoints)
    .where(and(inArray(contactPoints.personId, [...personIds]), eq(contactPoints.kind, 'email')))
    .orderBy(asc(contactPoints.personId), asc(contactPoints.position));
  for (const r of rows) map.set(r.personId, [...(map.get(r.personId) ?? []), r.normalised]);
  return map;
}

type MemberQuery = Readonly<{ scope: SearchScope; filter: StakeholderFilter; today: string }>;

const hasEmail = sql`exists (select 1 from contact_points cp where cp.person_id = ${people.id} and cp.kind = 'email')`;

/** The consent condition of the one search query, as an expression over a person row. */
const consentIs = (consent: ConsentState, today: string): SQL => filterCondition('all', { consent }, today);

/**
 * Members counted by whether they have an address and, for those who have one, by their consent.
 * Each condition stays in a WHERE clause, where Drizzle names the person's columns in full (in a
 * select list of one table it does not, and a subquery would read its own table's id instead).
 */
export async function countMembersByAddressAndConsent(
  db: Db,
  query: MemberQuery,
): Promise<{ members: number; noEmail: number; given: number; withdrawn: number; none: number }> {
  const count = async (...extra: SQL[]) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(people)
      .where(and(filterCondition(query.scope, query.filter, query.today), ...extra));
    return Number(row?.n ?? 0);
  };
  const members = await count();
  const noEmail = await count(sql`not ${hasEmail}`);
  const given = await count(hasEmail, consentIs('given', query.today));
  const withdrawn = await count(hasEmail, consentIs('withdrawn', query.today));
  return { members, noEmail, given, withdrawn, none: members - noEmail - given - withdrawn };
}

/** Each person's latest consent to the e-newsletter ('none' when the ledger has nothing). */
export async function selectConsentStates(
  db: Db,
  personIds: readonly string[],
): Promise<Map<string, ConsentState>> {
  const states = new Map<string, ConsentState>(personIds.map((id) => [id, 'none']));
  if (personIds.length === 0) return states;
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
  for (const r of rows) states.set(r.personId, r.event);
  return states;
}

/** Every address of every member who has one: for judging suppression across a segment. */
export async function selectMemberAddresses(
  db: Db,
  query: MemberQuery,
): Promise<{ personId: string; normalised: string }[]> {
  return db
    .select({ personId: contactPoints.personId, normalised: contactPoints.normalised })
    .from(contactPoints)
    .where(
      and(
        eq(contactPoints.kind, 'email'),
        inArray(
          contactPoints.personId,
          db
            .select({ id: people.id })
            .from(people)
            .where(filterCondition(query.scope, query.filter, query.today)),
        ),
      ),
    );
}

/** Whether the suppression list holds anything at all (when it is empty, no address needs hashing). */
export async function hasSuppressions(db: Db): Promise<boolean> {
  const [row] = await db.select({ one: sql<number>`1` }).from(suppressions).limit(1);
  return row !== undefined;
}
