import { and, asc, count, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import {
  amps,
  ampVersions,
  areas,
  proposals,
  proposalVersions,
  sites,
  siteVersions,
  wards,
} from '../../db/schema/index.ts';
import type { Alternative, ProposalSnapshot } from './proposal.ts';
import { type SiteSnapshot, siteSnapshotOf } from './site.ts';

/** All SQL for sites, proposals, their versions and the Asset Management Plans. */

export type SiteRow = typeof sites.$inferSelect;
export type ProposalRow = Omit<typeof proposals.$inferSelect, 'alternatives'> & {
  alternatives: readonly Alternative[];
};
export type AmpRow = typeof amps.$inferSelect;

export type VersionRow<S> = Readonly<{
  version: number;
  snapshot: S;
  changedAt: Date;
  changedBy: string;
  note: string | null;
}>;

export type NewVersion<S> = Readonly<{
  version: number;
  snapshot: S;
  changedAt: Date;
  changedBy: string;
  changedByUserId: string | null;
  note: string | null;
}>;

/** The borough filter every list applies: all, or the actor's boroughs (none = nothing). */
const inScope = (
  column: typeof sites.areaCode | typeof proposals.areaCode,
  scope: 'all' | readonly string[],
) => (scope === 'all' ? undefined : scope.length === 0 ? sql`false` : inArray(column, [...scope]));

// --- Sites ------------------------------------------------------------------------------------

export async function insertSite(db: Db, snapshot: SiteSnapshot, now: Date): Promise<SiteRow> {
  const [row] = await db
    .insert(sites)
    .values({ ...siteSnapshotOf(snapshot), version: 1, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert into sites returned nothing');
  return row;
}

/** Writes the site's new current values, only if it is still at the version the edit started from. */
export async function updateSite(
  db: Db,
  id: string,
  fromVersion: number,
  snapshot: SiteSnapshot,
  now: Date,
): Promise<SiteRow | undefined> {
  const [row] = await db
    .update(sites)
    .set({ ...siteSnapshotOf(snapshot), version: fromVersion + 1, updatedAt: now })
    .where(and(eq(sites.id, id), eq(sites.version, fromVersion)))
    .returning();
  return row;
}

export async function insertSiteVersion(db: Db, siteId: string, v: NewVersion<SiteSnapshot>): Promise<void> {
  await db.insert(siteVersions).values({ siteId, ...v });
}

export type SiteRecord = SiteRow & { areaName: string; wardName: string | null };

const siteRecordColumns = {
  site: sites,
  areaName: areas.name,
  wardName: wards.name,
};

const toSiteRecord = (r: { site: SiteRow; areaName: string; wardName: string | null }): SiteRecord => ({
  ...r.site,
  areaName: r.areaName,
  wardName: r.wardName,
});

function siteQuery(db: Db) {
  return db
    .select(siteRecordColumns)
    .from(sites)
    .innerJoin(areas, eq(areas.gssCode, sites.areaCode))
    .leftJoin(wards, and(eq(wards.code, sites.wardCode), eq(wards.vintage, sites.wardVintage)));
}

/** Locks a site's row for the rest of the transaction and reads its borough. */
export async function lockSite(db: Db, id: string): Promise<{ areaCode: string } | undefined> {
  const [row] = await db
    .select({ areaCode: sites.areaCode })
    .from(sites)
    .where(eq(sites.id, id))
    .for('update');
  return row;
}

export async function selectSite(db: Db, id: string): Promise<SiteRecord | undefined> {
  const [row] = await siteQuery(db).where(eq(sites.id, id));
  return row && toSiteRecord(row);
}

export type SiteFilter = Readonly<{
  scope: 'all' | readonly string[];
  areaCode?: string | undefined;
  type?: SiteRow['type'] | undefined;
  status?: SiteRow['status'] | undefined;
  iconic?: boolean | undefined;
}>;

export async function selectSites(db: Db, filter: SiteFilter): Promise<SiteRecord[]> {
  const conditions: (SQL | undefined)[] = [
    inScope(sites.areaCode, filter.scope),
    filter.areaCode ? eq(sites.areaCode, filter.areaCode) : undefined,
    filter.type ? eq(sites.type, filter.type) : undefined,
    filter.status ? eq(sites.status, filter.status) : undefined,
    filter.iconic === undefined ? undefined : eq(sites.iconic, filter.iconic),
  ];
  const rows = await siteQuery(db)
    .where(and(...conditions))
    .orderBy(asc(areas.name), asc(sites.name));
  return rows.map(toSiteRecord);
}

export async function selectSiteVersions(db: Db, siteId: string): Promise<VersionRow<SiteSnapshot>[]> {
  const rows = await db
    .select()
    .from(siteVersions)
    .where(eq(siteVersions.siteId, siteId))
    .orderBy(desc(siteVersions.version));
  return rows.map((r) => ({ ...r, snapshot: r.snapshot as SiteSnapshot }));
}

/** How many sites each borough in scope has. */
export async function countSitesByArea(
  db: Db,
  scope: 'all' | readonly string[],
): Promise<Map<string, number>> {
  const rows = await db
    .select({ areaCode: sites.areaCode, n: count() })
    .from(sites)
    .where(inScope(sites.areaCode, scope))
    .groupBy(sites.areaCode);
  return new Map(rows.map((r) => [r.areaCode, r.n]));
}

// --- Proposals --------------------------------------------------------------------------------

const proposalColumns = (p: ProposalSnapshot, areaCode: string) => ({
  siteId: p.siteId,
  areaCode,
  changeType: p.changeType,
  title: p.title,
  summary: p.summary,
  reasons: p.reasons,
  alternatives: p.alternatives,
  replacementProvision: p.replacementProvision,
  engagementStart: p.engagementStart,
  decisionDue: p.decisionDue,
  implementationDate: p.implementationDate,
  disposalDate: p.disposalDate,
  status: p.status,
});

const asProposal = (row: typeof proposals.$inferSelect): ProposalRow => ({
  ...row,
  alternatives: row.alternatives as Alternative[],
});

export async function insertProposal(
  db: Db,
  snapshot: ProposalSnapshot,
  areaCode: string,
  now: Date,
): Promise<ProposalRow> {
  const [row] = await db
    .insert(proposals)
    .values({ ...proposalColumns(snapshot, areaCode), version: 1, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert into proposals returned nothing');
  return asProposal(row);
}

export async function updateProposal(
  db: Db,
  id: string,
  fromVersion: number,
  snapshot: ProposalSnapshot,
  areaCode: string,
  now: Date,
): Promise<ProposalRow | undefined> {
  const [row] = await db
    .update(proposals)
    .set({ ...proposalColumns(snapshot, areaCode), version: fromVersion + 1, updatedAt: now })
    .where(and(eq(proposals.id, id), eq(proposals.version, fromVersion)))
    .returning();
  return row && asProposal(row);
}

export async function insertProposalVersion(
  db: Db,
  proposalId: string,
  v: NewVersion<ProposalSnapshot>,
): Promise<void> {
  await db.insert(proposalVersions).values({ proposalId, ...v });
}

export type ProposalRecord = ProposalRow & {
  siteName: string;
  siteIconic: boolean;
  siteType: SiteRow['type'];
  areaName: string;
  wardCode: string | null;
  wardVintage: number | null;
};

function proposalQuery(db: Db) {
  return db
    .select({
      proposal: proposals,
      siteName: sites.name,
      siteIconic: sites.iconic,
      siteType: sites.type,
      areaName: areas.name,
      wardCode: sites.wardCode,
      wardVintage: sites.wardVintage,
    })
    .from(proposals)
    .innerJoin(sites, eq(sites.id, proposals.siteId))
    .innerJoin(areas, eq(areas.gssCode, proposals.areaCode));
}

type ProposalJoin = Awaited<ReturnType<ReturnType<typeof proposalQuery>['execute']>>[number];
const toProposalRecord = ({ proposal, ...rest }: ProposalJoin): ProposalRecord => ({
  ...asProposal(proposal),
  ...rest,
});

export async function selectProposal(db: Db, id: string): Promise<ProposalRecord | undefined> {
  const [row] = await proposalQuery(db).where(eq(proposals.id, id));
  return row && toProposalRecord(row);
}

export type ProposalFilter = Readonly<{
  scope: 'all' | readonly string[];
  areaCode?: string | undefined;
  siteId?: string | undefined;
  /** Only proposals with at least one planned date (for the timetable). */
  dated?: boolean | undefined;
}>;

export async function selectProposals(db: Db, filter: ProposalFilter): Promise<ProposalRecord[]> {
  const dated = sql`coalesce(${proposals.engagementStart}, ${proposals.decisionDue}, ${proposals.implementationDate}, ${proposals.disposalDate})`;
  const rows = await proposalQuery(db)
    .where(
      and(
        inScope(proposals.areaCode, filter.scope),
        filter.areaCode ? eq(proposals.areaCode, filter.areaCode) : undefined,
        filter.siteId ? eq(proposals.siteId, filter.siteId) : undefined,
        filter.dated ? isNotNull(dated) : undefined,
      ),
    )
    .orderBy(asc(areas.name), sql`${dated} asc nulls last`, asc(proposals.title));
  return rows.map(toProposalRecord);
}

export async function selectProposalVersions(
  db: Db,
  proposalId: string,
): Promise<VersionRow<ProposalSnapshot>[]> {
  const rows = await db
    .select()
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(desc(proposalVersions.version));
  return rows.map((r) => ({ ...r, snapshot: r.snapshot as ProposalSnapshot }));
}

// --- Asset Management Plans -------------------------------------------------------------------

/** What an AMP version records: its status and the proposals it held, each at its version then. */
export type AmpSnapshot = Readonly<{
  status: AmpRow['status'];
  agreedOn: string | null;
  proposals: readonly Readonly<{ id: string; title: string; version: number; status: string }>[];
}>;

export async function selectAmp(db: Db, areaCode: string): Promise<AmpRow | undefined> {
  const [row] = await db.select().from(amps).where(eq(amps.areaCode, areaCode));
  return row;
}

/** Makes sure the borough has an AMP row (a draft, version 0, until first agreed). */
export async function ensureAmp(db: Db, areaCode: string, now: Date): Promise<void> {
  await db
    .insert(amps)
    .values({ areaCode, status: 'draft', agreedOn: null, version: 0, updatedAt: now })
    .onConflictDoNothing();
}

/** Locks the borough's AMP row for the rest of the transaction, so two changes number their versions in turn. */
export async function selectAmpForUpdate(db: Db, areaCode: string): Promise<AmpRow | undefined> {
  const [row] = await db.select().from(amps).where(eq(amps.areaCode, areaCode)).for('update');
  return row;
}

export async function selectAmps(db: Db, scope: 'all' | readonly string[]): Promise<AmpRow[]> {
  return db
    .select()
    .from(amps)
    .where(
      scope === 'all' ? undefined : scope.length === 0 ? sql`false` : inArray(amps.areaCode, [...scope]),
    );
}

export async function writeAmp(
  db: Db,
  values: { areaCode: string; status: AmpRow['status']; agreedOn: string | null; version: number; now: Date },
): Promise<void> {
  const row = {
    areaCode: values.areaCode,
    status: values.status,
    agreedOn: values.agreedOn,
    version: values.version,
    updatedAt: values.now,
  };
  await db
    .insert(amps)
    .values(row)
    .onConflictDoUpdate({
      target: amps.areaCode,
      set: { status: row.status, agreedOn: row.agreedOn, version: row.version, updatedAt: row.updatedAt },
    });
}

export async function insertAmpVersion(db: Db, areaCode: string, v: NewVersion<AmpSnapshot>): Promise<void> {
  await db.insert(ampVersions).values({ areaCode, ...v });
}

export async function selectAmpVersions(db: Db, areaCode: string): Promise<VersionRow<AmpSnapshot>[]> {
  const rows = await db
    .select()
    .from(ampVersions)
    .where(eq(ampVersions.areaCode, areaCode))
    .orderBy(desc(ampVersions.version));
  return rows.map((r) => ({ ...r, snapshot: r.snapshot as AmpSnapshot }));
}
