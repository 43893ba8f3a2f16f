import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import {
  areas,
  consentLedger,
  constituencies,
  constituencyAreas,
  contactPoints,
  memberships,
  organisations,
  people,
  personBoroughs,
  personPlaces,
  personRedirects,
  personRoles,
  stakeholderRoles,
  topHundred,
  wardConstituencies,
  wards,
} from '../../db/schema/index.ts';
import type { ConsentState, ParsedPerson, PlaceKind } from './person.ts';
import { suppressedAddresses } from './suppression.ts';

/** All SQL for a person's record: the row, contacts, roles, places, boroughs and memberships. */

export type PersonRow = typeof people.$inferSelect;

/** A place with its vintage settled (wards and constituencies), ready to store. */
export type ResolvedPlace = Readonly<{ kind: PlaceKind; code: string; vintage: number; name: string }>;

export type PersonDetails = Omit<ParsedPerson, 'places'> & { places: readonly ResolvedPlace[] };

/** The columns of `people` a person's details fill. */
const personColumns = (p: PersonDetails) => ({
  fullName: p.fullName,
  postalAddress: p.postalAddress,
  preferredLanguage: p.preferredLanguage,
  accessibleFormats: p.accessibleFormats,
  notes: p.notes,
  lastVerifiedOn: p.lastVerifiedOn,
  influence: p.influence,
  interest: p.interest,
  lawfulBasis: p.lawfulBasis,
  reviewOn: p.reviewOn,
});

