import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import {
  constituencies,
  constituencyAreas,
  vintages,
  wardConstituencies,
  wards,
} from '../../db/schema/index.ts';

/** All SQL for wards, constituencies, their vintages and the lookups between them. */

export type GeographyKind = (typeof vintages.$inferSelect)['kind'];
export type WardRow = typeof wards.$inferSelect;
export type ConstituencyRow = typeof constituencies.$inferSelect;

export async function upsertVintage(
  db: Db,
  values: { kind: GeographyKind; year: number; effectiveFrom?: string | null; now: Date },
): Promise<void> {
  await db
    .insert(vintages)
    .values({
      kind: values.kind,
      year: values.year,
      effectiveFrom: values.effectiveFrom ?? null,
      loadedAt: values.now,
    })
    .onConflictDoUpdate({
      target: [vintages.kind, vintages.year],
      set: { loadedAt: values.now, ...(values.effectiveFrom ? { effectiveFrom: values.effectiveFrom } : {}) },
    });
}

/** The vintages loaded for a kind, newest first. */
export async function selectVintages(db: Db, kind: GeographyKind): Promise<number[]> {
  const rows = await db
    .select({ year: vintages.year })
    .from(vintages)
    .where(eq(vintages.kind, kind))
    .orderBy(desc(vintages.year));
  return rows.map((r) => r.year);
}

/**
 * Writes rows 500 at a time through an upsert that returns only the rows it inserted or changed
 * (`xmax = 0` marks an insert), and counts each kind; unchanged rows come back as neither.
 */
async function upsertCounting<T>(
  rows: readonly T[],
  write: (batch: T[]) => Promise<{ inserted: boolean }[]>,
): Promise<{ added: number; changed: number }> {
  let added = 0;
  let changed = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const written = await write(rows.slice(i, i + 500));
    added += written.filter((r) => r.inserted).length;
    changed += written.filter((r) => !r.inserted).length;
  }
  return { added, changed };
}

/** Inserts or renames wards; returns how many were new and how many changed. */
export function upsertWards(
  db: Db,
  rows: readonly { code: string; vintage: number; name: string; areaCode: string }[],
): Promise<{ added: number; changed: number }> {
  return upsertCounting(rows, (batch) =>
    db
      .insert(wards)
      .values(batch)
      .onConflictDoUpdate({
        target: [wards.code, wards.vintage],
        set: { name: sql`excluded.name`, areaCode: sql`excluded.area_code` },
        setWhere: sql`(${wards.name}, ${wards.areaCode}) is distinct from (excluded.name, excluded.area_code)`,
      })
      .returning({ inserted: sql<boolean>`xmax = 0` }),
  );
}

/** Inserts or renames constituencies; returns how many were new and how many changed. */
export function upsertConstituencies(
  db: Db,
  rows: readonly { code: string; vintage: number; name: string }[],
): Promise<{ added: number; changed: number }> {
  return upsertCounting(rows, (batch) =>
    db
      .insert(constituencies)
      .values(batch)
      .onConflictDoUpdate({
        target: [constituencies.code, constituencies.vintage],
        set: { name: sql`excluded.name` },
        setWhere: sql`${constituencies.name} is distinct from excluded.name`,
      })
      .returning({ inserted: sql<boolean>`xmax = 0` }),
  );
}

/** Replaces the borough overlap of every constituency of the vintage with these rows. */
export async function replaceConstituencyAreas(
  db: Db,
  vintage: number,
  rows: readonly { constituencyCode: string; areaCode: string; share: number | null }[],
): Promise<void> {
  await db.delete(constituencyAreas).where(eq(constituencyAreas.vintage, vintage));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(constituencyAreas).values(rows.slice(i, i + 500).map((r) => ({ ...r, vintage })));
  }
}

/** Replaces the ward → constituency lookup between two vintages with these rows. */
export async function replaceWardConstituencies(
  db: Db,
  wardVintage: number,
  constituencyVintage: number,
  rows: readonly { wardCode: string; constituencyCode: string }[],
): Promise<void> {
  await db
    .delete(wardConstituencies)
    .where(
      and(
        eq(wardConstituencies.wardVintage, wardVintage),
        eq(wardConstituencies.constituencyVintage, constituencyVintage),
      ),
    );
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(wardConstituencies)
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, wardVintage, constituencyVintage })));
  }
}

export async function selectWardCodes(db: Db, vintage: number): Promise<Set<string>> {
  const rows = await db.select({ code: wards.code }).from(wards).where(eq(wards.vintage, vintage));
  return new Set(rows.map((r) => r.code));
}

