import type { Context } from '../domain/access/actor.ts';
import { agreeAmp } from '../domain/estate/agree-amp.ts';
import { createProposal } from '../domain/estate/create-proposal.ts';
import { createSite } from '../domain/estate/create-site.ts';
import { addMonths, type ChangeType, type ProposalInput } from '../domain/estate/proposal.ts';
import type { SiteInput, SiteType } from '../domain/estate/site.ts';
import { updateProposal } from '../domain/estate/update-proposal.ts';
import { londonAreas } from '../domain/geography/london-areas.ts';
import { londonDay } from '../domain/shared/london-time.ts';
import { demoWards } from './demo-geography.ts';

/**
 * The demo's estate: two to four sites and one to three proposals in every Met borough (none in
 * the City, which has its own police force), a few iconic sites, several disposals within the
 * imminence window, and a handful of boroughs whose AMP is agreed. Names and addresses are
 * invented; postcodes have the borough's real postcode districts but made-up inward codes.
 *
 * Everything is dated relative to the clock's today, so the demo looks the same whenever it is
 * built: sites were recorded four months ago, proposals three months ago, and some were edited
 * since (the versions carry those dates), which is why each step runs with a clock set back.
 * Nothing is random: the variety comes from each borough's position in the list.
 *
 * The four boroughs the demo's people work in (Lambeth and Southwark for the borough lead, Camden
 * and Islington for the contributor) are written out by hand, with sites in the demo's wards.
 */

const day = 24 * 60 * 60 * 1000;

type SiteSpec = Readonly<SiteInput & { key: string }>;

type ProposalSpec = Readonly<
  Omit<ProposalInput, 'engagementStart' | 'decisionDue' | 'implementationDate' | 'disposalDate'> & {
    site: string;
    /** Months from today (negative: in the past). */
    months: Readonly<{
      engagementStart?: number;
      decisionDue?: number;
      implementationDate?: number;
      disposalDate?: number;
    }>;
    /** Days added to every date, so proposals do not all fall on the same days of the month. */
    shiftDays?: number;
    /** Later edits, each made `daysAgo` days before today, with the note a person would leave. */
    edits?: readonly Readonly<{
      daysAgo: number;
      note: string;
      changes: Partial<ProposalInput> & { months?: ProposalSpec['months'] };
    }>[];
  }
>;

type BoroughSpec = Readonly<{
  code: string;
  sites: readonly SiteSpec[];
  proposals: readonly ProposalSpec[];
  /** Agreed as final this many days ago, after any edits made before then. */
  ampAgreedDaysAgo?: number;
  /** Changes after the AMP was agreed: each becomes a new AMP version. */
  laterEdits?: readonly Readonly<{
    proposal: number;
    daysAgo: number;
    note: string;
    changes: Partial<ProposalInput> & { months?: ProposalSpec['months'] };
  }>[];
}>;

// --- The demo's own boroughs, by hand ----------------------------------------------------------

const hours = {
  everyDay: 'Open every day, 8am to 10pm',
  weekdays: 'Monday to Friday, 10am to 6pm',
  reduced: 'Tuesday and Thursday, 12pm to 4pm',
  allHours: 'Open 24 hours',
} as const;

