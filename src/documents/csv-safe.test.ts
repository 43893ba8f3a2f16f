import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvSafe } from './csv-safe.ts';

const formulaStarts = ['=', '+', '-', '@', '\t', '\r'];

describe('csvSafe', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindent', "'\tindent"],
    ['\rcarriage', "'\rcarriage"],
    ['Lambeth', 'Lambeth'],
    ['', ''],
    ['{"email":"a@b.example"}', '{"email":"a@b.example"}'],
  ])('%j becomes %j', (cell, safe) => {
    expect(csvSafe(cell)).toBe(safe);
  });

  it('never leaves a cell starting with a formula character, and changes nothing else', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii' }),
        fc.constantFrom('', ...formulaStarts),
        (text, start) => {
          const cell = start + text;
          const safe = csvSafe(cell);
          expect(formulaStarts.includes(safe.charAt(0))).toBe(false);
          if (formulaStarts.includes(cell.charAt(0))) expect(safe).toBe(`'${cell}`);
          else expect(safe).toBe(cell);
        },
      ),
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (cell) => csvSafe(csvSafe(cell)) === csvSafe(cell)));
  });
});
