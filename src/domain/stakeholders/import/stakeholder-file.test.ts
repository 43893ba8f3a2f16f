import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../../documents/spreadsheet.ts';
import { isCalendarDay } from '../../shared/london-time.ts';
import { parseConsent, parseDay, parseScore, splitList } from './cells.ts';
import { guessField, guessMapping, mappingFor, mappingProblems } from './columns.ts';
import { describeRowError, fold, personKey, type ReadRow, type RowLookups, readRows } from './rows.ts';
import { flagThreshold, personScore, SimilarityIndex, textSimilarity } from './similarity.ts';

/** Reading stakeholder files without a database: cells, headings, rows, and the similarity of names. */

const today = '2026-11-22';
const lookups: RowLookups = {
  today,
  boroughName: 'Lambeth',
  roles: [
    { id: 'ward-councillor', label: 'Ward councillor' },
    { id: 'faith-leader', label: 'Faith leader' },
    { id: 'lead-member-community-safety', label: 'Lead member for community safety or policing' },
  ],
  wards: [
    { code: 'E05014096', name: 'Brixton North' },
    { code: 'E05014097', name: 'Brixton Windrush' },
  ],
};

async function rowsOf(text: string | Uint8Array): Promise<ReadRow[]> {
  const sheet = await readSpreadsheet(typeof text === 'string' ? new TextEncoder().encode(text) : text);
  if (!sheet.ok) throw new Error(sheet.message);
  return readRows(sheet.rows, sheet.header, guessMapping(sheet.header), lookups);
}

describe('days', () => {
  it.each([
    ['2026-03-31', '2026-03-31'],
    ['2026-3-1', '2026-03-01'],
    ['2026-03-31 00:00', '2026-03-31'],
    ['2026-03-31T10:15:00Z', '2026-03-31'],
    ['31/03/2026', '2026-03-31'],
    ['1/3/2026', '2026-03-01'],
    ['31-03-26', '2026-03-31'],
    ['31.3.2026', '2026-03-31'],
    ['05/03/99', '1999-03-05'],
    ['31 March 2026', '2026-03-31'],
    ['1st Sept 2026', '2026-09-01'],
    ['March 31, 2026', '2026-03-31'],
    ['45900', '2025-08-31'],
    ['45900.5', '2025-08-31'],
  ])('reads %s as %s', (text, day) => {
    expect(parseDay(text, today)).toEqual({ ok: true, value: day });
  });

  it.each(['31/02/2026', '2026-13-01', '03/31/2026', 'yesterday', '2024', '123', '', 'Smarch 3, 2026'])(
    'refuses %j in plain words',
    (text) => {
      const parsed = parseDay(text, today);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok)
        expect(parsed.message).toMatch(/is not a date: write it like 2026-03-31 or 31\/03\/2026$/);
    },
  );

  it('gives a real day or a reason for anything typed, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseDay(text, today);
        if (parsed.ok) expect(isCalendarDay(parsed.value)).toBe(true);
        else expect(parsed.message).toContain('is not a date');
      }),
    );
  });

  it('reads back every day written day first', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, dd] = iso.split('-');
          expect(parseDay(`${dd}/${m}/${y}`, today)).toEqual({ ok: true, value: iso });
          expect(parseDay(iso, today)).toEqual({ ok: true, value: iso });
        },
      ),
    );
  });
});

describe('scores, consent and lists', () => {
  it('reads scores as numbers or words, and refuses the rest', () => {
    expect(parseScore('3')).toEqual({ ok: true, value: 3 });
    expect(parseScore('5.0')).toEqual({ ok: true, value: 5 });
    expect(parseScore('High')).toEqual({ ok: true, value: 4 });
    expect(parseScore('very low')).toEqual({ ok: true, value: 1 });
    expect(parseScore('6').ok).toBe(false);
    expect(parseScore('2.5').ok).toBe(false);
  });

  it('reads yes and no as spreadsheets write them', () => {
    for (const yes of ['Yes', 'Y', 'TRUE', '1', 'opted in', '✓'])
      expect(parseConsent(yes)).toEqual({ ok: true, value: 'given' });
    for (const no of ['No', 'n', 'FALSE', '0', 'Withdrawn', 'unsubscribed']) {
      expect(parseConsent(no)).toEqual({ ok: true, value: 'withdrawn' });
    }
    expect(parseConsent('maybe')).toEqual({ ok: false, message: '“maybe” is not yes or no' });
  });

  it('splits lists on semicolons, line breaks and bars', () => {
    expect(splitList(' Faith leader; Ward councillor |Staff\n\n')).toEqual([
      'Faith leader',
      'Ward councillor',
      'Staff',
    ]);
  });
});