const lambeth: BoroughSpec = {
  code: 'E09000022',
  sites: [
    {
      key: 'windmill',
      name: 'Windmill Hill Police Station',
      type: 'police-station',
      address: '214 Windmill Hill Road, London',
      postcode: 'SE11 5TQ',
      wardCode: 'E05900001',
      latitude: 51.4862,
      longitude: -0.1128,
      publicAccess: hours.everyDay,
      iconic: true,
      iconicReason:
        'Built in 1896 and still lit by its blue lamp; residents see it as the heart of the high street and campaigned to keep it open in 2013.',
      heritageListing: 'grade-ii',
    },
    {
      key: 'market',
      name: 'Market Row Safer Neighbourhood Base',
      type: 'safer-neighbourhood-base',
      address: '3 Market Row Arcade, London',
      postcode: 'SW9 8LD',
      wardCode: 'E05900004',
      latitude: 51.4621,
      longitude: -0.1149,
    },
    {
      key: 'arches',
      name: 'Railway Arches Front Counter',
      type: 'front-counter',
      address: 'Arch 41, Viaduct Walk, London',
      postcode: 'SE24 0HT',
      wardCode: 'E05900003',
      latitude: 51.4553,
      longitude: -0.1021,
      publicAccess: hours.weekdays,
    },
    {
      key: 'lido',
      name: 'Lido Gardens Patrol Base',
      type: 'patrol-base',
      address: 'Unit 7, Lido Gardens Trading Estate, London',
      postcode: 'SE27 9GU',
      wardCode: 'E05900002',
    },
  ],
  proposals: [
    {
      site: 'market',
      changeType: 'dispose',
      title: 'Dispose of Market Row Safer Neighbourhood Base',
      summary:
        'Sell the base once the Market Row and Railway Arches teams have moved into Windmill Hill Police Station, ten minutes’ walk away.',
      reasons:
        'The base is let on a lease that costs £68,000 a year and needs £310,000 of repairs to its roof and heating. Its two teams spend most of their shift on patrol and can start and finish at Windmill Hill, which has spare desks since the response teams moved to Lido Gardens.',
      alternatives: [
        {
          description: 'Keep the base and carry out the repairs',
          assessment: 'Costed by the estates team from the 2025 condition survey.',
          criteria: 'Cost over ten years; time officers spend in the ward; public contact',
          costPence: 310_000,
          savingPence: 0,
        },
      ],
      replacementProvision:
        'Officers hold a weekly surgery in Market Row library and keep meeting the ward panel; the front counter at Windmill Hill stays open every day.',
      months: { engagementStart: -1, decisionDue: 2, implementationDate: 4, disposalDate: 6 },
      status: 'draft',
      edits: [
        {
          daysAgo: 45,
          note: 'Second alternative added after the ward panel suggested sharing the library',
          changes: {
            alternatives: [
              {
                description: 'Keep the base and carry out the repairs',
                assessment: 'Costed by the estates team from the 2025 condition survey.',
                criteria: 'Cost over ten years; time officers spend in the ward; public contact',
                costPence: 310_000,
                savingPence: 0,
              },
              {
                description: 'Move the teams into the council’s Market Row library',
                assessment:
                  'Visited with the council in September; the library has a back office free but no secure storage.',
                criteria: 'Cost; secure storage for kit; staying visible in the ward',
                costPence: 45_000,
                savingPence: 52_000,
              },
            ],
          },
        },
        {
          daysAgo: 30,
          note: 'Published for engagement; disposal put back a month so the library surgery starts first',
          changes: { status: 'published', months: { disposalDate: 7 } },
        },
      ],
    },
    {
      site: 'arches',
      changeType: 'close-front-counter',
      title: 'Close the front counter at Railway Arches',
      summary: 'Close the weekday front counter and direct visitors to Windmill Hill or to online reporting.',
      reasons:
        'The counter sees about eleven visitors a day, most to report lost property or to produce documents, which can be done online or at Windmill Hill. Staffing it takes two officers off patrol every weekday.',
      alternatives: [
        {
          description: 'Open on two afternoons a week instead of every weekday',
          assessment: 'Modelled on last year’s visitor counts by hour.',
          criteria: 'Visitors turned away; officer hours; cost',
          costPence: 0,
          savingPence: 38_000,
        },
      ],
      replacementProvision:
        'The front counter at Windmill Hill Police Station (open every day, 8am to 10pm), online reporting and 101.',
      months: { engagementStart: 1, decisionDue: 4, implementationDate: 6 },
      status: 'draft',
    },
    {
      site: 'windmill',
      changeType: 'refurbish',
      title: 'Refurbish Windmill Hill Police Station',
      summary:
        'Repair the listed frontage and make the ground floor step-free, so more teams can work from it.',
      reasons:
        'Windmill Hill will take the Market Row teams. Its front steps keep wheelchair users out of the front counter, and the frontage needs repair under its listing.',
      alternatives: [
        {
          description: 'Repair the frontage only',
          assessment: 'Quoted by the heritage architect.',
          criteria: 'Access for disabled visitors; cost; conservation',
          costPence: 420_000,
          savingPence: 0,
        },
      ],
      replacementProvision: 'The front counter moves to the side entrance while the work is done.',
      months: { engagementStart: 3, decisionDue: 6, implementationDate: 12 },
      status: 'draft',
    },
  ],
};

