import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { normalisePostcode, type SiteInput, siteInputSchema } from './site.ts';

describe('normalisePostcode', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['SE11 5HN', 'SE11 5HN'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['W1A 0AX', 'W1A 0AX'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['GIR 0AA', 'GIR 0AA'],
    ['gir0aa', 'GIR 0AA'],
    ['  se11   5hn ', 'SE11 5HN'],
    ['Se1\t7Ph', 'SE1 7PH'],
  ])('writes %j as Royal Mail does: %s', (typed, expected) => {
    expect(normalisePostcode(typed)).toBe(expected);
  });

  it.each([
    ['', 'nothing'],
    ['   ', 'only spaces'],
    ['12345', 'digits only'],
    ['SW1A', 'an outward code alone'],
    ['1AA', 'an inward code alone'],
    ['SW1A 1AAA', 'an inward code one letter too long'],
    ['ZZ1 1ZZ', 'Z as the second letter of the area'],
    ['QA1 1AA', 'Q as the first letter'],
    ['AI1 1AA', 'I as the second letter'],
    ['SW1A 1AC', 'C in the inward code'],
    ['SW1A 1IA', 'I in the inward code'],
    ['SW1A AAA', 'a letter where the sector digit goes'],
    ['SW1A-1AA', 'a hyphen'],
    ['GIR 0AB', 'a Girobank look-alike'],
  ])('refuses %j (%s)', (typed) => {
    expect(normalisePostcode(typed)).toBeUndefined();
  });

  const canonical = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$|^GIR 0AA$/;

  it('turns any text into the canonical "OUT IN" form of the same characters, or refuses it', () => {
    const postcodeLike = fc
      .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 \t'.split('')), {
        maxLength: 10,
      })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), postcodeLike), (text) => {
        const normal = normalisePostcode(text);
        if (normal === undefined) return;
        expect(normal).toMatch(canonical);
        expect(normal.replace(' ', '')).toBe(text.replace(/\s+/g, '').toUpperCase());
        expect(normalisePostcode(normal)).toBe(normal);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every postcode built from the pattern, however it is spaced and cased', () => {
    const pick = (letters: string) => fc.constantFrom(...letters.split(''));
    const digit = pick('0123456789');
    const postcode = fc
      .record({
        area: fc.oneof(
          pick('ABCDEFGHIJKLMNOPRSTUWYZ'),
          fc.tuple(pick('ABCDEFGHIJKLMNOPRSTUWYZ'), pick('ABCDEFGHKLMNOPQRSTUVWXY')).map((p) => p.join('')),
        ),
        district: fc.oneof(
          digit,
          fc.tuple(digit, digit).map((p) => p.join('')),
          fc.tuple(digit, pick('ABCDEFGHJKMNPRSTUVWXY')).map((p) => p.join('')),
        ),
        sector: digit,
        unit: fc.tuple(pick('ABDEFGHJLNPQRSTUWXYZ'), pick('ABDEFGHJLNPQRSTUWXYZ')).map((p) => p.join('')),
        gap: fc.constantFrom('', ' ', '  ', '\t'),
        lower: fc.boolean(),
      })
      .map((p) => ({
        expected: `${p.area}${p.district} ${p.sector}${p.unit}`,
        typed: `${p.area}${p.district}${p.gap}${p.sector}${p.unit}`,
        lower: p.lower,
      }));
    fc.assert(
      fc.property(postcode, ({ expected, typed, lower }) => {
        expect(normalisePostcode(lower ? typed.toLowerCase() : typed)).toBe(expected);
      }),
    );
  });
});

const aSite = (overrides: Partial<Record<keyof SiteInput, unknown>> = {}): Record<string, unknown> => ({
  name: 'Brixton Police Station',
  type: 'police-station',
  address: '367 Brixton Road, London',
  postcode: 'sw9 7dd',
  areaCode: 'E09000022',
  ...overrides,
});

/** The field errors parsing gives, or undefined when it succeeds. */
function fieldErrors(input: unknown): Readonly<Record<string, string>> | undefined {
  try {
    parseInput(siteInputSchema, input);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('invalid');
    return error.details.fields;
  }
}

