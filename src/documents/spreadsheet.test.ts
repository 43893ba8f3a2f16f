import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, detectFormat, readSpreadsheet, type Sheet, writeCsv, writeXlsx } from './spreadsheet.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

async function read(input: Uint8Array) {
  const sheet = await readSpreadsheet(input);
  if (!sheet.ok) throw new Error(`expected a sheet, got: ${sheet.message}`);
  return sheet;
}

async function workbook(build: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('First'));
  wb.addWorksheet('Second').addRow(['not', 'read']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function loadXlsx(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}

describe('reading a CSV file', () => {
  it('drops the byte-order mark, reads Windows line endings and quoted new lines, and skips blank rows', async () => {
    const text =
      '\uFEFFName, Post code \r\n"Brixton\r\nPolice Station",SW2 1BZ\r\n\r\n"Say ""hi""",SE1 7TP\r\n,\r\n\r\n';
    const sheet = await read(bytes(text));
    expect(sheet.format).toBe('csv');
    expect(sheet.header).toEqual(['Name', 'Post code']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['Brixton\r\nPolice Station', 'SW2 1BZ'] },
      { row: 4, cells: ['Say "hi"', 'SE1 7TP'] },
    ]);
    expect(sheet.problems).toEqual([]);
  });

  it('pads short rows to the headings, and reads semicolons when the heading row has no comma', async () => {
    const sheet = await read(bytes('Name;Postcode;Status\nA;SE1 7TP\nB;SW2 1BZ;closed\n'));
    expect(sheet.header).toEqual(['Name', 'Postcode', 'Status']);
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      ['A', 'SE1 7TP', ''],
      ['B', 'SW2 1BZ', 'closed'],
    ]);
  });

  it('reads text that is not UTF-8 as Windows-1252, as older Excel saves it', async () => {
    const sheet = await read(Uint8Array.from([...bytes('Cost\r\n'), 0xa3, ...bytes('250\r\n')]));
    expect(sheet.rows[0]?.cells).toEqual(['£250']);
  });

  it('reports a row whose quotation mark is never closed', async () => {
    const sheet = await read(bytes('Name,Postcode\nA,SE1 7TP\n"B,SW2 1BZ\n'));
    expect(sheet.problems).toEqual([
      { row: 3, message: 'A quoted value on this row is not closed: check the quotation marks' },
    ]);
    expect(sheet.rows.map((r) => r.row)).toEqual([2]);
  });

  it('reads a cell our export neutralised as it was typed', async () => {
    const sheet = await read(bytes("Name\n'=1+2\n'Brixton\n"));
    expect(sheet.rows.map((r) => r.cells[0])).toEqual(['=1+2', "'Brixton"]);
  });
});

describe('reading an Excel workbook', () => {
  it('reads the first worksheet: dates as YYYY-MM-DD, rich text, formula results and links as their text', async () => {
    const file = await workbook((ws) => {
      ws.addRow([]);
      ws.addRow(['Name', 'Opened', 'Cost', 'Note', 'Link', 'Flag', 'Error']);
      ws.addRow([
        { richText: [{ text: 'Brixton ' }, { text: 'Police Station', font: { bold: true } }] },
        new Date(Date.UTC(2027, 2, 31)),
        1250.5,
        { formula: 'A3&"!"', result: 'Brixton!' },
        { text: 'map', hyperlink: 'https://example.org' },
        true,
        { error: '#N/A' },
      ]);
      ws.addRow([]);
      ws.addRow([
        'Second',
        new Date(Date.UTC(2027, 0, 1, 9, 30)),
        0.1 + 0.2,
        { formula: 'B1', result: undefined },
      ]);
    });
    const sheet = await read(file);
    expect(sheet.format).toBe('xlsx');
    expect(sheet.header).toEqual(['Name', 'Opened', 'Cost', 'Note', 'Link', 'Flag', 'Error']);
    expect(sheet.rows).toEqual([
      {
        row: 3,
        cells: ['Brixton Police Station', '2027-03-31', '1250.5', 'Brixton!', 'map', 'TRUE', '#N/A'],
      },
      { row: 5, cells: ['Second', '2027-01-01 09:30', '0.3', '', '', '', ''] },
    ]);
  });

  it('tells the format by its first bytes, not its name', async () => {
    const file = await workbook((ws) => ws.addRow(['Name']));
    expect(detectFormat(file)).toBe('xlsx');
    expect(detectFormat(bytes('PK,Name\n1,2'))).toBe('text');
    expect((await read(bytes('PK,Name\n1,2'))).format).toBe('csv');
  });

  it('explains a file it cannot read', async () => {
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect(await readSpreadsheet(xls)).toEqual({
      ok: false,
      message:
        'This is an older Excel file (.xls): open it in Excel and save it as an Excel workbook (.xlsx) or as CSV',
    });
    const brokenZip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    expect(await readSpreadsheet(brokenZip)).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot be opened'),
    });
    expect(await readSpreadsheet(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a CSV file or an Excel workbook'),
    });
    expect(await readSpreadsheet(new Uint8Array())).toEqual({ ok: false, message: 'The file is empty' });
    expect(await readSpreadsheet(bytes('\n\n ,\n'))).toEqual({
      ok: false,
      message: 'The file has no rows in it',
    });
    expect(await readSpreadsheet(bytes('a\n1\n2\n3\n'), { maxRows: 2 })).toMatchObject({ ok: false });
  });

  it('never throws on random bytes, even those that start like a zip', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom([], [0x50, 0x4b, 0x03, 0x04], [0xef, 0xbb, 0xbf], [0xff, 0xfe]),
        fc.uint8Array({ maxLength: 300 }),
        async (prefix, rest) => {
          const result = await readSpreadsheet(Uint8Array.from([...prefix, ...rest]));
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 200 },
    );
  });
});