const southwark: BoroughSpec = {
  code: 'E09000028',
  sites: [
    {
      key: 'tabard',
      name: 'Tabard Yard Police Station',
      type: 'police-station',
      address: '1 Tabard Yard, London',
      postcode: 'SE1 4XT',
      wardCode: 'E05900007',
      latitude: 51.4994,
      longitude: -0.0921,
      publicAccess: hours.allHours,
    },
    {
      key: 'dockside',
      name: 'Dockside Front Counter',
      type: 'front-counter',
      address: '58 Quayside Parade, London',
      postcode: 'SE16 7QB',
      wardCode: 'E05900005',
      latitude: 51.4957,
      longitude: -0.0512,
      publicAccess: hours.reduced,
    },
    {
      key: 'rye',
      name: 'Rye Common Safer Neighbourhood Base',
      type: 'safer-neighbourhood-base',
      address: '12 Common Rise, London',
      postcode: 'SE22 8LU',
      wardCode: 'E05900006',
    },
  ],
  proposals: [
    {
      site: 'rye',
      changeType: 'co-locate',
      title: 'Move the Rye Common team into the council’s housing office',
      summary: 'Share the council’s Common Rise housing office and give up the base’s lease.',
      reasons:
        'The council has offered two rooms and a shared entrance in its housing office across the road, where residents already come for help. The base’s lease ends next year.',
      alternatives: [
        {
          description: 'Renew the lease on the current base',
          assessment: 'The landlord’s terms, checked by the estates team.',
          criteria: 'Cost; visibility; partnership working',
          costPence: 0,
          savingPence: 0,
        },
      ],
      replacementProvision: 'The team stays in the ward, in a building residents already use.',
      months: { engagementStart: -1, decisionDue: 1, implementationDate: 3 },
      status: 'published',
    },
    {
      site: 'dockside',
      changeType: 'dispose',
      title: 'Dispose of Dockside Front Counter',
      summary: 'Sell the former shop unit that houses the part-time front counter.',
      reasons:
        'Open eight hours a week, the counter had 640 visits last year. The freehold is worth more to the programme sold than kept for so little use.',
      alternatives: [
        {
          description: 'Keep the counter and open it on Saturdays as well',
          assessment: 'Visitor counts from the Saturday trial in 2025.',
          criteria: 'Visits; officer hours; cost',
          costPence: 12_000,
          savingPence: 0,
        },
      ],
      replacementProvision: 'Tabard Yard Police Station’s 24-hour front counter, and online reporting.',
      months: { engagementStart: -7, decisionDue: -2, implementationDate: 2, disposalDate: 5 },
      status: 'published',
      edits: [{ daysAgo: 40, note: 'Decided: proceed, after engagement', changes: { status: 'proceed' } }],
    },
  ],
  ampAgreedDaysAgo: 21,
  laterEdits: [
    {
      proposal: 1,
      daysAgo: 7,
      note: 'Implementation moved a month later once the lease break date was confirmed',
      changes: { months: { implementationDate: 3 } },
    },
  ],
};

const camden: BoroughSpec = {
  code: 'E09000007',
  sites: [
    {
      key: 'heath',
      name: 'Heath Ponds Police Station',
      type: 'police-station',
      address: '90 Ponds Hill, London',
      postcode: 'NW3 2PJ',
      wardCode: 'E05900008',
      latitude: 51.5563,
      longitude: -0.1649,
      publicAccess: hours.everyDay,
      iconic: true,
      iconicReason: 'An Edwardian station on the heath’s edge, used in films and loved by walkers.',
      heritageListing: 'grade-ii-star',
    },
    {
      key: 'canal',
      name: 'Canal Lock Safer Neighbourhood Base',
      type: 'safer-neighbourhood-base',
      address: '4 Lockkeeper’s Walk, London',
      postcode: 'NW1 8QE',
      wardCode: 'E05900009',
      latitude: 51.5405,
      longitude: -0.1467,
    },
    {
      key: 'square',
      name: 'Square Gardens Front Counter',
      type: 'front-counter',
      address: '27 Gardens Square, London',
      postcode: 'WC1H 9NB',
      wardCode: 'E05900010',
      publicAccess: hours.weekdays,
    },
  ],
  proposals: [
    {
      site: 'heath',
      changeType: 'relocate-functions',
      title: 'Move the response teams from Heath Ponds Police Station',
      summary:
        'Move the response teams to a patrol base nearer the main roads; keep the front counter and sell the upper floors.',
      reasons:
        'Response cars lose four minutes on average getting out of the narrow streets around the station. The upper floors are empty once the teams move.',
      alternatives: [
        {
          description: 'Keep the teams at Heath Ponds',
          assessment: 'Response times modelled from last year’s calls.',
          criteria: 'Response times; cost; heritage',
          costPence: 0,
          savingPence: 0,
        },
        {
          description: 'Share the ambulance station on the ring road',
          assessment: 'Discussed with the ambulance service; space from 2028 at the earliest.',
          criteria: 'Response times; date available; cost',
          costPence: 650_000,
          savingPence: 90_000,
        },
      ],
      replacementProvision: 'The front counter stays open every day on the ground floor.',
      months: { engagementStart: 2, decisionDue: 5, implementationDate: 10, disposalDate: 14 },
      status: 'draft',
      edits: [
        {
          daysAgo: 20,
          note: 'Engagement start moved to after the local elections',
          changes: { months: { engagementStart: 3 } },
        },
      ],
    },
    {
      site: 'square',
      changeType: 'close-front-counter',
      title: 'Close the front counter at Square Gardens',
      summary: 'Close the weekday counter; visitors go to Heath Ponds or report online.',
      reasons: 'Nine visitors a day on average, half of them asking for directions.',
      alternatives: [
        {
          description: 'Replace the counter with a video link to the contact centre',
          assessment: 'Piloted in another borough in 2025.',
          criteria: 'Cost; ease of use for older visitors',
          costPence: 25_000,
          savingPence: 30_000,
        },
      ],
      replacementProvision: 'Heath Ponds Police Station’s counter, online reporting and 101.',
      months: { engagementStart: -1, decisionDue: 2, implementationDate: 4 },
      status: 'published',
    },
  ],
};

