import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  consentLedger,
  contactPoints,
  memberships,
  people,
  personRedirects,
  topHundred,
} from '../../../db/schema/index.ts';
import { lockTopHundredsOf } from '../top-hundred/top-hundred.repo.ts';
import { renumberTopHundreds } from './personal-data.repo.ts';

/** SQL for moving everything that refers to one person onto another, when two records are merged. */

/** Locks both rows (in id order, so two merges of the same pair cannot deadlock) and returns their versions. */
export async function lockPeople(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { version: number; erasedAt: Date | null }>> {
  const rows = await db
    .select({ id: people.id, version: people.version, erasedAt: people.erasedAt })
    .from(people)
    .where(inArray(people.id, [...ids]))
    .orderBy(asc(people.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, { version: r.version, erasedAt: r.erasedAt }]));
}

export async function deleteContactPointsOf(db: Db, personId: string): Promise<void> {
  await db.delete(contactPoints).where(eq(contactPoints.personId, personId));
}

/** Memberships move to the kept record; one that repeats another exactly is dropped. */
export async function moveMemberships(db: Db, fromId: string, toId: string): Promise<void> {
  await db.update(memberships).set({ personId: toId }).where(eq(memberships.personId, fromId));
  await db.execute(sql`
    delete from memberships m using memberships n
    where m.person_id = ${toId} and n.person_id = ${toId} and m.id > n.id
      and m.organisation_id = n.organisation_id
      and m.position is not distinct from n.position
      and m.started_on is not distinct from n.started_on
      and m.ended_on is not distinct from n.ended_on`);
}

/** The consent ledger is history: every event moves, and the latest still decides. */
export async function moveConsentEvents(db: Db, fromId: string, toId: string): Promise<void> {
  await db.update(consentLedger).set({ personId: toId }).where(eq(consentLedger.personId, fromId));
}

/**
 * Top 100 places move to the kept record; where both records were on a borough's list, the better
 * rank is kept and the list closes up.
 */
export async function moveTopHundred(db: Db, fromId: string, toId: string): Promise<void> {
  await lockTopHundredsOf(db, [fromId, toId]);
  const rows = await db
    .select()
    .from(topHundred)
    .where(inArray(topHundred.personId, [fromId, toId]));
  const touched = new Set<string>();
  for (const from of rows.filter((r) => r.personId === fromId)) {
    const to = rows.find((r) => r.personId === toId && r.areaCode === from.areaCode);
    await db
      .delete(topHundred)
      .where(and(eq(topHundred.areaCode, from.areaCode), eq(topHundred.personId, fromId)));
    await db
      .insert(topHundred)
      .values({
        areaCode: from.areaCode,
        personId: toId,
        rank: to === undefined ? from.rank : Math.min(to.rank, from.rank),
      })
      .onConflictDoUpdate({
        target: [topHundred.areaCode, topHundred.personId],
        set: { rank: sql`least(${topHundred.rank}, excluded.rank)` },
      });
    if (to !== undefined) touched.add(from.areaCode);
  }
  await renumberTopHundreds(db, [...touched]);
}

/**
 * Possible-duplicate flags: those between the two records are settled by the merge and go; the
 * others now name the kept record (a pair flagged twice keeps one flag).
 */
export async function moveDuplicateFlags(db: Db, fromId: string, toId: string): Promise<void> {
  await db.execute(sql`
    delete from duplicate_flags
    where (person_id = ${fromId} and other_person_id = ${toId})
       or (person_id = ${toId} and other_person_id = ${fromId})`);
  await db.execute(sql`
    delete from duplicate_flags f
    where (f.person_id = ${fromId} or f.other_person_id = ${fromId})
      and exists (select 1 from duplicate_flags g
        where (g.person_id = ${toId} or g.other_person_id = ${toId})
          and (case when f.person_id = ${fromId} then f.other_person_id else f.person_id end)
            = (case when g.person_id = ${toId} then g.other_person_id else g.person_id end))`);
  await db.execute(sql`update duplicate_flags set person_id = ${toId} where person_id = ${fromId}`);
  await db.execute(
    sql`update duplicate_flags set other_person_id = ${toId} where other_person_id = ${fromId}`,
  );
  await db.execute(sql`
    delete from duplicate_flags f using duplicate_flags g
    where f.person_id = g.other_person_id and f.other_person_id = g.person_id and f.id > g.id
      and ${toId} in (f.person_id, f.other_person_id)`);
}

/** The merged record's id leads to the kept one, as do the ids that already led to it. */
export async function redirectPerson(db: Db, fromId: string, toId: string, now: Date): Promise<void> {
  await db.update(personRedirects).set({ toId }).where(eq(personRedirects.toId, fromId));
  await db.insert(personRedirects).values({ fromId, toId, mergedAt: now });
}

export async function deletePerson(db: Db, id: string): Promise<void> {
  await db.delete(people).where(eq(people.id, id));
}
