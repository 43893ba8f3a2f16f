import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './auth.ts';

const site = 'https://nonsuch.example';

describe('safeNext', () => {
  it.each([
    ['/', '/'],
    ['/boroughs/E09000007', '/boroughs/E09000007'],
    ['/account/tokens?created=1#new', '/account/tokens?created=1#new'],
    ['/a//b', '/a//b'],
    ['', '/'],
    ['boroughs', '/'],
    ['//evil.example/', '/'],
    ['///evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    [' /boroughs', '/'],
  ])('%j → %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([[undefined], [null], [42], [['/boroughs']], [{ toString: () => '/x' }]])(
    'sends a non-string (%j) home',
    (next) => {
      expect(safeNext(next)).toBe('/');
    },
  );

  it('always gives a path on this site, never a protocol-relative one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (next) => {
        const result = safeNext(next);
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(result.startsWith('/\\')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps any local path as it is', () => {
    fc.assert(
      fc.property(fc.webPath(), (path) => {
        fc.pre(path.startsWith('/') && !path.startsWith('//'));
        expect(safeNext(path)).toBe(path);
      }),
    );
  });

  // Browsers (and the WHATWG URL parser) delete tabs and newlines anywhere in a URL, so a Location of
  // "/<TAB>/evil.example" is followed to https://evil.example/. The result must stay on this site
  // however a browser reads it.
  it.each([['/\t/evil.example'], ['/\n/evil.example'], ['/\r\\evil.example'], ['/\t\\evil.example']])(
    'does not let %j lead to another site',
    (next) => {
      expect(new URL(safeNext(next), site).origin).toBe(site);
    },
  );

  it('stays on this site for any string, as a browser resolves it', () => {
    const tricky = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc
        .array(fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', 'evil.example', ':', '%2F'), {
          maxLength: 6,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(tricky, (next) => {
        expect(new URL(safeNext(next), site).origin).toBe(site);
      }),
      { numRuns: 2000 },
    );
  });
});