const islington: BoroughSpec = {
  code: 'E09000019',
  sites: [
    {
      key: 'angel',
      name: 'Angel Cross Police Station',
      type: 'police-station',
      address: '301 Cross Street North, London',
      postcode: 'N1 9TW',
      wardCode: 'E05900011',
      latitude: 51.5352,
      longitude: -0.1043,
      publicAccess: hours.allHours,
    },
    {
      key: 'highbury',
      name: 'Highbury Fields Safer Neighbourhood Base',
      type: 'safer-neighbourhood-base',
      address: '16 Fieldside Terrace, London',
      postcode: 'N5 1RZ',
      wardCode: 'E05900012',
      latitude: 51.5493,
      longitude: -0.1012,
    },
  ],
  proposals: [
    {
      site: 'highbury',
      changeType: 'dispose',
      title: 'Dispose of Highbury Fields Safer Neighbourhood Base',
      summary: 'Sell the base; its team moves to Angel Cross Police Station.',
      reasons: 'The building has no step-free access and would cost £180,000 to adapt.',
      alternatives: [
        {
          description: 'Adapt the building for step-free access',
          assessment: 'Surveyed by the estates team.',
          criteria: 'Access; cost; time in the ward',
          costPence: 180_000,
          savingPence: 0,
        },
      ],
      replacementProvision: 'A weekly street surgery on the fields and the counter at Angel Cross.',
      months: { engagementStart: 1, decisionDue: 4, implementationDate: 7, disposalDate: 10 },
      status: 'draft',
    },
    {
      site: 'angel',
      changeType: 'new-facility',
      title: 'New custody suite at Angel Cross Police Station',
      summary: 'Build a twelve-cell custody suite in the yard, replacing cells closed in 2019.',
      reasons:
        'Officers drive prisoners forty minutes to the nearest custody suite, taking them off the street.',
      alternatives: [
        {
          description: 'Reopen the old cells',
          assessment: 'They fail current safety standards and cannot be brought up to them.',
          criteria: 'Safety; cost; time to open',
          costPence: 900_000,
          savingPence: 0,
        },
      ],
      replacementProvision: null,
      months: { engagementStart: 6, decisionDue: 10, implementationDate: 24 },
      status: 'draft',
    },
  ],
};

// --- Every other Met borough, from a pattern ----------------------------------------------------

