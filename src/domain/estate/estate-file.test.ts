import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, type SheetRow, writeCsv, writeXlsx } from '../../documents/spreadsheet.ts';
import { londonAreas } from '../geography/london-areas.ts';
import {
  changedFields,
  checkProposalRow,
  checkSiteRow,
  describeRowError,
  duplicateRows,
  type ExportedProposal,
  type ExportedSite,
  proposalBaseOf,
  proposalsSheet,
  readProposalsFile,
  readSitesFile,
  resolveBorough,
  type SheetIn,
  siteBaseOf,
  sitesSheet,
} from './estate-file.ts';
import { proposalFieldNames } from './proposal.ts';

const boroughs = londonAreas.map((a) => ({ code: a.gssCode, name: a.name }));
const lambeth = 'E09000022';

/** A sheet as the spreadsheet reader gives it: headings, then rows numbered from 2. */
const sheetOf = (header: string[], ...rows: string[][]): SheetIn => ({
  header,
  rows: rows.map((cells, i): SheetRow => ({ row: i + 2, cells })),
});

const siteHeader = ['Borough', 'Name', 'Type', 'Address', 'Postcode'];

function onlyRow<R>(file: { problems: readonly string[]; rows: readonly R[] }): R {
  expect(file.problems).toEqual([]);
  const [row] = file.rows;
  if (!row) throw new Error('no row');
  return row;
}

/** The errors of a site row, as a person reads them. */
function siteErrors(header: string[], cells: string[]): string[] {
  const row = onlyRow(readSitesFile(sheetOf(header, cells), boroughs));
  const checked = checkSiteRow(row);
  return checked.ok ? [] : checked.errors.map((e) => describeRowError(row.row, e));
}

describe('the headings of a sites file', () => {
  it('are matched whatever their case and spacing, with common variants', () => {
    const file = readSitesFile(
      sheetOf(
        ['BOROUGH CODE', 'Site name', 'Site type', 'address', 'Post code', 'Lat', 'Long', 'Listed', 'Notes'],
        [
          lambeth,
          'Brixton Police Station',
          'Police station',
          '367 Brixton Road',
          'sw9 7dd',
          '51.46',
          '-0.114',
          'Grade II listed',
          'ignore me',
        ],
      ),
      boroughs,
    );
    expect(file.ignored).toEqual(['Notes']);
    const row = onlyRow(file);
    expect(row.areaCode).toBe(lambeth);
    const checked = checkSiteRow(row);
    expect(checked).toMatchObject({
      ok: true,
      parsed: {
        name: 'Brixton Police Station',
        type: 'police-station',
        postcode: 'SW9 7DD',
        areaCode: lambeth,
        latitude: 51.46,
        longitude: -0.114,
        heritageListing: 'grade-ii',
        status: 'operational',
        iconic: false,
      },
    });
  });

  it('name every column that is missing, and say when the file is of the other kind', () => {
    expect(readSitesFile(sheetOf(['Name', 'Postcode'], ['A', 'SE1 7TP']), boroughs).problems).toEqual([
      'The first row must hold the column headings, and it has no column for the type, the address, the borough or latitude',
    ]);
    const proposals = sheetOf(
      ['Site ID', 'Change type', 'Title', 'Summary', 'Reasons'],
      ['x', 'Dispose', 'T', 'S', 'R'],
    );
    expect(readSitesFile(proposals, boroughs).problems).toContain(
      'This looks like a file of proposals: import it as proposals',
    );
  });

  it('refuse two columns holding the same thing, and a latitude without a longitude', () => {
    expect(readSitesFile(sheetOf([...siteHeader, 'Post code']), boroughs).problems).toEqual([
      'The columns “Postcode” and “Post code” both hold the postcode: keep one',
    ]);
    expect(readSitesFile(sheetOf([...siteHeader, 'Latitude']), boroughs).problems).toEqual([
      'The file has a latitude column but no longitude column, or the other way round: give both',
    ]);
  });
});

