import type { Db } from '../../../db/connect.ts';
import type { StakeholderFilter } from '../filter.ts';
import { type ConsentState, type Emailability, emailability } from '../person.ts';
import type { SearchScope, StakeholderRow } from '../search.repo.ts';
import { suppressedAddresses } from '../suppression.ts';
import type { Reachability } from './segment.ts';
import {
  countMembersByAddressAndConsent,
  hasSuppressions,
  selectConsentStates,
  selectEmailsOfPeople,
  selectMemberAddresses,
} from './segments.repo.ts';

/**
 * Whether each member of a list can be sent the newsletter, and why not: always through
 * `emailability` (person.ts), from the member's latest consent and whether their addresses are on
 * the suppression list, never from a stored flag.
 */

/** Addresses (or people) are looked up this many at a time (a query has a limit on parameters). */
const chunkSize = 5_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

async function suppressedAmong(db: Db, addresses: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(addresses)];
  if (unique.length === 0 || !(await hasSuppressions(db))) return new Set();
  const found = new Set<string>();
  for (const chunk of chunks(unique)) {
    for (const a of await suppressedAddresses(db, chunk)) found.add(a);
  }
  return found;
}

async function consentStates(db: Db, personIds: readonly string[]): Promise<Map<string, ConsentState>> {
  const states = new Map<string, ConsentState>();
  for (const chunk of chunks(personIds)) {
    for (const [id, state] of await selectConsentStates(db, chunk)) states.set(id, state);
  }
  return states;
}

/**
 * A page of rows from the search with each person's consent read from the ledger. (The search's
 * own consent column is read the same way; reading it here keeps the list, the exports and the
 * mailing preview on one definition whatever the search selects.)
 */
export async function withLatestConsent<R extends StakeholderRow>(db: Db, rows: readonly R[]): Promise<R[]> {
  const states = await consentStates(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, consent: states.get(r.id) ?? 'none' }));
}

export type MemberWithStatus = StakeholderRow & { status: Emailability };

/** A page of members, each with their consent and whether they can be e-mailed (and why not). */
export async function withMailingStatus(
  db: Db,
  rows: readonly StakeholderRow[],
): Promise<MemberWithStatus[]> {
  const members = await withLatestConsent(db, rows);
  const emails = await selectEmailsOfPeople(
    db,
    members.map((m) => m.id),
  );
  const suppressed = await suppressedAmong(db, [...emails.values()].flat());
  return members.map((m) => ({
    ...m,
    status: emailability({
      erased: false,
      consent: m.consent,
      emails: (emails.get(m.id) ?? []).map((normalised) => ({
        normalised,
        suppressed: suppressed.has(normalised),
      })),
    }),
  }));
}

/**
 * For everyone matching a filter: how many can be e-mailed and how many cannot, for each reason.
 * Counted in the database by address and consent; only members whose every address is suppressed
 * move from their consent's count to "suppressed", judged here since the list holds only hashes.
 */
export async function reachabilityOf(
  db: Db,
  query: { scope: SearchScope; filter: StakeholderFilter; today: string },
): Promise<Reachability> {
  const counts = await countMembersByAddressAndConsent(db, query);
  const suppressedBy: Record<ConsentState, number> = { given: 0, withdrawn: 0, none: 0 };
  if (counts.members > counts.noEmail && (await hasSuppressions(db))) {
    const addresses = await selectMemberAddresses(db, query);
    const suppressed = await suppressedAmong(
      db,
      addresses.map((a) => a.normalised),
    );
    const usable = new Map<string, boolean>();
    for (const a of addresses) {
      usable.set(a.personId, (usable.get(a.personId) ?? false) || !suppressed.has(a.normalised));
    }
    const blocked = [...usable].filter(([, ok]) => !ok).map(([id]) => id);
    for (const state of (await consentStates(db, blocked)).values()) suppressedBy[state] += 1;
  }
  return {
    members: counts.members,
    emailable: counts.given - suppressedBy.given,
    excluded: {
      'no-email': counts.noEmail,
      suppressed: suppressedBy.given + suppressedBy.withdrawn + suppressedBy.none,
      withdrawn: counts.withdrawn - suppressedBy.withdrawn,
      'no-consent': counts.none - suppressedBy.none,
    },
  };
}
