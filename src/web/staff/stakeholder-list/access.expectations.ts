import { boroughEditors, type Expectation, stakeholderReaders } from '../../route-expectations.ts';

/** Who may use each of these staff routes (the permission conformance suite checks every one). */
export const stakeholderListAccess: Readonly<Record<string, Expectation>> = {
  'GET /stakeholders': stakeholderReaders,
  // Downloads, and saving, changing or deleting a segment: stakeholder:export.
  'GET /stakeholders.csv': boroughEditors,
  'GET /stakeholders.xlsx': boroughEditors,
  'GET /segments': stakeholderReaders,
  'GET /segments/new': boroughEditors,
  'POST /segments/new': boroughEditors,
  'GET /segments/:id': stakeholderReaders,
  'GET /segments/:id/edit': boroughEditors,
  'POST /segments/:id/edit': boroughEditors,
  'GET /segments/:id/delete': boroughEditors,
  'POST /segments/:id/delete': boroughEditors,
  'GET /segments/:id/members.csv': boroughEditors,
  'GET /segments/:id/members.xlsx': boroughEditors,
};
