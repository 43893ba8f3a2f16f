import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  erasedDescription,
  erasedMarker,
  erasureTerms,
  mentions,
  redactJson,
  redactText,
  redactValues,
  sameName,
  termPattern,
} from './redaction.ts';

/** Erasure's text rules: property-tested, since names and addresses can be anything people type. */

/** A term as a person's name or address might be: anything printable that is not the marker's own word. */
const term = fc
  .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(..."abcxyzÉéß-.@ _'’0189") })
  .filter((t) => t.trim() !== '' && !erasedMarker.toLowerCase().includes(t.trim().toLowerCase()));

describe('taking a person’s words out of text', () => {
  it('leaves none of the terms standing on its own, whatever the text around them', () => {
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 4 }),
        fc.array(fc.oneof(fc.string(), term)),
        (terms, parts) => {
          const pattern = termPattern(erasureTerms(terms));
          const text = parts.join(' ');
          const out = redactText(text, pattern);
          expect(mentions(out, pattern)).toBe(false);
          // Redacting again changes nothing more.
          expect(redactText(out, pattern)).toBe(out);
        },
      ),
    );
  });

  it('changes nothing in text that does not mention them', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 4 }), fc.string(), (terms, text) => {
        const pattern = termPattern(erasureTerms(terms));
        fc.pre(!mentions(text, pattern));
        expect(redactText(text, pattern)).toBe(text);
      }),
    );
  });

  it('keeps the shape of JSON values, changing only the strings that mention them', () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), fc.jsonValue(), (terms, value) => {
        const pattern = termPattern(erasureTerms(terms));
        const out = redactJson(value, pattern);
        const shape = (v: unknown): unknown =>
          typeof v === 'string'
            ? 'string'
            : Array.isArray(v)
              ? v.map(shape)
              : v !== null && typeof v === 'object'
                ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
                : v;
        expect(shape(out)).toEqual(shape(value));
        if (!mentions(JSON.stringify(value), pattern)) expect(out).toEqual(value);
      }),
    );
  });

  it('takes out whole words in any case, not parts of longer ones', () => {
    const pattern = termPattern(erasureTerms(['Ann Lee', 'ann.lee@example.org', 'Ann']));
    expect(redactText('Met Ann Lee (ANN.LEE@example.org) and Anne Leeson; ann said hello.', pattern)).toBe(
      'Met [erased] ([erased]) and Anne Leeson; [erased] said hello.',
    );
    expect(redactText('Nothing to see', undefined)).toBe('Nothing to see');
    expect(termPattern(['', '  '])).toBeUndefined();
  });

  it('replaces personal fields whole and other strings by the terms', () => {
    const pattern = termPattern(['Ann Lee']);
    expect(
      redactValues(
        {
          fullName: 'Ann Lee',
          emails: ['a@x.org', 'b@x.org'],
          notes: null,
          phones: [],
          summary: 'Called Ann Lee',
        },
        new Set(['fullName', 'emails', 'notes', 'phones']),
        pattern,
      ),
    ).toEqual({
      fullName: '[erased]',
      emails: ['[erased]', '[erased]'],
      notes: null,
      phones: [],
      summary: 'Called [erased]',
    });
    expect(redactValues(null, new Set(), pattern)).toBeNull();
  });

  it('lists each term once, ignoring case, longest first', () => {
    expect(erasureTerms(['Ann', ' ann ', null, '', 'ann@x.org', undefined, 'ANN@X.ORG'])).toEqual([
      'ann@x.org',
      'Ann',
    ]);
  });
});

describe('what an erased record is called', () => {
  it.each([
    [[], 'a stakeholder'],
    [[{ id: 'ward-councillor', label: 'Ward councillor' }], 'a ward councillor'],
    [[{ id: 'mp', label: 'MP' }], 'an MP'],
    [[{ id: 'link-member', label: 'The authority’s link member' }], 'a link member of the authority'],
    [[{ id: 'youth-worker', label: 'Youth worker' }], 'a youth worker'],
    [[{ id: 'imam', label: 'Imam' }], 'an imam'],
    [[{ id: 'pcso', label: 'PCSO' }], 'a PCSO'],
  ])('%j is “%s”', (roles, description) => {
    expect(erasedDescription(roles)).toBe(description);
  });
});

describe('confirming by typing the name', () => {
  it('ignores case, extra spaces and the style of apostrophe, and nothing else', () => {
    expect(sameName('  sean  o’brien ', "Seán O'Brien".replace('á', 'a'))).toBe(true);
    expect(sameName('Sean OBrien', "Sean O'Brien")).toBe(false);
    expect(sameName('', '')).toBe(false);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        fc.pre(name.trim() !== '');
        expect(sameName(name, name)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]+( [A-Za-z]+)*$/), (name) => {
        expect(sameName(`  ${name.toUpperCase().replaceAll(' ', '   ')} `, name)).toBe(true);
        expect(sameName(`${name}x`, name)).toBe(false);
      }),
    );
  });
});
