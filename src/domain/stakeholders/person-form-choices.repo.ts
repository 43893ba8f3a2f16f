import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { constituencies, constituencyAreas, wardConstituencies, wards } from '../../db/schema/index.ts';

/**
 * SQL behind the person form's choice of constituencies: every constituency of the vintage in use
 * with the boroughs it covers, found as the borough page finds a borough's MPs (the ward lookup
 * where one is loaded, the overlap table otherwise).
 */

export type ConstituencyWithBoroughs = Readonly<{ code: string; name: string; areaCodes: readonly string[] }>;

export async function selectConstituenciesWithBoroughs(
  db: Db,
  vintages: { ward: number | undefined; constituency: number },
): Promise<ConstituencyWithBoroughs[]> {
  const viaWards =
    vintages.ward === undefined
      ? []
      : await db
          .selectDistinct({ code: wardConstituencies.constituencyCode, areaCode: wards.areaCode })
          .from(wardConstituencies)
          .innerJoin(
            wards,
            and(
              eq(wards.code, wardConstituencies.wardCode),
              eq(wards.vintage, wardConstituencies.wardVintage),
            ),
          )
          .where(
            and(
              eq(wardConstituencies.wardVintage, vintages.ward),
              eq(wardConstituencies.constituencyVintage, vintages.constituency),
            ),
          );
  const viaOverlap = await db
    .select({ code: constituencyAreas.constituencyCode, areaCode: constituencyAreas.areaCode })
    .from(constituencyAreas)
    .where(eq(constituencyAreas.vintage, vintages.constituency));
  const named = await db
    .select({ code: constituencies.code, name: constituencies.name })
    .from(constituencies)
    .where(eq(constituencies.vintage, vintages.constituency))
    .orderBy(asc(constituencies.name), asc(constituencies.code));
  const boroughs = new Map<string, Set<string>>();
  for (const link of [...viaWards, ...viaOverlap]) {
    const set = boroughs.get(link.code) ?? new Set<string>();
    set.add(link.areaCode);
    boroughs.set(link.code, set);
  }
  return named.map((c) => ({ ...c, areaCodes: [...(boroughs.get(c.code) ?? [])].sort() }));
}