/** For each borough: its postcode districts and a point near its middle. */
const places: Readonly<Record<string, readonly [districts: readonly string[], lat: number, lon: number]>> = {
  E09000002: [['IG11', 'RM10', 'RM8'], 51.5465, 0.1293],
  E09000003: [['N12', 'NW4', 'EN5'], 51.6252, -0.1517],
  E09000004: [['DA6', 'DA15', 'DA8'], 51.4549, 0.1505],
  E09000005: [['NW10', 'HA9', 'NW2'], 51.5588, -0.2817],
  E09000006: [['BR1', 'BR6', 'BR3'], 51.4039, 0.0198],
  E09000008: [['CR0', 'CR2', 'CR7'], 51.3714, -0.0977],
  E09000009: [['W5', 'UB1', 'W13'], 51.513, -0.3089],
  E09000010: [['EN1', 'N9', 'EN3'], 51.6538, -0.0799],
  E09000011: [['SE10', 'SE18', 'SE9'], 51.4892, 0.0648],
  E09000012: [['E8', 'N16', 'E5'], 51.545, -0.0553],
  E09000013: [['W6', 'SW6', 'W12'], 51.4927, -0.2339],
  E09000014: [['N15', 'N22', 'N8'], 51.5906, -0.1119],
  E09000015: [['HA1', 'HA3', 'HA2'], 51.5898, -0.3346],
  E09000016: [['RM1', 'RM11', 'RM3'], 51.5812, 0.1837],
  E09000017: [['UB8', 'UB10', 'UB4'], 51.5441, -0.476],
  E09000018: [['TW3', 'TW4', 'TW7'], 51.4609, -0.3731],
  E09000020: [['W8', 'SW3', 'W10'], 51.502, -0.1947],
  E09000021: [['KT1', 'KT2', 'KT6'], 51.4123, -0.3007],
  E09000023: [['SE13', 'SE6', 'SE4'], 51.4452, -0.0209],
  E09000024: [['SW19', 'CR4', 'SM4'], 51.4098, -0.2108],
  E09000025: [['E15', 'E13', 'E6'], 51.5255, 0.0352],
  E09000026: [['IG1', 'IG4', 'IG6'], 51.559, 0.0741],
  E09000027: [['TW9', 'TW1', 'TW10'], 51.4613, -0.3037],
  E09000029: [['SM1', 'SM5', 'SM2'], 51.3618, -0.1945],
  E09000030: [['E1', 'E14', 'E3'], 51.5203, -0.0293],
  E09000031: [['E17', 'E4', 'E10'], 51.5886, -0.0118],
  E09000032: [['SW18', 'SW11', 'SW17'], 51.4567, -0.191],
  E09000033: [['W1U', 'SW1P', 'W2'], 51.5145, -0.1527],
};

/** Invented place names: a bird, flower or tree, and an old English ending. */
const firsts = [
  'Alder',
  'Amber',
  'Briar',
  'Cherry',
  'Clover',
  'Coppice',
  'Corn',
  'Dove',
  'Ember',
  'Fallow',
  'Finch',
  'Gorse',
  'Hare',
  'Hawthorn',
  'Heather',
  'Ivy',
  'Kingfisher',
  'Lark',
  'Lavender',
  'Linnet',
  'Marsh',
  'Meadow',
  'Nettle',
  'Otter',
  'Plover',
  'Poppy',
  'Primrose',
  'Reed',
  'Robin',
  'Rush',
  'Sedge',
  'Sparrow',
  'Starling',
  'Teal',
  'Thrush',
  'Vetch',
  'Wren',
] as const;
const endings = ['mead', 'brook', 'croft', 'hurst', 'holt', 'combe', 'stead', 'wick'] as const;
const streets = ['Road', 'Street', 'Lane', 'Parade', 'Way', 'Avenue'] as const;
/** Letters Royal Mail uses in the last two places of a postcode. */
const unitLetters = 'ABDEFGHJLNPQRSTUWXYZ';

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** Boroughs (by position) whose main station is iconic, with why. */
const iconicStations: Readonly<
  Record<number, readonly [reason: string, listing: SiteInput['heritageListing']]>
> = {
  4: [
    'A Victorian station facing the market square; its clock tower is on the borough’s coat of arms.',
    'grade-ii',
  ],
  9: [
    'The station’s blue lamp was given by the family of an officer killed on duty in 1911.',
    'locally-listed',
  ],
  18: [
    'Built by the parish in 1874 and still the meeting place of the oldest ward panel in London.',
    'grade-ii',
  ],
  25: [
    'An art deco station on the river, a landmark for visitors and on every local walking tour.',
    'grade-ii',
  ],
};

/** Each pattern borough's demo wards (see demo-geography.ts): the k-th site is in the k-th ward, round again. */
const wardsOf = (code: string): string[] => demoWards.filter(([, , b]) => b === code).map(([c]) => c);

/** Each Met borough's postcode districts (the pattern boroughs'; the four by hand are in their sites). */
export const postcodeDistrictsOf = (code: string): readonly string[] | undefined => places[code]?.[0];

const extraSiteTypes: readonly [SiteType, string][] = [
  ['patrol-base', 'Patrol Base'],
  ['custody', 'Custody Centre'],
  ['other', 'Property Store'],
];