describe('siteInputSchema', () => {
  it('fills in the defaults and normalises what is typed', () => {
    expect(parseInput(siteInputSchema, aSite({ areaCode: ' e09000022 ', name: '  Brixton  ' }))).toEqual({
      name: 'Brixton',
      type: 'police-station',
      address: '367 Brixton Road, London',
      postcode: 'SW9 7DD',
      areaCode: 'E09000022',
      wardCode: undefined,
      latitude: null,
      longitude: null,
      publicAccess: null,
      status: 'operational',
      iconic: false,
      iconicReason: null,
      heritageListing: 'none',
    });
  });

  it('leaves the borough out when none is chosen, so coordinates can place the site', () => {
    expect(parseInput(siteInputSchema, aSite({ areaCode: '' })).areaCode).toBeUndefined();
    expect(parseInput(siteInputSchema, aSite({ areaCode: undefined })).areaCode).toBeUndefined();
  });

  it('reads coordinates typed as text, rounded to six places', () => {
    const parsed = parseInput(siteInputSchema, aSite({ latitude: ' 51.4652391 ', longitude: '-0.1149128' }));
    expect(parsed).toMatchObject({ latitude: 51.465239, longitude: -0.114913 });
    expect(parseInput(siteInputSchema, aSite({ latitude: '', longitude: '' }))).toMatchObject({
      latitude: null,
      longitude: null,
    });
  });

  it('needs the reason when a site is iconic', () => {
    expect(fieldErrors(aSite({ iconic: true }))).toEqual({
      iconicReason: 'Say why the public is attached to this site',
    });
    expect(fieldErrors(aSite({ iconic: true, iconicReason: '   ' }))).toEqual({
      iconicReason: 'Say why the public is attached to this site',
    });
    expect(
      parseInput(siteInputSchema, aSite({ iconic: true, iconicReason: ' Grade II listed, 1858 ' })),
    ).toMatchObject({ iconic: true, iconicReason: 'Grade II listed, 1858' });
  });

  it('needs both coordinates or neither', () => {
    expect(fieldErrors(aSite({ latitude: '51.46' }))).toEqual({
      longitude: 'Enter the longitude too, or neither',
    });
    expect(fieldErrors(aSite({ longitude: -0.11 }))).toEqual({
      latitude: 'Enter the latitude too, or neither',
    });
  });

  it('refuses coordinates out of range or not numbers', () => {
    expect(fieldErrors(aSite({ latitude: 91, longitude: 0 }))).toEqual({
      latitude: 'Enter the latitude as a number from -90 to 90',
    });
    expect(fieldErrors(aSite({ latitude: '51.5', longitude: '-180.5' }))).toEqual({
      longitude: 'Enter the longitude as a number from -180 to 180',
    });
    expect(fieldErrors(aSite({ latitude: 'north', longitude: 'Infinity' }))).toEqual({
      latitude: 'Enter the latitude as a number from -90 to 90',
      longitude: 'Enter the longitude as a number from -180 to 180',
    });
    expect(fieldErrors(aSite({ latitude: -90, longitude: 180 }))).toBeUndefined();
  });

  it('needs a type, a name, an address and a real postcode, naming each field', () => {
    expect(fieldErrors({})).toEqual({
      name: 'Enter the site’s name',
      type: 'Choose the type of site',
      address: 'Enter the address',
      postcode: 'Enter the postcode',
    });
    expect(fieldErrors(aSite({ type: 'castle' }))).toEqual({ type: 'Choose the type of site' });
    expect(fieldErrors(aSite({ postcode: '  ' }))).toEqual({ postcode: 'Enter the postcode' });
    expect(fieldErrors(aSite({ postcode: 'SW1A' }))).toEqual({
      postcode: 'Enter a real UK postcode, like SE11 5HN',
    });
  });

  it('refuses a borough or ward that is not a GSS code of its kind', () => {
    expect(fieldErrors(aSite({ areaCode: 'Lambeth', wardCode: 'E09000022' }))).toEqual({
      areaCode: 'Choose a London borough',
      wardCode: 'Choose a ward of the borough',
    });
    expect(parseInput(siteInputSchema, aSite({ wardCode: 'e05014096' })).wardCode).toBe('E05014096');
  });

  it('refuses text that is too long or has control characters', () => {
    expect(fieldErrors(aSite({ name: 'x'.repeat(201), address: 'y'.repeat(501) }))).toEqual({
      name: 'The name must be 200 characters or fewer',
      address: 'The address must be 500 characters or fewer',
    });
    expect(fieldErrors(aSite({ name: 'Brixton\u0000' }))).toEqual({ name: 'The name must be plain text' });
    expect(fieldErrors(aSite({ publicAccess: 'z'.repeat(501) }))).toEqual({
      publicAccess: 'Public access must be 500 characters or fewer',
    });
  });

  it('shows the problems between fields together with those of single fields', () => {
    expect(fieldErrors({ ...aSite({ iconic: true, latitude: 51.5 }), name: '', postcode: 'SW1' })).toEqual({
      name: 'Enter the site’s name',
      postcode: 'Enter a real UK postcode, like SE11 5HN',
      longitude: 'Enter the longitude too, or neither',
      iconicReason: 'Say why the public is attached to this site',
    });
  });

  it.each([null, undefined, [], 'Brixton', 42])('refuses %j as a whole, without crashing', (input) => {
    expect(Object.keys(fieldErrors(input) ?? {})).toEqual(['_']);
  });

  it('throws nothing but DomainError(invalid) at any input at all', () => {
    const field = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const siteLike = fc.record(
      {
        name: field,
        type: fc.oneof(fc.constantFrom('police-station', 'custody', 'other'), field),
        address: field,
        postcode: fc.oneof(fc.constantFrom('SE11 5HN', 'gir0aa', ''), field),
        areaCode: field,
        wardCode: field,
        latitude: field,
        longitude: field,
        publicAccess: field,
        status: field,
        iconic: field,
        iconicReason: field,
        heritageListing: field,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), siteLike), (input) => {
        try {
          parseInput(siteInputSchema, input);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('invalid');
          expect(Object.keys((error as DomainError).details.fields ?? {}).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
