import { randomUUID } from 'node:crypto';
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import {
  consentLedger,
  contactPoints,
  duplicateFlags,
  memberships,
  organisations,
  people,
  personPlaces,
  personRoles,
  topHundred,
} from '../db/schema/index.ts';
import type { Context } from '../domain/access/actor.ts';
import { actorLabel, recordAudit } from '../domain/audit/record-audit.ts';
import { bcus, londonAreas } from '../domain/geography/london-areas.ts';
import { londonDay, londonDayStart } from '../domain/shared/london-time.ts';
import { deriveBoroughs } from '../domain/stakeholders/people.repo.ts';
import {
  type AccessibleFormat,
  type ConsentMethod,
  type LawfulBasis,
  normaliseEmail,
  normalisePhone,
  type OrganisationType,
  type PlaceKind,
} from '../domain/stakeholders/person.ts';
import { postcodeDistrictsOf } from './demo-estate.ts';
import { demoWards, seats2024 } from './demo-geography.ts';
import { asciiSlug, type NameGroupKey, nameGroups } from './demo-names.ts';

/**
 * The demo's stakeholder database: about 150 people and 40 organisations in every Met borough
 * (none in the City, which has its own police force), plus the people boroughs share: the MP of
 * each of the demo's constituencies and each BCU's Borough Commander. Names are invented from lists
 * of given names and surnames of many origins, e-mail addresses use the reserved `.example` domain
 * and telephone numbers Ofcom's ranges for drama (020 7946 0xxx, 07700 900xxx), so no real person
 * or line is named.
 *
 * Most boroughs have every role the coverage check asks for; a few have the gaps real databases
 * have (`demoStakeholderGaps`). The four boroughs of the demo accounts are complete, with full top
 * 100s, consent histories and a near-duplicate or two waiting for review.
 *
 * A seeded generator makes the same people every time; dates are relative to the clock's today.
 * Rows go in by bulk insert (thousands of people through the use cases one at a time would take
 * minutes), then the derived boroughs and search text are computed in batches by the repository.
 */

const day = 24 * 60 * 60 * 1000;

export const demoBoroughs = {
  lambeth: 'E09000022',
  southwark: 'E09000028',
  camden: 'E09000007',
  islington: 'E09000019',
  croydon: 'E09000008',
  lewisham: 'E09000023',
  hackney: 'E09000012',
  brent: 'E09000005',
  westminster: 'E09000033',
  newham: 'E09000025',
} as const;

/** The gaps left on purpose, for the coverage check to find. */
export const demoStakeholderGaps = {
  /** Croydon has no MP for Croydon Downs. */
  missingMp: { areaCode: demoBoroughs.croydon, constituencyCode: 'E14900012' },
  /** Lewisham's Quarry Hill ward panel, where a disposal is imminent, has no chair since theirs stood down. */
  missingWardPanelChair: { areaCode: demoBoroughs.lewisham, wardCode: 'E05900023' },
  /** Hackney's local paper has no editor on record. */
  noMediaEditor: { areaCode: demoBoroughs.hackney },
  /** Brent's Safer Neighbourhood Board chair is vacant (the vice-chair acts). */
  noSnbChair: { areaCode: demoBoroughs.brent },
} as const;

/** How many people each Met borough has of its own (shared MPs and Borough Commanders come on top). */
export const peoplePerBorough = 150;
export const organisationsPerBorough = 40;

/** Boroughs whose top 100 the demo fills, and how far. */
const topHundredFill: Readonly<Record<string, number>> = {
  [demoBoroughs.lambeth]: 100,
  [demoBoroughs.southwark]: 100,
  [demoBoroughs.camden]: 100,
  [demoBoroughs.islington]: 100,
  [demoBoroughs.westminster]: 100,
  [demoBoroughs.hackney]: 100,
  [demoBoroughs.croydon]: 60,
  [demoBoroughs.newham]: 45,
};

/** Boroughs with a near-duplicate pair (two in Lambeth) flagged for review. */
const duplicatesIn: Readonly<Record<string, number>> = {
  [demoBoroughs.lambeth]: 2,
  [demoBoroughs.southwark]: 1,
  [demoBoroughs.camden]: 1,
  [demoBoroughs.islington]: 1,
  [demoBoroughs.hackney]: 1,
  E09000014: 1, // Haringey
  E09000030: 1, // Tower Hamlets
  E09000032: 1, // Wandsworth
};

// --- A seeded generator ----------------------------------------------------------------------------

type Random = Readonly<{
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(list: readonly T[]) => T;
  chance: (p: number) => boolean;
}>;

function seeded(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T,
    chance: (p: number) => next() < p,
  };
}

// --- Days ---------------------------------------------------------------------------------------