function patternSites(code: string, i: number): SiteSpec[] {
  const where = places[code];
  if (!where) throw new Error(`the demo has no postcode districts for ${code}`);
  const [districts, lat, lon] = where;
  const count = [3, 2, 4][i % 3] as number;
  const sites: SiteSpec[] = [];
  for (let k = 0; k < count; k += 1) {
    // Each borough's sites take the next four names, so no two sites anywhere share a place name.
    const m = i * 4 + k;
    const place = `${pick(firsts, m)}${pick(endings, m * 5 + Math.floor(m / firsts.length))}`;
    const street = `${place} ${pick(streets, i + k)}`;
    const [type, name] =
      k === 0
        ? (['police-station', `${place} Police Station`] as const)
        : k === 1
          ? (['front-counter', `${street} Front Counter`] as const)
          : k === 2
            ? (['safer-neighbourhood-base', `${place} Safer Neighbourhood Base`] as const)
            : (() => {
                const [t, label] = pick(extraSiteTypes, i);
                return [t, `${place} ${label}`] as const;
              })();
    const postcode = `${pick(districts, k)} ${1 + ((i * 7 + k * 3) % 9)}${pick([...unitLetters], i * 5 + k * 11)}${pick([...unitLetters], i * 13 + k * 7 + 3)}`;
    const located = (i + k) % 3 !== 2;
    const iconic = k === 0 ? iconicStations[i] : undefined;
    sites.push({
      key: `s${k}`,
      name,
      type,
      address: `${1 + ((i * 17 + k * 29) % 240)} ${street}, London`,
      postcode,
      areaCode: code,
      ...(wardsOf(code).length > 0 ? { wardCode: wardsOf(code)[k % wardsOf(code).length] } : {}),
      latitude: located ? Math.round((lat + (((k * 37 + i * 11) % 21) - 10) * 0.0011) * 1e4) / 1e4 : null,
      longitude: located ? Math.round((lon + (((k * 23 + i * 7) % 21) - 10) * 0.0016) * 1e4) / 1e4 : null,
      publicAccess:
        type === 'police-station'
          ? pick([hours.allHours, hours.everyDay], i)
          : type === 'front-counter'
            ? pick([hours.weekdays, hours.reduced], i + k)
            : null,
      status: type === 'other' ? 'closed' : 'operational',
      iconic: iconic !== undefined,
      iconicReason: iconic?.[0] ?? null,
      heritageListing: iconic?.[1] ?? (k === 0 && i % 5 === 1 ? 'locally-listed' : 'none'),
    });
  }
  return sites;
}

/** What each kind of site might have proposed for it, in the order the pattern takes them. */
const changesFor: Readonly<Record<SiteType, readonly ChangeType[]>> = {
  'police-station': ['refurbish', 'relocate-functions', 'close-front-counter', 'new-facility', 'co-locate'],
  'front-counter': ['close-front-counter', 'dispose', 'co-locate'],
  'safer-neighbourhood-base': ['dispose', 'co-locate', 'relocate-functions'],
  'patrol-base': ['dispose', 'new-facility', 'refurbish'],
  custody: ['refurbish', 'new-facility'],
  other: ['dispose', 'relocate-functions'],
};

/** The plan of a proposal's dates (months from today) and status. */
type Stage = Readonly<{ status: ProposalInput['status']; months: ProposalSpec['months'] }>;
const stages: Readonly<Record<'engaging' | 'planning' | 'later' | 'decided', Stage>> = {
  engaging: {
    status: 'published',
    months: { engagementStart: -1, decisionDue: 2, implementationDate: 5, disposalDate: 8 },
  },
  planning: {
    status: 'draft',
    months: { engagementStart: 2, decisionDue: 5, implementationDate: 8, disposalDate: 11 },
  },
  later: {
    status: 'draft',
    months: { engagementStart: 6, decisionDue: 10, implementationDate: 15, disposalDate: 20 },
  },
  decided: {
    status: 'published',
    months: { engagementStart: -8, decisionDue: -2, implementationDate: 3, disposalDate: 6 },
  },
};

