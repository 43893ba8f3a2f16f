import { boroughEditors, type Expectation, stakeholderReaders } from '../../route-expectations.ts';

/** Who may use each of these staff routes (the permission conformance suite checks every one). */
export const topHundredAccess: Readonly<Record<string, Expectation>> = {
  'GET /boroughs/:code/top-100': stakeholderReaders,
  'POST /boroughs/:code/top-100/add': boroughEditors,
  'POST /boroughs/:code/top-100/:personId/move': boroughEditors,
  'POST /boroughs/:code/top-100/:personId/remove': boroughEditors,
  'GET /boroughs/:code/stakeholder-grid': stakeholderReaders,
  'GET /boroughs/:code/coverage': stakeholderReaders,
};