const addDays = (londonDayText: string, n: number): string => {
  const [y, m, d] = londonDayText.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const inWords = (dayText: string) => {
  const [y, m, d] = dayText.split('-').map(Number) as [number, number, number];
  return `${d} ${months[m - 1]} ${y}`;
};

// --- What gets written --------------------------------------------------------------------------

type OrgRow = typeof organisations.$inferInsert & { id: string };
type PersonRow = typeof people.$inferInsert & { id: string };
type Place = { kind: PlaceKind; code: string; vintage: number };
type Membership = {
  organisationId: string;
  position: string | null;
  startedOn: string | null;
  endedOn: string | null;
};

type Rows = {
  organisations: OrgRow[];
  people: PersonRow[];
  contacts: (typeof contactPoints.$inferInsert)[];
  roles: (typeof personRoles.$inferInsert)[];
  places: (typeof personPlaces.$inferInsert)[];
  memberships: (typeof memberships.$inferInsert)[];
  consent: (typeof consentLedger.$inferInsert)[];
  topHundred: (typeof topHundred.$inferInsert)[];
  flags: (typeof duplicateFlags.$inferInsert)[];
};

type Name = { given: string; surname: string; group: NameGroupKey };

type PersonSpec = {
  name: Name;
  /** As the person is addressed ("Cllr", "Revd", "PS"); the suffix "MP" for MPs. */
  title?: string;
  suffix?: string;
  roles: string[];
  places: Place[];
  memberships: Membership[];
  /** Where work e-mail goes: a domain, or null for personal addresses only. */
  workDomain: string | null;
  landline: boolean;
  influence: [number, number];
  interest: [number, number];
  official: boolean;
  notes?: string;
  /** Always give a personal address (a near-duplicate's second address). */
  personalEmail?: boolean;
};

/** Everything the demo's people are built from, made once per build. */
class DemoWriter {
  readonly rows: Rows = {
    organisations: [],
    people: [],
    contacts: [],
    roles: [],
    places: [],
    memberships: [],
    consent: [],
    topHundred: [],
    flags: [],
  };
  private readonly emails = new Set<string>();
  private readonly organisationNames = new Map<string, string>();
  private readonly now: number;
  readonly today: string;
  readonly recordedBy: string;
  /** People by the boroughs they were made for (shared people appear under each). */
  readonly byBorough = new Map<string, { id: string; score: number }[]>();

  constructor(ctx: Context) {
    this.now = ctx.clock.now().getTime();
    this.today = londonDay(ctx.clock.now());
    this.recordedBy = actorLabel(ctx.actor);
  }

  daysAgo(n: number): Date {
    return new Date(this.now - n * day);
  }

  organisation(o: Omit<OrgRow, 'id' | 'createdAt' | 'updatedAt'>, ageDays: number): OrgRow {
    const row: OrgRow = {
      ...o,
      id: randomUUID(),
      createdAt: this.daysAgo(ageDays),
      updatedAt: this.daysAgo(ageDays),
    };
    this.rows.organisations.push(row);
    this.organisationNames.set(row.id, row.name);
    return row;
  }

  /** An address no one else has: first.last@domain, with a number added when it is taken. */
  uniqueEmail(local: string, domain: string): string {
    let candidate = `${local}@${domain}`;
    for (let n = 2; this.emails.has(candidate); n += 1) candidate = `${local}${n}@${domain}`;
    this.emails.add(candidate);
    return candidate;
  }

  person(spec: PersonSpec, r: Random, boroughs: readonly string[]): string {
    const id = randomUUID();
    const { given, surname } = spec.name;
    const fullName = [spec.title, given, surname, spec.suffix].filter(Boolean).join(' ');
    const local = `${asciiSlug(given)}.${asciiSlug(surname)}`;
    const emails: string[] = [];
    if (spec.workDomain) emails.push(this.uniqueEmail(local, spec.workDomain));
    if (spec.personalEmail || (spec.workDomain ? r.chance(0.2) : r.chance(0.82))) {
      const style = r.int(0, 2);
      const personal =
        style === 0
          ? local
          : style === 1
            ? `${asciiSlug(given)}${r.int(10, 99)}`
            : `${asciiSlug(given)[0]}${asciiSlug(surname)}`;
      emails.push(this.uniqueEmail(personal, r.pick(personalDomains)));
    }
    const phones: string[] = [];
    if (spec.landline) phones.push(`020 7946 0${String(r.int(0, 999)).padStart(3, '0')}`);
    if (r.chance(spec.official ? 0.35 : 0.7))
      phones.push(`07700 900${String(r.int(0, 999)).padStart(3, '0')}`);
    emails.forEach((value, position) => {
      this.rows.contacts.push({
        personId: id,
        kind: 'email',
        value,
        normalised: normaliseEmail(value) ?? value,
        position,
      });
    });
    phones.forEach((value, position) => {
      this.rows.contacts.push({
        personId: id,
        kind: 'phone',
        value,
        normalised: normalisePhone(value) ?? value,
        position,
      });
    });
    for (const roleId of new Set(spec.roles)) this.rows.roles.push({ personId: id, roleId });
    for (const p of spec.places) this.rows.places.push({ personId: id, ...p });
    for (const m of spec.memberships) this.rows.memberships.push({ personId: id, ...m });

    const group = nameGroups[spec.name.group];
    const district = postcodeOf(boroughs[0] ?? '', r);
    const created = r.int(40, 700);
    const verified = r.next();
    const review = r.next();
    const lawfulBasis: LawfulBasis = spec.official
      ? 'public-task'
      : r.pick(['legitimate-interests', 'legitimate-interests', 'consent', 'public-task'] as const);
    const influence = r.chance(spec.official ? 0.02 : 0.1) ? null : r.int(...spec.influence);
    const interest = r.chance(spec.official ? 0.02 : 0.1) ? null : r.int(...spec.interest);
    this.rows.people.push({
      id,
      fullName,
      // As the repository's refreshSearchText writes it (the demo test holds the two together).
      searchText: [
        fullName,
        ...emails.map((e) => normaliseEmail(e) ?? e),
        ...spec.memberships.map((m) => this.organisationNames.get(m.organisationId) ?? '').sort(),
      ]
        .join(' ')
        .toLowerCase(),
      postalAddress:
        !spec.official && r.chance(0.4)
          ? `${r.int(1, 240)} ${r.pick(placeFirsts)}${r.pick(placeEndings)} ${r.pick(streetKinds)}, London ${district}`
          : null,
      preferredLanguage: !spec.official && group?.language && r.chance(0.25) ? group.language : null,
      accessibleFormats: !spec.official && r.chance(0.05) ? [r.pick(formats)] : [],
      notes: spec.notes ?? (r.chance(0.18) ? r.pick(noteLines) : null),
      // Most checked within the year; about one in seven stale; a few never checked.
      lastVerifiedOn:
        verified < 0.05
          ? null
          : verified < 0.2
            ? addDays(this.today, -r.int(370, 900))
            : addDays(this.today, -r.int(3, 330)),
      influence,
      interest,
      lawfulBasis,
      // Most reviewed in the coming years; a few already past their review date.
      reviewOn:
        review < 0.04
          ? null
          : review < 0.11
            ? addDays(this.today, -r.int(1, 120))
            : addDays(this.today, r.int(60, 1100)),
      version: r.chance(0.3) ? 2 : 1,
      createdAt: this.daysAgo(created),
      updatedAt: this.daysAgo(r.int(1, created)),
    });
    this.consentHistory(id, spec, r);
    const score = (influence ?? 2) * (interest ?? 2) + r.next();
    for (const b of boroughs) this.byBorough.set(b, [...(this.byBorough.get(b) ?? []), { id, score }]);
    return id;
  }

  /** Given; given then withdrawn; or none: with what was said or signed, and where it is kept. */
  private consentHistory(personId: string, spec: PersonSpec, r: Random): void {
    const roll = r.next();
    const given = spec.official ? 0.3 : 0.5;
    const withdrawn = spec.official ? 0.04 : 0.1;
    if (roll >= given + withdrawn) return;
    const givenOn = addDays(this.today, -r.int(60, 700));
    const method = r.pick(givenMethods);
    this.consentEvent(personId, 'given', givenOn, method, r.pick(givenEvidence[method])(givenOn, r));
    if (roll < given) return;
    const withdrawnOn = addDays(givenOn, r.int(20, 50));
    const how = r.pick(withdrawnMethods);
    this.consentEvent(personId, 'withdrawn', withdrawnOn, how, withdrawnEvidence[how](withdrawnOn, r));
  }

  private consentEvent(
    personId: string,
    event: 'given' | 'withdrawn',
    on: string,
    method: ConsentMethod,
    evidence: string,
  ): void {
    const occurredAt = new Date(londonDayStart(on).getTime() + (9 + (on.charCodeAt(9) % 10)) * 3_600_000);
    const [year, month] = on.split('-').map(Number) as [number, number];
    this.rows.consent.push({
      personId,
      channel: 'email-newsletter',
      event,
      occurredAt,
      method,
      wordingVersion: `newsletter-${year}-${month <= 6 ? '01' : '07'}`,
      evidence,
      recordedAt: new Date(Math.min(occurredAt.getTime() + 2 * day, this.now)),
      recordedBy: this.recordedBy,
    });
  }
}

const personalDomains = ['mail.example', 'inbox.example', 'post.example', 'webmail.example'] as const;
const formats: readonly AccessibleFormat[] = [
  'large-print',
  'large-print',
  'easy-read',
  'braille',
  'bsl',
  'audio',
];
const givenMethods: readonly ConsentMethod[] = ['web-form', 'web-form', 'meeting', 'email', 'paper', 'phone'];
const withdrawnMethods = ['email', 'web-form', 'phone', 'meeting'] as const;

const givenEvidence: Readonly<Record<ConsentMethod, readonly ((on: string, r: Random) => string)[]>> = {
  'web-form': [
    (on, r) =>
      `Ticked “Send me the monthly e-newsletter” on the engagement sign-up form on ${inWords(on)} (submission WF-${r.int(10_000, 99_999)}).`,
    (on) =>
      `Signed up on the borough’s engagement page on ${inWords(on)}; the confirmation e-mail was clicked the same day.`,
  ],
  meeting: [
    (on) =>
      `Signed the newsletter sign-up sheet at the ward panel meeting on ${inWords(on)}; the sheet is scanned to the borough engagement folder.`,
    (on) =>
      `Gave their e-mail address and said yes to the newsletter at the community drop-in on ${inWords(on)}; noted on the attendance sheet.`,
  ],
  email: [
    (on) =>
      `Replied “Yes, please add me” to the invitation e-mail on ${inWords(on)}; the reply is kept in the engagement mailbox.`,
  ],
  paper: [
    (_on, r) =>
      `Returned the paper consent slip from the estate consultation leaflet; slip filed in the borough engagement folder, ref PS-${r.int(100, 999)}.`,
  ],
  phone: [
    (on) =>
      `Agreed on the telephone when called about the estate proposals on ${inWords(on)}; the call note is in the engagement log.`,
  ],
  import: [
    (on) => `Marked as consenting in the residents’ association mailing list imported on ${inWords(on)}.`,
  ],
};

const withdrawnEvidence: Readonly<
  Record<(typeof withdrawnMethods)[number], (on: string, r: Random) => string>
> = {
  email: (on) => `Asked by e-mail on ${inWords(on)} to stop receiving the newsletter.`,
  'web-form': (on) => `Used the unsubscribe link in the newsletter on ${inWords(on)}.`,
  phone: (on) =>
    `Asked to be taken off the mailing list when called on ${inWords(on)}; noted in the engagement log.`,
  meeting: (on) =>
    `Said at the ward panel meeting on ${inWords(on)} that they no longer want the newsletter; noted by the engagement officer.`,
};

const noteLines = [
  'Prefers a telephone call to an e-mail.',
  'Raised the future of the local police station at the last ward panel.',
  'Best reached in the evenings.',
  'Keen to host a drop-in session at their venue.',
  'Asked to be told before any change to front counter hours.',
  'Speaks for several tenants’ groups on the estate.',
  'Wrote to the council about anti-social behaviour near the station.',
  'Attends every Safer Neighbourhood Board meeting.',
  'Away for much of the summer.',
  'Offered to share the newsletter with their members.',
];

// --- Places and organisations ------------------------------------------------------------------

const placeFirsts = [
  'Alder',
  'Amber',
  'Ash',
  'Beech',
  'Birch',
  'Bramble',
  'Cedar',
  'Chestnut',
  'Elder',
  'Elm',
  'Fern',
  'Hazel',
  'Holly',
  'Juniper',
  'Laurel',
  'Linden',
  'Maple',
  'Mulberry',
  'Oak',
  'Pine',
  'Rowan',
  'Sloe',
  'Sorrel',
  'Thistle',
  'Willow',
  'Yew',
];
const placeEndings = ['field', 'ford', 'gate', 'ley', 'ton', 'well', 'wood', 'bury', 'dale', 'side'];
const streetKinds = ['Road', 'Street', 'Lane', 'Close', 'Grove', 'Avenue', 'Terrace', 'Walk'];
/** Men's given names of the groups whose congregations the demo gives a title only men hold (priest, imam). */
const mensNames: Readonly<Partial<Record<NameGroupKey, readonly string[]>>> = {
  celtic: ['Declan', 'Ciaran', 'Eamon', 'Callum', 'Rhys', 'Iain'],
  polish: ['Tomasz', 'Piotr', 'Krzysztof', 'Marek'],
  filipino: ['Jose', 'Ramon', 'Rodel'],
  italian: ['Marco', 'Luca', 'Giovanni'],
  somali: ['Abdirahman', 'Mohamed', 'Ahmed', 'Abdi', 'Hassan'],
  bangladeshi: ['Rahim', 'Shahid', 'Mizanur', 'Jamal', 'Abdul'],
  pakistani: ['Faisal', 'Tariq', 'Asif', 'Kamran'],
  middleEastern: ['Reza', 'Dariush', 'Farid', 'Omar', 'Karim'],
};
const saints = ['Mary', 'John', 'Peter', 'Andrew', 'Luke', 'Michael', 'Anne', 'Stephen', 'Paul', 'Barnabas'];
const papers = ['Courier', 'Gazette', 'Echo', 'Chronicle', 'Mercury', 'Observer', 'Post', 'Press'];

const unitLetters = 'ABDEFGHJLNPQRSTUWXYZ';
const handDistricts: Readonly<Record<string, readonly string[]>> = {
  [demoBoroughs.lambeth]: ['SE11', 'SW9', 'SE27', 'SE24'],
  [demoBoroughs.southwark]: ['SE1', 'SE16', 'SE22'],
  [demoBoroughs.camden]: ['NW3', 'NW1', 'WC1H'],
  [demoBoroughs.islington]: ['N1', 'N5', 'N7'],
};
function postcodeOf(code: string, r: Random): string {
  const districts = handDistricts[code] ?? postcodeDistrictsOf(code) ?? ['SE1'];
  return `${r.pick(districts)} ${r.int(1, 9)}${r.pick([...unitLetters])}${r.pick([...unitLetters])}`;
}

const councilName = (code: string, name: string): string =>
  ({
    E09000033: 'Westminster City Council',
    E09000020: 'Royal Borough of Kensington and Chelsea',
    E09000021: 'Royal Borough of Kingston upon Thames',
    E09000011: 'Royal Borough of Greenwich',
  })[code] ?? `${name} Council`;

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f’']/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A made-up domain for an organisation: its name, shortened, under `.example`. */
const domainFor = (name: string) => `${slug(name).slice(0, 40).replace(/-+$/, '')}.example`;

/** Draws a person's names: mostly both from one group, sometimes from two. */
function drawName(r: Random, group?: NameGroupKey): Name {
  const keys = Object.keys(nameGroups) as NameGroupKey[];
  const weighted = (): NameGroupKey => {
    let n = r.next() * keys.reduce((s, k) => s + (nameGroups[k]?.weight ?? 0), 0);
    for (const k of keys) {
      n -= nameGroups[k]?.weight ?? 0;
      if (n < 0) return k;
    }
    return 'english';
  };
  const g = group ?? weighted();
  // Now and then a British surname with a given name from elsewhere, or the other way round.
  const mixed = group === undefined && r.chance(0.12);
  const british = r.pick(['english', 'celtic'] as const);
  const givenFrom = mixed && r.chance(0.3) ? british : g;
  const surnameFrom = mixed && givenFrom === g ? british : g;
  return {
    given: r.pick(nameGroups[givenFrom]?.given ?? ['Sam']),
    surname: r.pick(nameGroups[surnameFrom]?.surnames ?? ['Smith']),
    group: givenFrom,
  };
}

/** A borough's people, a name at a time, none twice. */
function nameDrawer(r: Random) {
  const used = new Set<string>();
  return (group?: NameGroupKey): Name => {
    for (;;) {
      const n = drawName(r, group);
      const key = `${n.given} ${n.surname}`;
      if (!used.has(key)) {
        used.add(key);
        return n;
      }
    }
  };
}

/** A near spelling of a name, as someone typing it from a sign-in sheet might make. */
function typo(text: string, r: Random): string {
  const i = r.int(1, Math.max(1, text.length - 2));
  const kind = r.int(0, 2);
  if (kind === 0) return text.slice(0, i) + text.slice(i + 1); // a letter dropped
  if (kind === 1) return text.slice(0, i) + text[i] + text.slice(i); // a letter doubled
  return text.slice(0, i) + (text[i + 1] ?? '') + (text[i] ?? '') + text.slice(i + 2); // two swapped
}

const met = londonAreas.filter((a) => a.policeForce === 'metropolitan');

// --- Building it ---------------------------------------------------------------------------------

type LondonWide = { police: OrgRow; mopac: OrgRow; network: OrgRow };

function buildBorough(w: DemoWriter, area: (typeof met)[number], index: number, wide: LondonWide): void {
  const r = seeded(7919 * (index + 1));
  const nextName = nameDrawer(r);
  const code = area.gssCode;
  const name = area.name;
  const boroughPlace: Place = { kind: 'borough', code, vintage: 0 };
  const wards = demoWards.filter(([, , b]) => b === code).map(([c, n]) => ({ code: c, name: n }));
  const wardPlace = (i: number): Place =>
    wards.length > 0
      ? { kind: 'ward', code: (wards[i % wards.length] as { code: string }).code, vintage: 2022 }
      : boroughPlace;
  const neighbourhoods = Array.from(
    { length: 14 },
    () => `${r.pick(placeFirsts)}${r.pick(placeEndings)}`,
  ).filter((p, i, all) => all.indexOf(p) === i);
  const hood = (i: number) => neighbourhoods[i % neighbourhoods.length] as string;
  const started = (minYears: number, maxYears: number) =>
    addDays(w.today, -r.int(minYears * 365, maxYears * 365));
  const member = (o: OrgRow, position: string | null, endedOn: string | null = null): Membership => ({
    organisationId: o.id,
    position,
    startedOn: r.chance(0.7) ? started(1, 12) : null,
    endedOn,
  });
  const domainOf = (o: OrgRow) => (o.email ? (o.email.split('@')[1] ?? null) : null);
  const orgAge = () => r.int(200, 720);
  const orgs: OrgRow[] = [];
  const org = (o: { name: string; type: OrganisationType; email?: boolean; notes?: string | null }) => {
    const row = w.organisation(
      {
        name: o.name,
        type: o.type,
        areaCode: code,
        email:
          o.email === false ? null : `${r.pick(['info', 'hello', 'contact', 'office'])}@${domainFor(o.name)}`,
        phone: r.chance(0.7) ? `020 7946 0${String(r.int(0, 999)).padStart(3, '0')}` : null,
        website: r.chance(0.5) ? `https://www.${domainFor(o.name)}` : null,
        address: r.chance(0.6)
          ? `${r.int(1, 300)} ${hood(r.int(0, 13))} ${r.pick(streetKinds)}, London ${postcodeOf(code, r)}`
          : null,
        notes: o.notes ?? null,
      },
      orgAge(),
    );
    orgs.push(row);
    return row;
  };

  // Organisations: the council, the board, a panel per ward, and the borough's civic life.
  const council = org({ name: councilName(code, name), type: 'council' });
  council.email = `enquiries@${slug(name)}-council.example`;
  council.website = `https://www.${slug(name)}-council.example`;
  const councilDomain = `${slug(name)}-council.example`;
  const snb = org({ name: `${name} Safer Neighbourhood Board`, type: 'safer-neighbourhood-board' });
  const panelPlaces = wards.length > 0 ? wards.map((wd) => wd.name) : [hood(0), hood(1), hood(2), hood(3)];
  const panels = panelPlaces.map((p, i) => ({
    org: org({ name: `${p} Ward Panel`, type: 'ward-panel', email: r.chance(0.5) }),
    place: wardPlace(i),
    wardCode: wards[i]?.code ?? null,
  }));
  const paper = org({
    name: `${name.replace(/ upon Thames| and .*/, '')} ${papers[index % papers.length]}`,
    type: 'media-outlet',
  });
  const outlets = [paper];
  if (index % 3 === 0) outlets.push(org({ name: `${hood(4)} Community Radio`, type: 'media-outlet' }));
  const residents = [
    `${hood(5)} Estate Tenants’ and Residents’ Association`,
    `${hood(6)} Court Residents’ Association`,
    `${hood(7)} Gardens Residents’ Association`,
    `${hood(8)} Tower Tenants’ Association`,
    `${hood(9)} Road Residents’ Association`,
    `${hood(10)} Village Residents’ Group`,
    `${hood(11)} House Residents’ Association`,
  ].map((n) => org({ name: n, type: 'residents-association', email: r.chance(0.6) }));
  const faith = [
    {
      name: `St ${r.pick(saints)}’s Church, ${hood(1)}`,
      title: 'Revd',
      group: 'english' as NameGroupKey,
      position: 'Vicar',
    },
    {
      name: `${hood(2)} Mosque and Islamic Centre`,
      title: 'Imam',
      group: r.pick(['somali', 'bangladeshi', 'pakistani', 'middleEastern'] as const),
      position: 'Imam',
      menOnly: true,
    },
    {
      name: `${hood(3)} Pentecostal Church`,
      title: 'Pastor',
      group: r.pick(['yoruba', 'igbo', 'ghanaian', 'caribbean'] as const),
      position: 'Senior pastor',
    },
    index % 2 === 0
      ? {
          name: `${hood(4)} Gurdwara`,
          title: undefined,
          group: 'punjabi' as NameGroupKey,
          position: 'Secretary',
        }
      : {
          name: `${hood(4)} Hindu Mandir`,
          title: undefined,
          group: r.pick(['gujarati', 'tamil'] as const),
          position: 'President',
        },
    index % 3 === 1
      ? { name: `${hood(5)} Synagogue`, title: 'Rabbi', group: 'jewish' as NameGroupKey, position: 'Rabbi' }
      : {
          name: `Our Lady of ${hood(6)} Catholic Church`,
          title: 'Father',
          group: r.pick(['celtic', 'polish', 'filipino', 'italian'] as const),
          position: 'Parish priest',
          menOnly: true,
        },
    {
      name: `${hood(7)} Buddhist Centre`,
      title: undefined,
      group: undefined,
      position: 'Centre coordinator',
    },
  ].map((f) => ({ ...f, org: org({ name: f.name, type: 'faith-organisation' }) }));
  const businesses = [
    { name: `${hood(8)} Business Improvement District`, position: 'BID director' },
    { name: `${hood(9)} Traders’ Association`, position: 'Chair' },
    { name: `${hood(10)} Market Traders`, position: 'Market manager' },
    { name: `${nextName().surname} & Sons Builders`, position: 'Owner' },
    { name: `${hood(11)} Pharmacy`, position: 'Pharmacist and owner' },
    {
      name: `The ${r.pick(['Fox', 'Swan', 'Crown', 'Anchor', 'Lamb', 'Plough'])} at ${hood(12)}`,
      position: 'Landlord',
    },
  ].map((b) => ({ ...b, org: org({ name: b.name, type: 'business' }) }));
  const schools = [
    { name: `${hood(0)} Primary School`, position: 'Headteacher' },
    { name: `St ${r.pick(saints)}’s C of E Primary School`, position: 'Headteacher' },
    { name: `${hood(12)} Academy`, position: 'Principal' },
    { name: `${hood(13)} High School`, position: 'Headteacher' },
    { name: `${hood(3)} Nursery and Children’s Centre`, position: 'Manager' },
  ].map((s) => ({ ...s, org: org({ name: s.name, type: 'school' }) }));
  const others = [
    org({ name: `${name.replace(/ upon Thames/, '')} Advice Centre`, type: 'other' }),
    org({ name: `${hood(1)} Housing Co-operative`, type: 'other' }),
  ];
  const communityNames = [
    `${hood(4)} Youth Club`,
    `${hood(5)} Foodbank`,
    `Friends of ${hood(6)} Park`,
    `${name} Pensioners’ Forum`,
    `${name} Neighbourhood Watch Association`,
    `${hood(7)} Boxing Club`,
    `${name} Disability Forum`,
    `${hood(8)} Women’s Network`,
    `${name} ${r.pick(['Somali', 'Bangladeshi', 'Polish', 'Turkish and Kurdish', 'Tamil', 'Ghanaian', 'Portuguese-speaking', 'Caribbean Elders'])} Community Association`,
    `${hood(9)} Allotment Society`,
    `${hood(10)} Mental Health Peer Support Group`,
    `${hood(11)} Cycling Club`,
    `${hood(12)} Knife Crime Prevention Project`,
  ];
  const community = communityNames
    .slice(0, Math.max(0, organisationsPerBorough - orgs.length))
    .map((n) => org({ name: n, type: 'community-group', email: r.chance(0.7) }));

  // People. Each spec below is one person; the rest of the 150 are residents and members.
  const made: string[] = [];
  const add = (spec: PersonSpec) => {
    made.push(w.person(spec, r, [code]));
  };
  const cllr = (
    roles: string[],
    position: string,
    place: Place,
    influence: [number, number],
    notes?: string,
  ) =>
    add({
      name: nextName(),
      title: 'Cllr',
      roles,
      places: [place],
      memberships: [member(council, position)],
      workDomain: councilDomain,
      landline: true,
      influence,
      interest: [3, 5],
      official: true,
      ...(notes ? { notes } : {}),
    });
  cllr(['council-leader', 'ward-councillor'], 'Leader of the Council', wardPlace(0), [5, 5]);
  cllr(
    ['lead-member-community-safety', 'ward-councillor'],
    'Cabinet Member for Community Safety',
    wardPlace(1),
    [4, 5],
  );
  cllr(['link-member', 'ward-councillor'], 'Link member for policing', wardPlace(2), [3, 5]);
  cllr(['ward-councillor'], 'Leader of the Opposition', wardPlace(3), [3, 4]);
  for (let i = 0; i < 11; i += 1)
    cllr(
      ['ward-councillor'],
      `Councillor for ${wards[i % Math.max(1, wards.length)]?.name ?? `${hood(i)} ward`}`,
      wardPlace(i),
      [2, 4],
    );

  for (let i = 0; i < 3; i += 1) {
    add({
      name: nextName(),
      title: 'PS',
      roles: ['snt-sergeant'],
      places: [wardPlace(i)],
      memberships: [
        member(wide.police, `Safer Neighbourhood Team sergeant, ${panelPlaces[i % panelPlaces.length]}`),
      ],
      workDomain: 'met-police.example',
      landline: false,
      influence: [2, 3],
      interest: [4, 5],
      official: true,
    });
  }
  add({
    name: nextName(),
    title: 'Insp',
    roles: ['staff'],
    places: [boroughPlace],
    memberships: [member(wide.police, `Neighbourhoods inspector, ${name}`)],
    workDomain: 'met-police.example',
    landline: true,
    influence: [3, 4],
    interest: [4, 5],
    official: true,
  });

  // The Safer Neighbourhood Board: chair (vacant in one borough), officers and members.
  const snbVacant = code === demoStakeholderGaps.noSnbChair.areaCode;
  if (!snbVacant) {
    add({
      name: nextName(),
      roles: ['snb-chair', 'community-leader'],
      places: [boroughPlace],
      memberships: [member(snb, 'Chair')],
      workDomain: null,
      landline: false,
      influence: [4, 5],
      interest: [5, 5],
      official: false,
    });
  }
  for (const position of [
    snbVacant ? 'Vice-chair (acting chair)' : 'Vice-chair',
    'Secretary',
    'Member',
    'Member',
  ]) {
    add({
      name: nextName(),
      roles: ['community-leader'],
      places: [boroughPlace],
      memberships: [member(snb, position)],
      workDomain: null,
      landline: false,
      influence: [2, 4],
      interest: [4, 5],
      official: false,
      ...(snbVacant && position.startsWith('Vice')
        ? { notes: 'Acting chair of the Safer Neighbourhood Board until the board elects a new chair.' }
        : {}),
    });
  }

  // A chair for every ward panel, but for one that lost theirs; a member or two each.
  for (const [i, panel] of panels.entries()) {
    const gap =
      code === demoStakeholderGaps.missingWardPanelChair.areaCode &&
      panel.wardCode === demoStakeholderGaps.missingWardPanelChair.wardCode;
    const endedOn = addDays(w.today, -r.int(50, 80));
    add({
      name: nextName(),
      roles: gap ? ['community-leader'] : ['ward-panel-chair', 'community-leader'],
      places: [panel.place],
      memberships: [member(panel.org, 'Chair', gap ? endedOn : null)],
      workDomain: null,
      landline: false,
      influence: [3, 4],
      interest: [4, 5],
      official: false,
      ...(gap
        ? {
            notes: `Stood down as chair of the ${panelPlaces[i]} ward panel on ${inWords(endedOn)}; the panel has not yet chosen a new chair.`,
          }
        : {}),
    });
    for (const position of i % 2 === 0 ? ['Secretary', 'Member'] : ['Member']) {
      add({
        name: nextName(),
        roles: [],
        places: [panel.place],
        memberships: [member(panel.org, position)],
        workDomain: null,
        landline: false,
        influence: [1, 3],
        interest: [3, 5],
        official: false,
      });
    }
  }

  // The local media: an editor (missing in one borough) and reporters.
  const noEditor = code === demoStakeholderGaps.noMediaEditor.areaCode;
  if (!noEditor) {
    add({
      name: nextName(),
      roles: ['media-editor'],
      places: [boroughPlace],
      memberships: [member(paper, 'Editor')],
      workDomain: domainOf(paper),
      landline: true,
      influence: [4, 5],
      interest: [3, 4],
      official: false,
    });
  }
  for (const [i, outlet] of outlets.entries()) {
    add({
      name: nextName(),
      roles: ['journalist'],
      places: [boroughPlace],
      memberships: [member(outlet, i === 0 ? 'Chief reporter' : 'Presenter')],
      workDomain: domainOf(outlet),
      landline: false,
      influence: [3, 4],
      interest: [3, 5],
      official: false,
      ...(noEditor && i === 0 ? { notes: 'Covering the editor’s work while the post is vacant.' } : {}),
    });
  }
  add({
    name: nextName(),
    roles: ['journalist'],
    places: [boroughPlace],
    memberships: [member(paper, 'Community reporter')],
    workDomain: domainOf(paper),
    landline: false,
    influence: [2, 3],
    interest: [3, 4],
    official: false,
  });

  // Residents' associations, faith, business, schools, community groups, the council's officers.
  for (const [i, ra] of residents.entries()) {
    add({
      name: nextName(),
      roles: ['community-leader'],
      places: [wardPlace(i)],
      memberships: [member(ra, 'Chair')],
      workDomain: null,
      landline: false,
      influence: [2, 4],
      interest: [4, 5],
      official: false,
    });
  }
  for (const f of faith) {
    const drawn = nextName(f.group);
    add({
      name:
        'menOnly' in f && f.group && mensNames[f.group]
          ? { ...drawn, given: r.pick(mensNames[f.group] ?? [drawn.given]) }
          : drawn,
      ...(f.title ? { title: f.title } : {}),
      roles: ['faith-leader', 'community-leader'],
      places: [boroughPlace],
      memberships: [member(f.org, f.position)],
      workDomain: domainOf(f.org),
      landline: true,
      influence: [3, 4],
      interest: [2, 4],
      official: false,
    });
  }
  for (const b of businesses) {
    add({
      name: nextName(),
      roles: ['business-leader'],
      places: [boroughPlace],
      memberships: [member(b.org, b.position)],
      workDomain: domainOf(b.org),
      landline: true,
      influence: [2, 4],
      interest: [2, 4],
      official: false,
    });
  }
  for (const s of schools) {
    add({
      name: nextName(),
      roles: ['community-leader'],
      places: [boroughPlace],
      memberships: [member(s.org, s.position)],
      workDomain: domainOf(s.org),
      landline: true,
      influence: [2, 4],
      interest: [2, 4],
      official: false,
    });
  }
  for (const c of community) {
    add({
      name: nextName(),
      roles: ['community-leader'],
      places: [wardPlace(r.int(0, 3))],
      memberships: [member(c, r.pick(['Chair', 'Coordinator', 'Founder', 'Director']))],
      workDomain: domainOf(c),
      landline: false,
      influence: [2, 4],
      interest: [3, 5],
      official: false,
    });
  }
  for (const [position, roles] of [
    ['Community Safety Manager', ['staff']],
    ['Community Engagement Officer', ['staff']],
    ['Estates and Regeneration Officer', ['staff']],
  ] as const) {
    add({
      name: nextName(),
      roles: [...roles],
      places: [boroughPlace],
      memberships: [member(council, position)],
      workDomain: councilDomain,
      landline: true,
      influence: [2, 3],
      interest: [3, 5],
      official: true,
    });
  }
  for (const o of others) {
    add({
      name: nextName(),
      roles: [],
      places: [boroughPlace],
      memberships: [member(o, 'Manager')],
      workDomain: domainOf(o),
      landline: true,
      influence: [2, 3],
      interest: [2, 4],
      official: false,
    });
  }

  // The near-duplicates: the same person typed again with a slip, and another address.
  const duplicates = duplicatesIn[code] ?? 0;
  const residentSlots = peoplePerBorough - made.length - duplicates;
  const joinable = [...residents, ...community, ...faith.map((f) => f.org), ...panels.map((p) => p.org)];
  const residentIds: { id: string; name: Name; org: OrgRow | null; place: Place }[] = [];
  for (let i = 0; i < residentSlots; i += 1) {
    const n = nextName();
    const o = r.chance(0.7) ? r.pick(joinable) : null;
    const place = wardPlace(r.int(0, 3));
    const id = w.person(
      {
        name: n,
        roles: [],
        places: [place],
        memberships: o
          ? [member(o, r.chance(0.2) ? r.pick(['Treasurer', 'Volunteer', 'Committee member']) : null)]
          : [],
        workDomain: null,
        landline: false,
        influence: [1, 2],
        interest: [1, 5],
        official: false,
      },
      r,
      [code],
    );
    made.push(id);
    residentIds.push({ id, name: n, org: o, place });
  }
  const withOrg = residentIds.filter((p) => p.org !== null);
  for (let i = 0; i < duplicates; i += 1) {
    const original = withOrg[(i * 17 + 3) % withOrg.length];
    if (!original?.org) continue;
    const twinName = {
      ...original.name,
      given: i % 2 === 0 ? typo(original.name.given, r) : original.name.given,
    };
    if (i % 2 === 1) twinName.surname = typo(original.name.surname, r);
    const twin = w.person(
      {
        name: twinName,
        roles: [],
        places: [original.place],
        memberships: [member(original.org, null)],
        workDomain: null,
        landline: false,
        influence: [1, 2],
        interest: [2, 5],
        official: false,
        personalEmail: true,
        notes: 'Added from the sign-in sheet of a drop-in session.',
      },
      r,
      [code],
    );
    made.push(twin);
    w.rows.flags.push({
      personId: twin,
      otherPersonId: original.id,
      score: Math.round((0.78 + r.next() * 0.15) * 100) / 100,
      reason: `Similar name and the same organisation (${original.org.name})`,
      createdAt: w.daysAgo(r.int(2, 20)),
    });
  }
}

function buildShared(w: DemoWriter, wide: LondonWide): void {
  const r = seeded(104_729);
  const nextName = nameDrawer(r);
  // An MP for every demo constituency but one.
  for (const [seat, seatName] of seats2024) {
    if (seat === demoStakeholderGaps.missingMp.constituencyCode) continue;
    const boroughs = [...new Set(demoWards.filter(([, , , s]) => s === seat).map(([, , b]) => b))];
    w.person(
      {
        name: nextName(),
        suffix: 'MP',
        roles: ['mp'],
        places: [{ kind: 'constituency', code: seat, vintage: 2024 }],
        memberships: [],
        workDomain: 'parliament.example',
        landline: true,
        influence: [4, 5],
        interest: [2, 5],
        official: true,
        notes: `MP for ${seatName}. Holds a constituency surgery on the first Saturday of the month.`,
      },
      r,
      boroughs,
    );
  }
  // Each BCU's commander covers every borough of the BCU.
  for (const bcu of bcus) {
    const boroughs = met.filter((a) => a.bcuCode === bcu.code).map((a) => a.gssCode);
    w.person(
      {
        name: nextName(),
        title: 'Ch Supt',
        roles: ['borough-commander'],
        places: boroughs.map((code) => ({ kind: 'borough', code, vintage: 0 })),
        memberships: [
          {
            organisationId: wide.police.id,
            position: `Borough Commander, ${bcu.name} BCU`,
            startedOn: null,
            endedOn: null,
          },
        ],
        workDomain: 'met-police.example',
        landline: true,
        influence: [5, 5],
        interest: [4, 5],
        official: true,
      },
      r,
      boroughs,
    );
  }
}

/**
 * Writes many rows in few statements: each batch goes as one JSON parameter that PostgreSQL turns
 * back into rows (thousands of bound parameters cost more to send and parse than the rows themselves).
 */
async function insertAll<T extends PgTable>(
  ctx: Context,
  table: T,
  rows: readonly T['$inferInsert'][],
  size = 2000,
) {
  const first = rows[0];
  if (first === undefined) return;
  const { name } = getTableConfig(table);
  const byKey = getTableColumns(table) as Record<string, PgColumn>;
  const used = Object.keys(first).map((key) => {
    const column = byKey[key];
    if (!column) throw new Error(`${name} has no column for ${key}`);
    return { key, name: column.name, type: column.getSQLType() };
  });
  const list = sql.join(
    used.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const shape = sql.raw(used.map((c) => `"${c.name}" ${c.type}`).join(', '));
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size).map((row) => {
      const out: Record<string, unknown> = {};
      for (const c of used) {
        const value = (row as Record<string, unknown>)[c.key];
        out[c.name] = value instanceof Date ? value.toISOString() : value;
      }
      return out;
    });
    await ctx.db.execute(
      sql`insert into ${table} (${list}) select ${list} from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(${shape})`,
    );
  }
}