describe('a site row', () => {
  it('is explained in plain words, naming the row and the column', () => {
    expect(siteErrors(siteHeader, ['Lambeth', 'Brixton', 'Police station', '1 Road', 'NOT A CODE'])).toEqual([
      'Row 2, postcode: Enter a real UK postcode, like SE11 5HN',
    ]);
    expect(siteErrors(siteHeader, ['Lambith', '', 'Nick', '', ''])).toEqual([
      'Row 2, type: “Nick” is not a type of site: use one of Police station, Front counter, Safer Neighbourhood base, Custody suite, Patrol base, Other',
      'Row 2, borough: “Lambith” is not a London borough: give its name or its code, like E09000022',
      'Row 2, name: Enter the site’s name',
      'Row 2, address: Enter the address',
      'Row 2, postcode: Enter the postcode',
    ]);
  });

  it('accepts labels and codes, and asks why a site is iconic', () => {
    const header = [...siteHeader, 'Status', 'Iconic', 'Iconic reason', 'Heritage listing'];
    const row = (status: string, iconic: string, reason: string, heritage: string) =>
      siteErrors(header, [
        'Lambeth',
        'A',
        'safer-neighbourhood-base',
        '1 Road',
        'SE1 7TP',
        status,
        iconic,
        reason,
        heritage,
      ]);
    expect(row('Closed', 'yes', 'The clock tower', 'Grade II*')).toEqual([]);
    expect(row('disposed', 'No', '', 'locally-listed')).toEqual([]);
    expect(row('', 'Y', '', '')).toEqual([
      'Row 2, iconic reason: Say why the public is attached to this site',
    ]);
    expect(row('shut', 'maybe', '', 'Listed')).toEqual([
      'Row 2, status: “shut” is not a status of a site: use one of Operational, Closed, Disposed',
      'Row 2, iconic: “maybe” is not yes or no: enter Yes or No',
      'Row 2, heritage listing: “Listed” is not a heritage listing: use one of Not listed, Grade I listed, Grade II* listed, Grade II listed, Locally listed',
    ]);
  });

  it('refuses a borough code and a borough name that disagree', () => {
    expect(
      siteErrors(
        ['Borough code', 'Borough', 'Name', 'Type', 'Address', 'Postcode'],
        [lambeth, 'Camden', 'A', 'Other', '1 Road', 'SE1 7TP'],
      ),
    ).toEqual([
      'Row 2, borough: The borough code E09000022 is Lambeth, but the borough is given as Camden: correct one of them',
    ]);
  });

  it('keeps an existing site’s values for the columns the file does not have', () => {
    const row = onlyRow(
      readSitesFile(sheetOf(siteHeader, ['Lambeth', 'A', 'Other', '2 Road', 'SE1 7TP']), boroughs),
    );
    const base = siteBaseOf({
      name: 'A',
      type: 'other',
      address: '1 Road',
      postcode: 'SE1 7TP',
      areaCode: lambeth,
      wardCode: null,
      wardVintage: null,
      wardSource: null,
      latitude: 51.5,
      longitude: -0.1,
      publicAccess: 'Mon–Fri 9–5',
      status: 'closed',
      iconic: true,
      iconicReason: 'Its blue lamp',
      heritageListing: 'grade-ii',
    });
    expect(checkSiteRow(row, base)).toMatchObject({
      ok: true,
      parsed: {
        address: '2 Road',
        status: 'closed',
        iconic: true,
        iconicReason: 'Its blue lamp',
        latitude: 51.5,
      },
    });
  });
});

describe('boroughs', () => {
  it.each([
    ['E09000022', lambeth],
    ['e09000022', lambeth],
    ['lambeth', lambeth],
    ['London Borough of Lambeth', lambeth],
    ['Royal Borough of Kingston upon Thames', 'E09000021'],
    ['Hammersmith & Fulham', 'E09000013'],
    ['City of Westminster', 'E09000033'],
    ['City of London', 'E09000001'],
    ['E09000099', undefined],
    ['Gotham', undefined],
  ])('%s is %s', (text, code) => {
    expect(resolveBorough(text, boroughs)).toBe(code);
  });
});

const proposalHeader = [
  'Site',
  'Borough',
  'Change type',
  'Title',
  'Summary',
  'Reasons',
  'Engagement starts',
  'Decision due',
  'Status',
  'Alternative 1 description',
  'Alternative 1 cost (£)',
  'Alternative 2 description',
  'Alternative 3 Description',
  'Alternative 3 assessment',
  'Alternative 3 saving (£)',
];