describe('headings', () => {
  it('guesses the field of common headings whatever their case and punctuation', () => {
    expect(guessField('Full name')).toBe('fullName');
    expect(guessField('NAME')).toBe('fullName');
    expect(guessField('E-mail address')).toBe('email');
    expect(guessField('Email')).toBe('email');
    expect(guessField('Job title')).toBe('position');
    expect(guessField('Phone 2')).toBe('phone');
    expect(guessField('Address line 1')).toBe('postalAddress');
    expect(guessField('Post code')).toBe('postalAddress');
    expect(guessField('Organization')).toBe('organisation');
    expect(guessField('Consent date')).toBe('consentDate');
    expect(guessField('Favourite colour')).toBeUndefined();
    expect(guessField('')).toBeUndefined();
  });

  it('gives a field that takes one column to the first column naming it, and lets several columns feed a list', () => {
    expect(guessMapping(['Name', 'Email', 'E-mail', 'Phone', 'Mobile', 'Notes'])).toEqual([
      'fullName',
      'email',
      null,
      'phone',
      'phone',
      'notes',
    ]);
  });

  it('says what is wrong with a mapping, by column', () => {
    const problems = mappingProblems(['email', 'email', 'phone', 'phone']);
    expect([...problems.columns]).toEqual([[1, 'Only one column can be “E-mail”: column 1 already is']]);
    expect(problems.whole).toEqual([
      'Choose the column that holds the person’s name (“Full name”, or “First name” and “Last name”)',
    ]);
    expect(mappingProblems(['firstName', 'lastName']).whole).toEqual([]);
  });

  it('applies a stored mapping only to the headings it was made for', () => {
    const header = ['Who', 'Mail'];
    expect(mappingFor(header, { header, fields: ['fullName', 'email'] })).toEqual(['fullName', 'email']);
    expect(mappingFor(header, { header: ['Other', 'Mail'], fields: ['fullName', 'email'] })).toEqual([
      null,
      'email',
    ]);
    expect(mappingFor(header, { header, fields: ['nonsense', 'email'] })).toEqual([null, 'email']);
    expect(mappingFor(header, 'garbage')).toEqual([null, 'email']);
  });
});

describe('rows of a messy spreadsheet', () => {
  it('reads a byte-order mark, Windows line endings, quoted newlines and commas, and skips trailing blank rows', async () => {
    const rows = await rowsOf(
      '\uFEFFName,Email,Address\r\n"Smith, Jo",JO@Example.ORG,"1 High St\r\nLondon"\r\n,,\r\n\r\n',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.record).toMatchObject({
      fullName: 'Smith, Jo',
      email: { value: 'JO@Example.ORG', normalised: 'jo@example.org' },
      postalAddress: '1 High St\r\nLondon',
    });
  });

  it('joins first and last names, and several address columns', async () => {
    const [row] = await rowsOf(
      'First name,Surname,Address line 1,Town,Postcode\nAda,Brixton,1 Acre Lane,London,SW2 5SG\n',
    );
    expect(row?.record).toMatchObject({
      fullName: 'Ada Brixton',
      postalAddress: '1 Acre Lane, London, SW2 5SG',
    });
  });

  it('matches roles and wards by name or code, whatever their case', async () => {
    const [row] = await rowsOf(
      'Name,Role,Ward\nAda,"faith LEADER; ward-councillor",brixton north; E05014097\nBo,Lead member for community safety or policing,\n',
    );
    expect(row?.record).toMatchObject({
      roleIds: ['faith-leader', 'ward-councillor'],
      wards: ['E05014096', 'E05014097'],
    });
  });

  it('names the row, the column as headed and the value in each problem', async () => {
    const rows = await rowsOf(
      [
        'Name,E-mail,Phone,Influence,Consent,Consent date,Consent wording,Organisation type,Job title',
        ',a@b,12,9,yes,2027-01-01,,Pub,Chair',
      ].join('\n'),
    );
    expect(rows[0]?.errors.map(describeRowError)).toEqual([
      'Row 2, Name: The row has no name: every person needs one',
      'Row 2, E-mail: “a@b” is not an e-mail address',
      'Row 2, Phone: “12” is not a telephone number',
      'Row 2, Influence: “9” is not a score: write a whole number from 1 to 5, or low, medium or high',
      'Row 2, Consent date: The consent date cannot be in the future',
      'Row 2, Consent wording: Enter the version of the wording the person agreed to',
      'Row 2, Organisation type: “Pub” is not a type of organisation: use one of Council, Community group, Faith organisation, Business, Media outlet, Residents’ association, Ward panel, Safer Neighbourhood Board, School, Other',
      'Row 2, Job title: A position needs the organisation it is held in',
    ]);
  });

  it('refuses two addresses in one cell, and control characters', async () => {
    const rows = await rowsOf('Name,Email\nAda,"a@example.org; b@example.org"\n"Bo\u0007",bo@example.org\n');
    expect(rows.map((r) => r.errors.map(describeRowError))).toEqual([
      [
        'Row 2, Email: “a@example.org; b@example.org” is not one e-mail address: put one address in this column',
      ],
      ['Row 3, Name: The cell holds characters that are not text, or is too long'],
    ]);
  });

  it('reads an Excel workbook’s dates, stored as dates or as serial numbers', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['Name', 'Last verified', 'Consent', 'Consent date', 'Consent wording', 'Email']);
    sheet.addRow(['Ada', new Date(Date.UTC(2026, 2, 31)), 'yes', 45900, 'v1', 'ada@example.org']);
    const rows = await rowsOf(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(rows[0]?.record).toMatchObject({
      lastVerifiedOn: '2026-03-31',
      consent: { event: 'given', on: '2025-08-31', wording: 'v1' },
    });
  });

  it('folds a later row of the same person into the first: the first’s values stand, lists are added together', async () => {
    const [a, b] = await rowsOf(
      'Name,Email,Phone,Role,Language\nAda,ADA@example.org,020 7946 0000,Faith leader,\nAda B,ada@example.org,020 7946 0001,Ward councillor,Yoruba\n',
    );
    const first = a?.record;
    const later = b?.record;
    if (!first || !later) throw new Error('both rows read');
    expect(personKey(first)).toBe(personKey(later));
    expect(fold(first, later)).toMatchObject({
      fullName: 'Ada',
      phones: [{ normalised: '02079460000' }, { normalised: '02079460001' }],
      roleIds: ['faith-leader', 'ward-councillor'],
      preferredLanguage: 'Yoruba',
    });
  });

  it('reads any cells without throwing: each row is a record or its problems', () => {
    const header = [
      'Name',
      'Email',
      'Phone',
      'Role',
      'Ward',
      'Influence',
      'Consent',
      'Consent date',
      'Consent wording',
      'Last verified',
    ];
    const mapping = guessMapping(header);
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.oneof(
              fc.string(),
              fc.string({ unit: 'grapheme' }),
              fc.constantFrom('', 'yes', '31/02/2026', 'a@b.co', '∞'),
            ),
            { minLength: 0, maxLength: 12 },
          ),
          { maxLength: 20 },
        ),
        (cells) => {
          const rows = cells.map((c, i) => ({ row: i + 2, cells: c }));
          for (const r of readRows(rows, header, mapping, lookups)) {
            expect(r.record === undefined).toBe(r.errors.length > 0);
            for (const e of r.errors) expect(e.row).toBe(r.row);
          }
        },
      ),
    );
  });
});