export type DemoStakeholdersResult = Readonly<{ people: number; organisations: number }>;

export async function buildDemoStakeholders(ctx: Context): Promise<DemoStakeholdersResult> {
  const w = new DemoWriter(ctx);
  const londonWide = (name: string, type: OrganisationType, website: string) =>
    w.organisation(
      { name, type, areaCode: null, email: null, phone: null, website, address: null, notes: null },
      720,
    );
  const wide: LondonWide = {
    police: londonWide('Metropolitan Police Service', 'other', 'https://www.met-police.example'),
    mopac: londonWide('Mayor’s Office for Policing and Crime', 'other', 'https://www.mopac.example'),
    network: londonWide(
      'London Safer Neighbourhood Boards Network',
      'community-group',
      'https://www.london-snb.example',
    ),
  };
  buildShared(w, wide);
  met.forEach((area, i) => {
    buildBorough(w, area, i, wide);
  });

  // Each chosen borough's top 100: its most influential and interested people, in order.
  for (const [code, fill] of Object.entries(topHundredFill)) {
    const ranked = [...(w.byBorough.get(code) ?? [])].sort((a, b) => b.score - a.score).slice(0, fill);
    ranked.forEach((p, i) => {
      w.rows.topHundred.push({ areaCode: code, personId: p.id, rank: i + 1 });
    });
  }

  const { rows } = w;
  await insertAll(ctx, organisations, rows.organisations, 500);
  await insertAll(ctx, people, rows.people, 500);
  await insertAll(ctx, contactPoints, rows.contacts);
  await insertAll(ctx, personRoles, rows.roles, 2000);
  await insertAll(ctx, personPlaces, rows.places, 2000);
  await insertAll(ctx, memberships, rows.memberships);
  await insertAll(ctx, consentLedger, rows.consent, 500);
  await insertAll(ctx, topHundred, rows.topHundred, 2000);
  await insertAll(ctx, duplicateFlags, rows.flags);
  const ids = rows.people.map((p) => p.id);
  for (let i = 0; i < ids.length; i += 2000) await deriveBoroughs(ctx.db, ids.slice(i, i + 2000));
  for (const area of met) {
    await recordAudit(ctx, {
      action: 'created',
      entityType: 'stakeholder-database',
      entityId: area.gssCode,
      areaCode: area.gssCode,
      summary: `Demo stakeholders added in ${area.name}: ${w.byBorough.get(area.gssCode)?.length ?? 0} people and ${rows.organisations.filter((o) => o.areaCode === area.gssCode).length} organisations`,
    });
  }
  return { people: rows.people.length, organisations: rows.organisations.length };
}