export async function selectConstituencyCodes(db: Db, vintage: number): Promise<Set<string>> {
  const rows = await db
    .select({ code: constituencies.code })
    .from(constituencies)
    .where(eq(constituencies.vintage, vintage));
  return new Set(rows.map((r) => r.code));
}

/** The wards of boroughs in a vintage, by name. */
export function selectWardsOfAreas(
  db: Db,
  areaCodes: readonly string[],
  vintage: number,
): Promise<WardRow[]> {
  if (areaCodes.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(wards)
    .where(and(inArray(wards.areaCode, [...areaCodes]), eq(wards.vintage, vintage)))
    .orderBy(asc(wards.name));
}

/** Ward counts per borough in a vintage. */
export async function countWardsByArea(db: Db, vintage: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ areaCode: wards.areaCode, n: sql<number>`count(*)::int` })
    .from(wards)
    .where(eq(wards.vintage, vintage))
    .groupBy(wards.areaCode);
  return new Map(rows.map((r) => [r.areaCode, r.n]));
}

export type BoroughConstituency = Readonly<{
  code: string;
  name: string;
  /** How the link is known: from wards in the ward lookup, or from the overlap table. */
  source: 'ward-lookup' | 'overlap';
  /** Wards of the borough in it (ward lookup), or the share of it inside the borough (overlap). */
  wards: number | null;
  share: number | null;
}>;

/**
 * The constituencies that cover part of a borough in a constituency vintage: from the ward lookup
 * when one is loaded for these vintages, otherwise from the overlap table.
 */
export async function selectConstituenciesOfArea(
  db: Db,
  areaCode: string,
  vintages: { ward: number | undefined; constituency: number },
): Promise<BoroughConstituency[]> {
  if (vintages.ward !== undefined) {
    const viaWards = await db
      .select({ code: constituencies.code, name: constituencies.name, wards: sql<number>`count(*)::int` })
      .from(wardConstituencies)
      .innerJoin(
        wards,
        and(eq(wards.code, wardConstituencies.wardCode), eq(wards.vintage, wardConstituencies.wardVintage)),
      )
      .innerJoin(
        constituencies,
        and(
          eq(constituencies.code, wardConstituencies.constituencyCode),
          eq(constituencies.vintage, wardConstituencies.constituencyVintage),
        ),
      )
      .where(
        and(
          eq(wards.areaCode, areaCode),
          eq(wardConstituencies.wardVintage, vintages.ward),
          eq(wardConstituencies.constituencyVintage, vintages.constituency),
        ),
      )
      .groupBy(constituencies.code, constituencies.name)
      .orderBy(asc(constituencies.name));
    if (viaWards.length > 0) return viaWards.map((r) => ({ ...r, source: 'ward-lookup', share: null }));
  }
  const viaOverlap = await db
    .select({ code: constituencies.code, name: constituencies.name, share: constituencyAreas.share })
    .from(constituencyAreas)
    .innerJoin(
      constituencies,
      and(
        eq(constituencies.code, constituencyAreas.constituencyCode),
        eq(constituencies.vintage, constituencyAreas.vintage),
      ),
    )
    .where(
      and(eq(constituencyAreas.areaCode, areaCode), eq(constituencyAreas.vintage, vintages.constituency)),
    )
    .orderBy(asc(constituencies.name));
  return viaOverlap.map((r) => ({ ...r, source: 'overlap', wards: null }));
}

export type LoadedVintage = Readonly<{
  kind: GeographyKind;
  year: number;
  count: number;
  loadedAt: Date;
  effectiveFrom: string | null;
}>;

/** Every loaded vintage with how many wards or constituencies it holds, newest first. */
export async function selectLoadedVintages(db: Db): Promise<LoadedVintage[]> {
  const rows = await db
    .select({
      kind: vintages.kind,
      year: vintages.year,
      loadedAt: vintages.loadedAt,
      effectiveFrom: vintages.effectiveFrom,
      count: sql<number>`case ${vintages.kind}
        when 'ward' then (select count(*) from ${wards} where ${wards.vintage} = ${vintages.year})
        else (select count(*) from ${constituencies} where ${constituencies.vintage} = ${vintages.year}) end::int`,
    })
    .from(vintages)
    .orderBy(asc(vintages.kind), desc(vintages.year));
  return rows;
}

/** One ward in a vintage, with its borough. */
export async function selectWard(db: Db, code: string, vintage: number): Promise<WardRow | undefined> {
  const [row] = await db
    .select()
    .from(wards)
    .where(and(eq(wards.code, code), eq(wards.vintage, vintage)));
  return row;
}