const hostile: Sheet = {
  name: 'Sites',
  columns: [
    { header: 'Name' },
    { header: 'Longitude', kind: 'number' },
    { header: 'Opened', kind: 'date' },
    { header: 'Cost (£)', kind: 'money' },
  ],
  rows: [
    ['=HYPERLINK("http://evil.example","Click")', -0.1149, '2027-03-31', 1250.5],
    ['+44 20 7946 0000', null, null, null],
    ['@SUM(A1)', 51.5, '', 0],
  ],
};

describe('writing a CSV file', () => {
  it('neutralises formulas in text, keeps numbers as numbers, and reads back as written', async () => {
    const csv = writeCsv(hostile);
    expect(csv.startsWith('\uFEFFName,Longitude,Opened,Cost (£)\r\n')).toBe(true);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""Click"")",-0.1149,2027-03-31,1250.5\r\n');
    expect(csv).toContain("'+44 20 7946 0000,,,\r\n");
    expect(csv).toContain("'@SUM(A1),51.5,,0\r\n");
    expect(csv).not.toMatch(/(^|[,\n])[=+@]/);
    const sheet = await read(bytes(csv));
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      ['=HYPERLINK("http://evil.example","Click")', '-0.1149', '2027-03-31', '1250.5'],
      ['+44 20 7946 0000', '', '', ''],
      ['@SUM(A1)', '51.5', '', '0'],
    ]);
  });

  it('reads back any text it writes', async () => {
    const text = fc
      .string({ unit: 'grapheme', maxLength: 30 })
      // Our own neutralising quote is read as such: a cell typed as "'=…" is the one ambiguity.
      .filter((s) => !/^'[=+\-@\t\r]/.test(s) && !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }), async (rows) => {
        const kept = rows.filter(([a, b]) => a.trim() !== '' || b.trim() !== '');
        const csv = writeCsv({ name: 'S', columns: [{ header: 'A' }, { header: 'B' }], rows });
        const sheet = await read(bytes(csv));
        expect(sheet.rows.map((r) => r.cells)).toEqual(kept);
      }),
      { numRuns: 200 },
    );
  });
});

describe('writing an Excel workbook', () => {
  it('has a bold, frozen heading row, numbers and dates as such, and text that Excel cannot run', async () => {
    const ws = await loadXlsx(await writeXlsx(hostile));
    expect(ws.name).toBe('Sites');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(1).values).toEqual([undefined, 'Name', 'Longitude', 'Opened', 'Cost (£)']);
    const first = ws.getRow(2);
    expect(first.getCell(1).value).toBe('\'=HYPERLINK("http://evil.example","Click")');
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(2).value).toBe(-0.1149);
    expect(first.getCell(3).value).toEqual(new Date(Date.UTC(2027, 2, 31)));
    expect(first.getCell(3).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(4).value).toBe(1250.5);
    expect(ws.getRow(3).getCell(1).value).toBe("'+44 20 7946 0000");
    expect(ws.getRow(4).getCell(1).value).toBe("'@SUM(A1)");
    for (let r = 1; r <= ws.rowCount; r += 1) {
      ws.getRow(r).eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    }
  });

  it('reads back as written', async () => {
    const sheet = await read(new Uint8Array(await writeXlsx(hostile)));
    expect(sheet.format).toBe('xlsx');
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      ['=HYPERLINK("http://evil.example","Click")', '-0.1149', '2027-03-31', '1250.5'],
      ['+44 20 7946 0000', '', '', ''],
      ['@SUM(A1)', '51.5', '', '0'],
    ]);
  });
});

describe('the text of a cell', () => {
  it.each([
    [null, ''],
    [42, '42'],
    [0.1 + 0.2, '0.3'],
    [false, 'FALSE'],
    [new Date(Date.UTC(2026, 10, 22)), '2026-11-22'],
    [{ richText: [{ text: 'a' }, { text: 'b' }] }, 'ab'],
    [{ sharedFormula: 'A1', result: 7 }, '7'],
    [{ text: { richText: [{ text: 'link' }] }, hyperlink: 'https://example.org' }, 'link'],
    [{ formula: 'NOW()', result: new Date(Date.UTC(2026, 0, 2)) }, '2026-01-02'],
  ])('%j reads as %j', (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});