describe('similarity', () => {
  it('scores as pg_trgm does', () => {
    expect(textSimilarity('word', 'word')).toBe(1);
    expect(textSimilarity('word', 'two words')).toBeCloseTo(4 / 11, 5);
    expect(textSimilarity('', 'x')).toBe(0);
  });

  it('sees through titles and honours, and weighs the organisation a third', () => {
    expect(
      personScore(
        { name: 'Cllr Jane Smith', organisations: [] },
        { name: 'Jane Smith MP', organisations: [] },
      ),
    ).toBe(1);
    const colleague = personScore(
      { name: 'Jane Smith', organisations: ['Lambeth Council'] },
      { name: 'John Smith', organisations: ['Lambeth Council'] },
    );
    expect(colleague).toBeLessThan(flagThreshold);
    const spelling = personScore(
      { name: 'Jonathon Okoro', organisations: ['Stockwell Residents'] },
      { name: 'Jonathan Okoro', organisations: ['Stockwell Residents'] },
    );
    expect(spelling).toBeGreaterThanOrEqual(flagThreshold);
  });

  it('finds exactly the best match at or above the threshold that comparing every pair finds', () => {
    const name = fc.constantFrom(
      'Ada',
      'Adah',
      'Bola',
      'Chris',
      'Kris',
      'Dana',
      'Jon',
      'John',
      'Smith',
      'Smyth',
      'Okoro',
      'Okoroh',
      'Lee',
      'Li',
    );
    const person = fc.record({
      name: fc.array(name, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
      organisations: fc.array(
        fc.constantFrom('Lambeth Council', 'Brixton Forum', 'Brixton Forums', 'Oval Club'),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 25 }), person, (existing, candidate) => {
        const index = new SimilarityIndex(
          existing.map((p, i) => ({ ...p, item: i })),
          [candidate.name],
        );
        const found = index.best(candidate);
        const scores = existing.map((p) => personScore(candidate, p));
        const best = Math.max(0, ...scores);
        if (best >= flagThreshold - 1e-9) {
          expect(found?.score).toBeCloseTo(best, 9);
        } else expect(found).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