export async function insertPerson(db: Db, details: PersonDetails, now: Date): Promise<PersonRow> {
  const [row] = await db
    .insert(people)
    .values({ ...personColumns(details), version: 1, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert into people returned nothing');
  await writeLinks(db, row.id, details);
  return row;
}

/** Writes a person's new values, only if the record is still at the version the edit started from. */
export async function updatePerson(
  db: Db,
  id: string,
  fromVersion: number,
  details: PersonDetails,
  now: Date,
): Promise<PersonRow | undefined> {
  const [row] = await db
    .update(people)
    .set({ ...personColumns(details), version: fromVersion + 1, updatedAt: now })
    .where(and(eq(people.id, id), eq(people.version, fromVersion), sql`${people.erasedAt} is null`))
    .returning();
  if (row) await writeLinks(db, id, details);
  return row;
}

/** Replaces contacts, roles, places, derived boroughs and memberships, then the search text. */
async function writeLinks(db: Db, personId: string, d: PersonDetails): Promise<void> {
  await db.delete(contactPoints).where(eq(contactPoints.personId, personId));
  const contacts = [
    ...d.emails.map((e, i) => ({ kind: 'email' as const, ...e, position: i })),
    ...d.phones.map((p, i) => ({ kind: 'phone' as const, ...p, position: i })),
  ];
  if (contacts.length > 0) {
    await db.insert(contactPoints).values(contacts.map((c) => ({ personId, ...c })));
  }
  await db.delete(personRoles).where(eq(personRoles.personId, personId));
  if (d.roleIds.length > 0) {
    await db.insert(personRoles).values(d.roleIds.map((roleId) => ({ personId, roleId })));
  }
  await db.delete(personPlaces).where(eq(personPlaces.personId, personId));
  await db
    .insert(personPlaces)
    .values(d.places.map((p) => ({ personId, kind: p.kind, code: p.code, vintage: p.vintage })));
  await deriveBoroughs(db, [personId]);
  if (d.memberships !== undefined) {
    await db.delete(memberships).where(eq(memberships.personId, personId));
    if (d.memberships.length > 0) {
      await db.insert(memberships).values(d.memberships.map((m) => ({ personId, ...m })));
    }
  }
  await refreshSearchText(db, [personId]);
}

/**
 * Recomputes `person_boroughs` from the places: a borough itself, a ward's borough, and every
 * borough a constituency touches.
 */
export async function deriveBoroughs(db: Db, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  const ids = sql.join(
    personIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await db.delete(personBoroughs).where(inArray(personBoroughs.personId, [...personIds]));
  await db.execute(sql`
    insert into person_boroughs (person_id, area_code)
    select distinct pp.person_id, b.area_code from person_places pp
    join lateral (
      select pp.code as area_code where pp.kind = 'borough'
      union select w.area_code from wards w where pp.kind = 'ward' and w.code = pp.code and w.vintage = pp.vintage
      union select ca.area_code from constituency_areas ca
        where pp.kind = 'constituency' and ca.constituency_code = pp.code and ca.vintage = pp.vintage
      union select w.area_code from ward_constituencies wc
        join wards w on w.code = wc.ward_code and w.vintage = wc.ward_vintage
        where pp.kind = 'constituency' and wc.constituency_code = pp.code and wc.constituency_vintage = pp.vintage
    ) b on true
    where pp.person_id in (${ids})
    on conflict do nothing`);
}

/** Rebuilds the lower-case search text (name, e-mail addresses, organisation names) of these people. */
export async function refreshSearchText(db: Db, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  const ids = sql.join(
    personIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await db.execute(sql`
    update people p set search_text = lower(concat_ws(' ', p.full_name,
      (select string_agg(c.normalised, ' ' order by c.position) from contact_points c
        where c.person_id = p.id and c.kind = 'email'),
      (select string_agg(o.name, ' ' order by o.name) from memberships m
        join organisations o on o.id = m.organisation_id where m.person_id = p.id)))
    where p.id in (${ids})`);
}

/** The people whose search text names this organisation, after it is renamed. */
export async function refreshSearchTextForOrganisation(db: Db, organisationId: string): Promise<void> {
  const rows = await db
    .selectDistinct({ personId: memberships.personId })
    .from(memberships)
    .where(eq(memberships.organisationId, organisationId));
  await refreshSearchText(
    db,
    rows.map((r) => r.personId),
  );
}

/** Resolves the places typed or chosen against the boundaries: unknown codes come back as errors. */
export async function resolvePlaces(
  db: Db,
  places: readonly { kind: PlaceKind; code: string; vintage?: number | undefined }[],
  current: { ward: number | undefined; constituency: number | undefined },
): Promise<{ places: ResolvedPlace[]; unknown: string[] }> {
  const out: ResolvedPlace[] = [];
  const unknown: string[] = [];
  for (const p of places) {
    if (p.kind === 'borough') {
      const [a] = await db.select({ name: areas.name }).from(areas).where(eq(areas.gssCode, p.code));
      if (a) out.push({ kind: 'borough', code: p.code, vintage: 0, name: a.name });
      else unknown.push(p.code);
    } else if (p.kind === 'ward') {
      const vintage = p.vintage ?? current.ward;
      const [w] =
        vintage === undefined
          ? []
          : await db
              .select({ name: wards.name })
              .from(wards)
              .where(and(eq(wards.code, p.code), eq(wards.vintage, vintage)));
      if (w && vintage !== undefined) out.push({ kind: 'ward', code: p.code, vintage, name: w.name });
      else unknown.push(p.code);
    } else {
      const vintage = p.vintage ?? current.constituency;
      const [c] =
        vintage === undefined
          ? []
          : await db
              .select({ name: constituencies.name })
              .from(constituencies)
              .where(and(eq(constituencies.code, p.code), eq(constituencies.vintage, vintage)));
      if (c && vintage !== undefined) out.push({ kind: 'constituency', code: p.code, vintage, name: c.name });
      else unknown.push(p.code);
    }
  }
  const unique = out.filter(
    (p, i) => out.findIndex((q) => q.kind === p.kind && q.code === p.code && q.vintage === p.vintage) === i,
  );
  return { places: unique, unknown };
}

/** The boroughs a set of resolved places lies in or touches (what `person_boroughs` will hold). */
export async function boroughsOfPlaces(db: Db, places: readonly ResolvedPlace[]): Promise<string[]> {
  const codes = new Set<string>();
  for (const p of places) {
    if (p.kind === 'borough') codes.add(p.code);
    else if (p.kind === 'ward') {
      const rows = await db
        .select({ areaCode: wards.areaCode })
        .from(wards)
        .where(and(eq(wards.code, p.code), eq(wards.vintage, p.vintage)));
      for (const r of rows) codes.add(r.areaCode);
    } else {
      // The overlap table where it is loaded, and the ward lookup (a ward's borough) besides.
      const overlap = await db
        .select({ areaCode: constituencyAreas.areaCode })
        .from(constituencyAreas)
        .where(and(eq(constituencyAreas.constituencyCode, p.code), eq(constituencyAreas.vintage, p.vintage)));
      const byWard = await db
        .selectDistinct({ areaCode: wards.areaCode })
        .from(wardConstituencies)
        .innerJoin(
          wards,
          and(eq(wards.code, wardConstituencies.wardCode), eq(wards.vintage, wardConstituencies.wardVintage)),
        )
        .where(
          and(
            eq(wardConstituencies.constituencyCode, p.code),
            eq(wardConstituencies.constituencyVintage, p.vintage),
          ),
        );
      for (const r of [...overlap, ...byWard]) codes.add(r.areaCode);
    }
  }
  return [...codes].sort();
}

/** Follows a merge redirect: the id a person now has (the same id when never merged). */
export async function resolvePersonId(db: Db, id: string): Promise<string> {
  const [r] = await db
    .select({ toId: personRedirects.toId })
    .from(personRedirects)
    .where(eq(personRedirects.fromId, id));
  return r?.toId ?? id;
}

/** Which people already hold these normalised e-mail addresses. */
export async function peopleByEmails(
  db: Db,
  normalised: readonly string[],
): Promise<{ normalised: string; personId: string }[]> {
  if (normalised.length === 0) return [];
  return db
    .select({ normalised: contactPoints.normalised, personId: contactPoints.personId })
    .from(contactPoints)
    .where(and(eq(contactPoints.kind, 'email'), inArray(contactPoints.normalised, [...normalised])));
}

export type PersonRecord = PersonRow & {
  emails: { value: string; normalised: string; suppressed: boolean }[];
  phones: { value: string; normalised: string }[];
  roles: { id: string; label: string }[];
  places: ResolvedPlace[];
  boroughs: { code: string; name: string }[];
  memberships: {
    id: string;
    organisationId: string;
    organisationName: string;
    organisationType: string;
    position: string | null;
    startedOn: string | null;
    endedOn: string | null;
  }[];
  topHundred: { areaCode: string; rank: number }[];
  consent: ConsentState;
};

/** Everything shown on a person's page (not the consent history, which `selectConsentEvents` reads). */
export async function selectPerson(db: Db, id: string): Promise<PersonRecord | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  if (!row) return undefined;
  const contacts = await db
    .select()
    .from(contactPoints)
    .where(eq(contactPoints.personId, id))
    .orderBy(asc(contactPoints.kind), asc(contactPoints.position));
  const suppressed = await suppressedAddresses(
    db,
    contacts.filter((c) => c.kind === 'email').map((c) => c.normalised),
  );
  const roles = await db
    .select({ id: stakeholderRoles.id, label: stakeholderRoles.label })
    .from(personRoles)
    .innerJoin(stakeholderRoles, eq(stakeholderRoles.id, personRoles.roleId))
    .where(eq(personRoles.personId, id))
    .orderBy(asc(stakeholderRoles.sortOrder), asc(stakeholderRoles.label));
  const places = await selectPlaces(db, id);
  const boroughs = await db
    .select({ code: areas.gssCode, name: areas.name })
    .from(personBoroughs)
    .innerJoin(areas, eq(areas.gssCode, personBoroughs.areaCode))
    .where(eq(personBoroughs.personId, id))
    .orderBy(asc(areas.name));
  const ms = await db
    .select({
      id: memberships.id,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      organisationType: organisations.type,
      position: memberships.position,
      startedOn: memberships.startedOn,
      endedOn: memberships.endedOn,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.personId, id))
    .orderBy(asc(organisations.name));
  const top = await db
    .select({ areaCode: topHundred.areaCode, rank: topHundred.rank })
    .from(topHundred)
    .where(eq(topHundred.personId, id));
  return {
    ...row,
    emails: contacts
      .filter((c) => c.kind === 'email')
      .map((c) => ({ value: c.value, normalised: c.normalised, suppressed: suppressed.has(c.normalised) })),
    phones: contacts
      .filter((c) => c.kind === 'phone')
      .map((c) => ({ value: c.value, normalised: c.normalised })),
    roles,
    places,
    boroughs,
    memberships: ms,
    topHundred: top,
    consent: await selectConsentState(db, id),
  };
}

async function selectPlaces(db: Db, personId: string): Promise<ResolvedPlace[]> {
  const rows = await db
    .select({
      kind: personPlaces.kind,
      code: personPlaces.code,
      vintage: personPlaces.vintage,
      name: sql<string | null>`coalesce(${areas.name}, ${wards.name}, ${constituencies.name})`,
    })
    .from(personPlaces)
    .leftJoin(areas, and(eq(personPlaces.kind, 'borough'), eq(areas.gssCode, personPlaces.code)))
    .leftJoin(
      wards,
      and(
        eq(personPlaces.kind, 'ward'),
        eq(wards.code, personPlaces.code),
        eq(wards.vintage, personPlaces.vintage),
      ),
    )
    .leftJoin(
      constituencies,
      and(
        eq(personPlaces.kind, 'constituency'),
        eq(constituencies.code, personPlaces.code),
        eq(constituencies.vintage, personPlaces.vintage),
      ),
    )
    .where(eq(personPlaces.personId, personId));
  const order = { borough: 0, constituency: 1, ward: 2 } as const;
  return rows
    .map((r) => ({ ...r, name: r.name ?? r.code }))
    .sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
}

/** The latest e-newsletter consent event decides: given, withdrawn, or none recorded. */
export async function selectConsentState(db: Db, personId: string): Promise<ConsentState> {
  const [latest] = await db
    .select({ event: consentLedger.event })
    .from(consentLedger)
    .where(and(eq(consentLedger.personId, personId), eq(consentLedger.channel, 'email-newsletter')))
    .orderBy(sql`${consentLedger.occurredAt} desc, ${consentLedger.recordedAt} desc`)
    .limit(1);
  return latest?.event ?? 'none';
}

export async function selectConsentEvents(db: Db, personId: string) {
  return db
    .select()
    .from(consentLedger)
    .where(eq(consentLedger.personId, personId))
    .orderBy(sql`${consentLedger.occurredAt} desc, ${consentLedger.recordedAt} desc`);
}