function patternProposal(site: SiteSpec, other: SiteSpec, changeType: ChangeType, n: number): ProposalSpec {
  const stage = n % 30 === 7 ? stages.decided : pick([stages.engaging, stages.planning, stages.later], n);
  const hasDisposal = changeType === 'dispose' || changeType === 'relocate-functions';
  const { disposalDate, ...otherMonths } = stage.months;
  const months = hasDisposal ? stage.months : otherMonths;
  const visits = 4 + ((n * 7) % 20);
  const running = 60_000 + ((n * 3_500) % 70_000);
  const repairs = 250_000 + ((n * 45_000) % 600_000);
  const place = site.name;
  const text: Readonly<
    Record<
      ChangeType,
      Pick<ProposalInput, 'title' | 'summary' | 'reasons' | 'replacementProvision' | 'alternatives'>
    >
  > = {
    dispose: {
      title: `Dispose of ${place}`,
      summary: `Sell the building once its team has moved to ${other.name}.`,
      reasons: `The building costs £${running.toLocaleString('en-GB')} a year to run and needs £${repairs.toLocaleString('en-GB')} of repairs; its team can work from ${other.name}.`,
      replacementProvision:
        'Officers keep meeting residents at the ward panel and hold a weekly surgery in the local library.',
      alternatives: [
        {
          description: 'Keep the building and carry out the repairs',
          assessment: 'Costed by the estates team from the condition survey.',
          criteria: 'Cost over ten years; time officers spend in the ward',
          costPence: repairs,
          savingPence: 0,
        },
      ],
    },
    'close-front-counter': {
      title: site.type === 'front-counter' ? `Close ${place}` : `Close the front counter at ${place}`,
      summary: `Close the counter and direct visitors to ${other.name}, online reporting or 101.`,
      reasons: `The counter sees about ${visits} visitors a day; most of what they come for can be done online.`,
      replacementProvision: `The front counter at ${other.name}, online reporting and 101; appointments at the community centre.`,
      alternatives: [
        {
          description: 'Open on fewer days instead of closing',
          assessment: 'Modelled on last year’s visitor counts by hour.',
          criteria: 'Visitors turned away; officer hours',
          costPence: 0,
          savingPence: Math.round(running / 2),
        },
      ],
    },
    'relocate-functions': {
      title: `Move the teams out of ${place}`,
      summary: `Move the teams to ${other.name} and release the building.`,
      reasons: `${other.name} has room for the teams, and ${place} needs £${repairs.toLocaleString('en-GB')} of work.`,
      replacementProvision: `The teams work from ${other.name}; patrols in the area are unchanged.`,
      alternatives: [
        {
          description: 'Keep the teams where they are',
          assessment: 'Compared response times from both buildings.',
          criteria: 'Response times; cost',
          costPence: repairs,
          savingPence: 0,
        },
        {
          description: 'Lease space in a council building',
          assessment: 'Two council buildings visited; one suitable from next year.',
          criteria: 'Cost; date available; secure parking',
          costPence: 120_000,
          savingPence: Math.round(running / 3),
        },
      ],
    },
    'co-locate': {
      title: `Share ${place} with the council`,
      summary: 'Bring the council’s community safety team into the building and share its running costs.',
      reasons:
        'Both services work with the same residents; sharing one building halves the running cost for each.',
      replacementProvision: 'No service is lost; the public entrance stays where it is.',
      alternatives: [
        {
          description: 'Move the police team into the council’s offices instead',
          assessment: 'The council’s offices have no secure storage.',
          criteria: 'Cost; secure storage; visibility',
          costPence: 80_000,
          savingPence: Math.round(running / 2),
        },
      ],
    },
    refurbish: {
      title: `Refurbish ${place}`,
      summary:
        'Replace the heating, make the ground floor step-free and add changing rooms so more teams can work here.',
      reasons: `The building will take teams from ${other.name}; its heating fails most winters.`,
      replacementProvision: 'The building stays open during the work, one floor at a time.',
      alternatives: [
        {
          description: 'Repair the heating only',
          assessment: 'Quoted by the estates team.',
          criteria: 'Cost; access for disabled visitors',
          costPence: Math.round(repairs / 3),
          savingPence: 0,
        },
      ],
    },
    'new-facility': {
      title: `New patrol base at ${place}`,
      summary: 'Build a patrol base with parking for twenty vehicles on the yard behind the building.',
      reasons:
        'Response teams are spread over three buildings; one base near the main roads would shorten response times.',
      replacementProvision: null,
      alternatives: [
        {
          description: 'Lease an industrial unit',
          assessment: 'Three units on the market reviewed with the estates team.',
          criteria: 'Cost; location; date available',
          costPence: repairs * 2,
          savingPence: 0,
        },
      ],
    },
  };
  return {
    site: site.key,
    changeType,
    ...text[changeType],
    status: stage.status,
    months,
    shiftDays: (n * 5) % 19,
  };
}