describe('a proposal row', () => {
  it('reads the alternatives from their groups of columns, money in pounds and UK dates', () => {
    const file = readProposalsFile(
      sheetOf(proposalHeader, [
        'Brixton',
        'Lambeth',
        'Close the front counter',
        'Close the counter',
        'Summary',
        'Reasons',
        '31/03/2027',
        '2027-06-01',
        'Decided: proceed',
        'Keep it open',
        '£1,250.50',
        '',
        'Share with the council',
        'Scored 3/5',
        '40000',
      ]),
      boroughs,
    );
    const row = onlyRow(file);
    expect(row).toMatchObject({ siteName: 'Brixton', areaCode: lambeth, alternativeNumbers: [1, 3] });
    expect(checkProposalRow(row)).toMatchObject({
      ok: true,
      parsed: {
        changeType: 'close-front-counter',
        engagementStart: '2027-03-31',
        decisionDue: '2027-06-01',
        status: 'proceed',
        alternatives: [
          { description: 'Keep it open', assessment: null, costPence: 125050, savingPence: null },
          {
            description: 'Share with the council',
            assessment: 'Scored 3/5',
            costPence: null,
            savingPence: 4000000,
          },
        ],
      },
    });
  });

  it('names the alternative a problem is in by its number in the file', () => {
    const cells = [
      'Brixton',
      'Lambeth',
      'Dispose',
      'T',
      'S',
      'R',
      '31/02/2027',
      '',
      'Pending',
      '',
      '12x',
      '',
      '',
      '',
      '-5',
    ];
    const row = onlyRow(readProposalsFile(sheetOf(proposalHeader, cells), boroughs));
    const checked = checkProposalRow(row);
    expect(checked.ok ? [] : checked.errors.map((e) => describeRowError(row.row, e))).toEqual([
      'Row 2, status: “Pending” is not a status of a proposal: use one of Draft, Published for engagement, Decided: proceed, Decided: modified, Decided: withdrawn, Implemented',
      'Row 2, engagement start: Enter the engagement start as a real date, like 2027-03-31 or 31/03/2027',
      'Row 2, alternative 1 description: Describe the alternative',
      'Row 2, alternative 1 cost: Enter the cost in pounds, like 250000 or 1,250.50',
      'Row 2, alternative 3 description: Describe the alternative',
      'Row 2, alternative 3 saving: Enter the saving in pounds, like 250000 or 1,250.50',
    ]);
  });

  it('keeps the alternatives of an existing proposal when the file has no alternative columns', () => {
    const header = ['Site ID', 'Change type', 'Title', 'Summary', 'Reasons'];
    const row = onlyRow(readProposalsFile(sheetOf(header, ['x', 'Dispose', 'T', 'S2', 'R']), boroughs));
    const base = proposalBaseOf({
      siteId: 'x',
      changeType: 'dispose',
      title: 'T',
      summary: 'S',
      reasons: 'R',
      alternatives: [
        { description: 'Keep', assessment: null, criteria: null, costPence: 1999, savingPence: 5 },
      ],
      replacementProvision: null,
      engagementStart: null,
      decisionDue: null,
      implementationDate: null,
      disposalDate: '2027-12-01',
      status: 'published',
    });
    expect(checkProposalRow(row, base)).toMatchObject({
      ok: true,
      parsed: {
        summary: 'S2',
        status: 'published',
        disposalDate: '2027-12-01',
        alternatives: [{ description: 'Keep', costPence: 1999, savingPence: 5 }],
      },
    });
  });
});

const sites: ExportedSite[] = [
  {
    id: '6f1f4f2e-8f0a-4d5e-9b7c-1a2b3c4d5e6f',
    name: 'Brixton Police Station',
    type: 'police-station',
    address: '367 Brixton Road\nLondon',
    postcode: 'SW9 7DD',
    areaCode: lambeth,
    areaName: 'Lambeth',
    wardCode: null,
    wardVintage: null,
    wardSource: null,
    latitude: 51.463,
    longitude: -0.1149,
    publicAccess: '=HYPERLINK("http://evil.example","Opening hours")',
    status: 'operational',
    iconic: true,
    iconicReason: '-the blue lamp',
    heritageListing: 'grade-ii-star',
  },
];

const proposals: ExportedProposal[] = [
  {
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    siteId: sites[0]?.id ?? '',
    siteName: 'Brixton Police Station',
    areaCode: lambeth,
    areaName: 'Lambeth',
    changeType: 'relocate-functions',
    title: 'Move response teams',
    summary: '+ more patrols',
    reasons: 'Cost',
    alternatives: [
      { description: 'A', assessment: 'x', criteria: null, costPence: 125050, savingPence: null },
      { description: 'B', assessment: null, criteria: 'c', costPence: null, savingPence: 1 },
      { description: 'C', assessment: null, criteria: null, costPence: 0, savingPence: 0 },
      { description: 'D, the fourth', assessment: null, criteria: null, costPence: 99, savingPence: null },
    ],
    replacementProvision: null,
    engagementStart: '2027-01-04',
    decisionDue: '2027-04-30',
    implementationDate: null,
    disposalDate: '2028-03-31',
    status: 'published',
  },
];

