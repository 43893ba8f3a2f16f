import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/connect.ts';
import { duplicateFlags, people } from '../../../db/schema/index.ts';
import type { Context } from '../../access/actor.ts';
import { authorize, boroughScope, OutOfScope } from '../../access/policy.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { DomainError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { authorizePerson } from '../scope.ts';

/**
 * Possible duplicates the import's similarity check flagged: the review list, and "not the same
 * person". Merging is merge-people.ts. A flag is shown only to someone who may act on both records.
 */

export type DuplicateFlagRow = Readonly<{
  id: string;
  score: number;
  reason: string;
  createdAt: Date;
  person: { id: string; fullName: string };
  other: { id: string; fullName: string };
}>;

export const noSuchFlag = 'There is no such possible duplicate.';

/** How many open flags the list shows at once (the most alike first). */
export const flagsShown = 200;

const first = alias(people, 'first_person');
const second = alias(people, 'second_person');

const inScope = (personId: SQL | AnyPgColumn, scope: readonly string[]): SQL =>
  scope.length === 0
    ? sql`false`
    : sql`exists (select 1 from person_boroughs pb where pb.person_id = ${personId}
        and pb.area_code in (${sql.join(
          scope.map((c) => sql`${c}`),
          sql`, `,
        )}))`;

async function selectOpenFlags(
  db: Db,
  scope: 'all' | readonly string[],
  limit: number,
): Promise<{ rows: DuplicateFlagRow[]; total: number }> {
  const conditions = [
    isNull(duplicateFlags.resolvedAt),
    isNull(first.erasedAt),
    isNull(second.erasedAt),
    ...(scope === 'all'
      ? []
      : [inScope(duplicateFlags.personId, scope), inScope(duplicateFlags.otherPersonId, scope)]),
  ];
  const rows = await db
    .select({
      id: duplicateFlags.id,
      score: duplicateFlags.score,
      reason: duplicateFlags.reason,
      createdAt: duplicateFlags.createdAt,
      personId: first.id,
      personName: first.fullName,
      otherId: second.id,
      otherName: second.fullName,
    })
    .from(duplicateFlags)
    .innerJoin(first, eq(first.id, duplicateFlags.personId))
    .innerJoin(second, eq(second.id, duplicateFlags.otherPersonId))
    .where(and(...conditions))
    .orderBy(desc(duplicateFlags.score), desc(duplicateFlags.createdAt), duplicateFlags.id)
    .limit(limit);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(duplicateFlags)
    .innerJoin(first, eq(first.id, duplicateFlags.personId))
    .innerJoin(second, eq(second.id, duplicateFlags.otherPersonId))
    .where(and(...conditions));
  return {
    rows: rows.map((r) => ({
      id: r.id,
      score: r.score,
      reason: r.reason,
      createdAt: r.createdAt,
      person: { id: r.personId, fullName: r.personName },
      other: { id: r.otherId, fullName: r.otherName },
    })),
    total: Number(count?.n ?? 0),
  };
}

/** Open possible duplicates within the actor's reach, the most alike first. */
export async function listDuplicateFlags(
  ctx: Context,
): Promise<{ rows: readonly DuplicateFlagRow[]; total: number }> {
  authorize(ctx.actor, 'stakeholder:import');
  return selectOpenFlags(ctx.db, boroughScope(ctx.actor, 'stakeholder:import'), flagsShown);
}

/** Settles a flag: the two records are different people, and stay apart. */
export async function dismissDuplicateFlag(ctx: Context, input: { id: string }): Promise<void> {
  authorize(ctx.actor, 'stakeholder:import');
  if (!isUuid(input.id)) throw new DomainError('not_found', noSuchFlag);
  const [flag] = await ctx.db
    .select({
      id: duplicateFlags.id,
      resolvedAt: duplicateFlags.resolvedAt,
      personId: duplicateFlags.personId,
      otherPersonId: duplicateFlags.otherPersonId,
      personName: first.fullName,
      otherName: second.fullName,
    })
    .from(duplicateFlags)
    .innerJoin(first, eq(first.id, duplicateFlags.personId))
    .innerJoin(second, eq(second.id, duplicateFlags.otherPersonId))
    .where(eq(duplicateFlags.id, input.id));
  if (!flag) throw new DomainError('not_found', noSuchFlag);
  try {
    await authorizePerson(ctx.db, ctx.actor, 'stakeholder:import', flag.personId);
    await authorizePerson(ctx.db, ctx.actor, 'stakeholder:import', flag.otherPersonId);
  } catch (error) {
    if (error instanceof OutOfScope) throw new OutOfScope(noSuchFlag);
    throw error;
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [settled] = await tx
      .update(duplicateFlags)
      .set({ resolvedAt: now, resolution: 'dismissed' })
      .where(and(eq(duplicateFlags.id, flag.id), isNull(duplicateFlags.resolvedAt)))
      .returning({ id: duplicateFlags.id });
    if (!settled) throw new DomainError('conflict', 'This possible duplicate has already been settled.');
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'updated',
        entityType: 'duplicate-flag',
        entityId: flag.id,
        summary: `Not the same person: “${flag.personName}” and “${flag.otherName}”`,
        oldValues: { resolution: null },
        newValues: { resolution: 'dismissed', personId: flag.personId, otherPersonId: flag.otherPersonId },
      },
    );
  });
}
