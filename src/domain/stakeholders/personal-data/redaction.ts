/**
 * Erasure's pure rules: what an erased person is called afterwards, which words are theirs, and
 * how those words are taken out of text and out of JSON values without touching anything else.
 */

/** What stands where an erased value was, in the audit trail and in free text. */
export const erasedMarker = '[erased]';

/**
 * The description an erased person's record keeps instead of their name, from their first role
 * ("a ward councillor", "an MP"); "a stakeholder" when they had none.
 */
export function erasedDescription(roles: readonly { id: string; label: string }[]): string {
  const first = roles[0];
  if (first === undefined) return 'a stakeholder';
  const known = builtInDescriptions[first.id];
  if (known !== undefined) return known;
  const label = first.label.trim();
  // Keep acronyms ("MP", "SNB chair") as they are; otherwise the label reads in lower case.
  const words = label.split(/\s+/);
  const text = words
    .map((w, i) => (i === 0 && /^\p{Lu}\p{Ll}/u.test(w) ? w.charAt(0).toLowerCase() + w.slice(1) : w))
    .join(' ');
  return `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
}

const builtInDescriptions: Readonly<Record<string, string>> = {
  mp: 'an MP',
  'council-leader': 'a Leader of the Council',
  'lead-member-community-safety': 'a lead member for community safety or policing',
  'ward-councillor': 'a ward councillor',
  'link-member': 'a link member of the authority',
  'borough-commander': 'a Borough Commander',
  'snt-sergeant': 'a Safer Neighbourhood Team sergeant',
  'snb-chair': 'a Safer Neighbourhood Board chair',
  'ward-panel-chair': 'a ward panel chair',
  'community-leader': 'a community leader',
  'faith-leader': 'a faith leader',
  'business-leader': 'a business leader',
  'media-editor': 'a local media editor',
  journalist: 'a journalist',
  staff: 'a member of staff',
};

/** Terms shorter than this are taken out only of rows about the person, never from anyone else's. */
export const shortestSharedTerm = 3;

/**
 * The words to take out: each distinct non-blank term once (ignoring case), longest first, so an
 * address is replaced whole before a name inside it is looked for.
 */
export function erasureTerms(values: readonly (string | null | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const term = value?.trim();
    if (!term) continue;
    const key = term.toLowerCase();
    if (!seen.has(key)) seen.set(key, term);
  }
  return [...seen.values()].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One pattern for all the terms: any of them, in any case, standing on its own — not preceded or
 * followed by a letter or digit, so "Ann" is taken out of "Ann Lee" but not out of "Anne Lee".
 */
export function termPattern(terms: readonly string[]): RegExp | undefined {
  const usable = terms.filter((t) => t.trim() !== '');
  if (usable.length === 0) return undefined;
  const sorted = [...usable].sort((a, b) => b.length - a.length);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** The text with every occurrence of the terms replaced by the marker. */
export function redactText(text: string, pattern: RegExp | undefined): string {
  if (pattern === undefined) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, erasedMarker);
}

/** Whether any of the terms occurs in the text. */
export function mentions(text: string, pattern: RegExp | undefined): boolean {
  if (pattern === undefined) return false;
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/**
 * A JSON value with the terms taken out of every string in it (keys are field names, kept). The
 * value is walked as data, so nothing depends on how the JSON was written out.
 */
export function redactJson(value: unknown, pattern: RegExp | undefined): unknown {
  if (typeof value === 'string') return redactText(value, pattern);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, pattern));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, pattern)]));
  }
  return value;
}

/**
 * Values with the named keys replaced whole by the marker (a blank or empty value stays as it was,
 * so the trail still shows that nothing was there), and every other string redacted by the terms.
 */
export function redactValues(
  values: Readonly<Record<string, unknown>> | null,
  personalKeys: ReadonlySet<string>,
  pattern: RegExp | undefined,
): Record<string, unknown> | null {
  if (values === null) return null;
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      if (!personalKeys.has(key) || isEmpty(value)) return [key, redactJson(value, pattern)];
      return [key, Array.isArray(value) ? value.map(() => erasedMarker) : erasedMarker];
    }),
  );
}

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** How a typed confirmation is compared with the name: spaces, case and apostrophe styles aside. */
export function sameName(typed: string, name: string): boolean {
  const canonical = (s: string) =>
    s.normalize('NFC').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
  return canonical(typed) !== '' && canonical(typed) === canonical(name);
}