function patternBorough(code: string, i: number): BoroughSpec {
  const sites = patternSites(code, i);
  const count = 1 + (i % 3);
  const proposals: ProposalSpec[] = [];
  for (let p = 0; p < count; p += 1) {
    const n = i * 3 + p;
    const site = sites[(p + i) % sites.length] as SiteSpec;
    const other = sites[(p + i + 1) % sites.length] as SiteSpec;
    const proposal = patternProposal(site, other, pick(changesFor[site.type as SiteType], i + p), n);
    const decided = proposal.status === 'published' && (proposal.months.decisionDue ?? 0) < 0;
    proposals.push({
      ...proposal,
      edits: decided
        ? [{ daysAgo: 50, note: 'Decided: proceed, after engagement', changes: { status: 'proceed' } }]
        : n % 7 === 3
          ? [
              {
                daysAgo: 35,
                note: 'Decision moved back a month so the ward panel can meet first',
                changes: {
                  months: {
                    decisionDue: (proposal.months.decisionDue ?? 0) + 1,
                    implementationDate: (proposal.months.implementationDate ?? 0) + 1,
                  },
                },
              },
            ]
          : [],
    });
  }
  return { code, sites, proposals, ...(finalAmps[code] ? { ampAgreedDaysAgo: finalAmps[code] } : {}) };
}

/** Boroughs whose AMP the demo agrees as final, and how many days ago (Southwark's is by hand). */
const finalAmps: Readonly<Record<string, number>> = {
  E09000003: 60, // Barnet
  E09000008: 30, // Croydon
  E09000012: 14, // Hackney
  E09000033: 45, // Westminster
};

const byHand: readonly BoroughSpec[] = [lambeth, southwark, camden, islington];

/** Every Met borough's plan, in the order of the London areas. */
export const demoEstatePlan: readonly BoroughSpec[] = londonAreas
  .filter((a) => a.policeForce === 'metropolitan')
  .map((a, i) => byHand.find((b) => b.code === a.gssCode) ?? patternBorough(a.gssCode, i));

// --- Building it through the use cases ---------------------------------------------------------

export async function buildDemoEstate(ctx: Context): Promise<void> {
  const now = ctx.clock.now().getTime();
  const today = londonDay(ctx.clock.now());
  const at = (daysAgo: number): Context => ({ ...ctx, clock: { now: () => new Date(now - daysAgo * day) } });
  const dayIn = (months: number | undefined, shiftDays: number) => {
    if (months === undefined) return null;
    const moved = new Date(`${addMonths(today, months)}T00:00:00Z`);
    moved.setUTCDate(moved.getUTCDate() + shiftDays);
    return moved.toISOString().slice(0, 10);
  };
  const dates = (months: ProposalSpec['months'], shiftDays = 0) => ({
    engagementStart: dayIn(months.engagementStart, shiftDays),
    decisionDue: dayIn(months.decisionDue, shiftDays),
    implementationDate: dayIn(months.implementationDate, shiftDays),
    disposalDate: dayIn(months.disposalDate, shiftDays),
  });

  for (const borough of demoEstatePlan) {
    const siteIds = new Map<string, string>();
    for (const { key, ...site } of borough.sites) {
      const created = await createSite(at(120), {
        ...site,
        areaCode: borough.code,
        note: 'Recorded from the estate register',
      });
      siteIds.set(key, created.id);
    }
    type Made = { id: string; input: ProposalInput; shiftDays: number };
    const proposals: Made[] = [];
    const edit = async (
      target: Made,
      daysAgo: number,
      note: string,
      { months, ...changes }: Partial<ProposalInput> & { months?: ProposalSpec['months'] },
    ) => {
      const current = target.input;
      const input: ProposalInput = { ...current, ...changes };
      if (months) {
        const moved = dates(months, target.shiftDays);
        for (const field of Object.keys(months) as (keyof typeof moved)[]) input[field] = moved[field];
      }
      await updateProposal(at(daysAgo), { ...input, id: target.id, note });
      target.input = input;
    };
    for (const { site, months, shiftDays = 0, edits, ...fields } of borough.proposals) {
      const siteId = siteIds.get(site);
      if (!siteId) throw new Error(`demo proposal names an unknown site: ${site}`);
      const input: ProposalInput = { ...fields, ...dates(months, shiftDays) };
      const created = await createProposal(at(90), { ...input, siteId });
      const entry = { id: created.id, input, shiftDays };
      proposals.push(entry);
      for (const e of edits ?? []) await edit(entry, e.daysAgo, e.note, e.changes);
    }
    if (borough.ampAgreedDaysAgo !== undefined) {
      const agreedOn = londonDay(new Date(now - borough.ampAgreedDaysAgo * day));
      await agreeAmp(at(borough.ampAgreedDaysAgo), {
        gssCode: borough.code,
        agreedOn,
        note: 'Agreed at the programme board',
      });
    }
    for (const later of borough.laterEdits ?? []) {
      const target = proposals[later.proposal];
      if (target) await edit(target, later.daysAgo, later.note, later.changes);
    }
  }
}
