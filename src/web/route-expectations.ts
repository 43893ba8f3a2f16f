import type { Role } from '../domain/access/actor.ts';

/**
 * The permission conformance suite's vocabulary: each staff route names the roles that may use it.
 * Each area keeps its routes' expectations beside them (`access.expectations.ts`).
 */
export const everyone = 'everyone' as const;
export type Expectation = typeof everyone | readonly Role[];

/** Programme leads anywhere and borough leads in their boroughs: those who change a borough's records. */
export const boroughEditors: readonly Role[] = ['programme_lead', 'borough_lead'];

/** Those who see a borough's stakeholders. */
export const stakeholderReaders: readonly Role[] = [
  'administrator',
  'programme_lead',
  'borough_lead',
  'borough_contributor',
];
