import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lawfulBases } from '../person.ts';
import {
  defaultChoices,
  type MergeChoices,
  type MergeSide,
  type MergeValues,
  mergeChoicesSchema,
  mergedValues,
  mergeFields,
  sidesOf,
} from './merge.ts';

/** The merge's pure rules, property-tested: whatever the two records and the choices posted. */

const contact = fc
  .string({ minLength: 1, maxLength: 6, unit: fc.constantFrom(...'abcAB@.1') })
  .map((value) => ({ value, normalised: value.toLowerCase() }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const day = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const values: fc.Arbitrary<MergeValues> = fc.record({
  fullName: fc.string({ minLength: 1 }),
  emails: fc.uniqueArray(contact, { selector: (c) => c.normalised, maxLength: 5 }),
  phones: fc.uniqueArray(contact, { selector: (c) => c.normalised, maxLength: 5 }),
  postalAddress: maybe(fc.string({ minLength: 1 })),
  preferredLanguage: maybe(fc.string({ minLength: 1 })),
  accessibleFormats: fc.uniqueArray(fc.constantFrom('large-print', 'easy-read', 'braille', 'bsl', 'audio')),
  notes: maybe(fc.string({ minLength: 1 })),
  lastVerifiedOn: maybe(day),
  influence: maybe(fc.integer({ min: 1, max: 5 })),
  interest: maybe(fc.integer({ min: 1, max: 5 })),
  lawfulBasis: fc.constantFrom(...lawfulBases),
  reviewOn: maybe(day),
});

const choices: fc.Arbitrary<MergeChoices> = fc.record(
  Object.fromEntries(mergeFields.map((f) => [f.key, fc.constantFrom(...sidesOf(f.kind))])) as Record<
    keyof MergeChoices,
    fc.Arbitrary<MergeSide>
  >,
) as fc.Arbitrary<MergeChoices>;

describe('the merged values', () => {
  it('take each single value from the side chosen, and lists without repeats from the sides chosen', () => {
    fc.assert(
      fc.property(values, values, choices, (kept, other, chosen) => {
        const merged = mergedValues(kept, other, chosen);
        for (const field of mergeFields.filter((f) => f.kind === 'one')) {
          expect(merged[field.key]).toEqual(
            chosen[field.key] === 'other' ? other[field.key] : kept[field.key],
          );
        }
        for (const key of ['emails', 'phones'] as const) {
          const keys = merged[key].map((c) => c.normalised);
          expect(new Set(keys).size).toBe(keys.length);
          const from =
            chosen[key] === 'both'
              ? [...kept[key], ...other[key]]
              : chosen[key] === 'kept'
                ? kept[key]
                : other[key];
          expect(new Set(keys)).toEqual(new Set(from.map((c) => c.normalised)));
          // The record kept's own come first, in their order.
          if (chosen[key] !== 'other') expect(merged[key].slice(0, kept[key].length)).toEqual(kept[key]);
        }
        if (chosen.notes === 'both' && kept.notes && other.notes && kept.notes !== other.notes) {
          expect(merged.notes).toBe(`${kept.notes}\n\n${other.notes}`);
        }
      }),
    );
  });

  it('offer choices that keep what is known', () => {
    fc.assert(
      fc.property(values, values, (kept, other) => {
        const d = defaultChoices(kept, other);
        const merged = mergedValues(kept, other, d);
        expect(merged.emails.length).toBeGreaterThanOrEqual(
          Math.max(kept.emails.length, other.emails.length),
        );
        for (const key of [
          'postalAddress',
          'preferredLanguage',
          'influence',
          'interest',
          'reviewOn',
        ] as const) {
          if (kept[key] !== null || other[key] !== null) expect(merged[key]).not.toBeNull();
        }
        if (kept.lastVerifiedOn !== null && other.lastVerifiedOn !== null) {
          expect(merged.lastVerifiedOn).toBe(
            kept.lastVerifiedOn > other.lastVerifiedOn ? kept.lastVerifiedOn : other.lastVerifiedOn,
          );
        }
      }),
    );
  });
});

describe('the choices as posted', () => {
  const defaults = Object.fromEntries(mergeFields.map((f) => [f.key, 'kept'])) as MergeChoices;

  it('never fail except with a message naming the field, whatever is posted', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...mergeFields.map((f) => f.key), 'other', '__proto__'),
          fc.jsonValue(),
        ),
        (posted) => {
          const result = mergeChoicesSchema(defaults).safeParse(posted);
          if (result.success) {
            for (const f of mergeFields) expect(sidesOf(f.kind)).toContain(result.data[f.key]);
          } else {
            for (const issue of result.error.issues) {
              expect(mergeFields.map((f) => f.key)).toContain(issue.path[0]);
              expect(issue.message).toMatch(/^Choose which /);
            }
          }
        },
      ),
    );
  });

  it('fill what is left out with the defaults, and take the first of a field sent twice', () => {
    const parsed = mergeChoicesSchema({ ...defaults, emails: 'both' }).parse({
      fullName: ['other', 'kept'],
      notes: '',
    });
    expect(parsed).toMatchObject({ fullName: 'other', emails: 'both', notes: 'kept' });
    const refused = mergeChoicesSchema(defaults).safeParse({ influence: 'both' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('Choose which influence to keep');
  });
});