describe('an export', () => {
  it.each(['csv', 'xlsx'] as const)('reads back as the same sites (%s)', async (format) => {
    const sheet = sitesSheet(sites);
    const file = format === 'csv' ? new TextEncoder().encode(writeCsv(sheet)) : await writeXlsx(sheet);
    const read = await readSpreadsheet(file);
    if (!read.ok) throw new Error(read.message);
    const row = onlyRow(readSitesFile(read, boroughs));
    expect(row.id).toBe(sites[0]?.id);
    const checked = checkSiteRow(row);
    expect(checked).toMatchObject({
      ok: true,
      parsed: {
        name: 'Brixton Police Station',
        address: '367 Brixton Road\nLondon',
        publicAccess: '=HYPERLINK("http://evil.example","Opening hours")',
        iconicReason: '-the blue lamp',
        heritageListing: 'grade-ii-star',
        latitude: 51.463,
        longitude: -0.1149,
        areaCode: lambeth,
      },
    });
  });

  it.each(['csv', 'xlsx'] as const)(
    'reads back as the same proposals, with every alternative (%s)',
    async (format) => {
      const sheet = proposalsSheet(proposals);
      expect(sheet.columns.map((c) => c.header)).toContain('Alternative 4 saving (£)');
      const file = format === 'csv' ? new TextEncoder().encode(writeCsv(sheet)) : await writeXlsx(sheet);
      const read = await readSpreadsheet(file);
      if (!read.ok) throw new Error(read.message);
      const row = onlyRow(readProposalsFile(read, boroughs));
      const checked = checkProposalRow(row);
      if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
      const [original] = proposals;
      if (!original) throw new Error('no proposal');
      expect(
        changedFields(proposalFieldNames, original, { siteId: original.siteId, ...checked.parsed }),
      ).toEqual([]);
    },
  );

  it('offers three groups of alternative columns even when no proposal has one', () => {
    const headers = proposalsSheet([]).columns.map((c) => c.header);
    expect(headers.filter((h) => h.startsWith('Alternative'))).toHaveLength(15);
    expect(headers.slice(-5)).toEqual([
      'Alternative 3 description',
      'Alternative 3 assessment',
      'Alternative 3 criteria',
      'Alternative 3 cost (£)',
      'Alternative 3 saving (£)',
    ]);
  });
});

describe('comparing and duplicates', () => {
  it('compares values stored as jsonb (keys reordered) as equal', () => {
    const labels = { alternatives: 'Alternatives', title: 'Title' };
    const before = { alternatives: [{ description: 'A', costPence: 1 }], title: 'T' };
    const after = { alternatives: [{ costPence: 1, description: 'A' }], title: 'T2' };
    expect(changedFields(labels, before, after)).toEqual(['Title']);
  });

  it('finds each later row with the key of an earlier one', () => {
    const rows = [
      { row: 2, key: 'a' },
      { row: 3, key: undefined },
      { row: 4, key: 'a' },
      { row: 5, key: 'b' },
      { row: 6, key: 'a' },
    ];
    expect([...duplicateRows(rows)]).toEqual([
      [4, 2],
      [6, 2],
    ]);
  });
});

describe('random and hostile cells', () => {
  const hostileCell = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '=cmd|"/c calc"!A1',
      "'",
      '£',
      '-1',
      '1e309',
      'NaN',
      '31/02/2027',
      'E09000022',
      'yes',
      '\uFEFF',
      '𝔘𝔫𝔦',
    ),
  );
  const rowsOf = (width: number) =>
    fc.array(fc.array(hostileCell, { minLength: width, maxLength: width }), { maxLength: 5 });

  it('never throw when read and checked as sites: each row is accepted or has its problems', () => {
    fc.assert(
      fc.property(rowsOf(siteHeader.length + 4), (rows) => {
        const header = [...siteHeader, 'Latitude', 'Longitude', 'Iconic', 'Heritage'];
        const file = readSitesFile(sheetOf(header, ...rows), boroughs);
        for (const row of file.rows) {
          const checked = checkSiteRow(row);
          if (!checked.ok) for (const e of checked.errors) expect(e.message.length).toBeGreaterThan(0);
          else expect(JSON.stringify(checked.parsed)).not.toContain('\\u0000');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throw when read and checked as proposals', () => {
    fc.assert(
      fc.property(rowsOf(proposalHeader.length), (rows) => {
        const file = readProposalsFile(sheetOf(proposalHeader, ...rows), boroughs);
        for (const row of file.rows) {
          const checked = checkProposalRow(row);
          if (!checked.ok) for (const e of checked.errors) expect(e.message.length).toBeGreaterThan(0);
          else expect(JSON.stringify(checked.parsed)).not.toContain('\\u0000');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on random headings', () => {
    fc.assert(
      fc.property(fc.array(hostileCell, { maxLength: 12 }), rowsOf(3), (header, rows) => {
        readSitesFile(sheetOf(header, ...rows), boroughs);
        readProposalsFile(sheetOf(header, ...rows), boroughs);
      }),
    );
  });
});
