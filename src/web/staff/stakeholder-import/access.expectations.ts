import { boroughEditors, type Expectation } from '../../route-expectations.ts';

/** Who may use each of these staff routes (the permission conformance suite checks every one). */
export const stakeholderImportAccess: Readonly<Record<string, Expectation>> = {
  'GET /stakeholders/import': boroughEditors,
  'POST /stakeholders/import': boroughEditors,
  'GET /stakeholders/imports/:id': boroughEditors,
  'POST /stakeholders/imports/:id/mapping': boroughEditors,
  'POST /stakeholders/imports/:id/commit': boroughEditors,
  'GET /stakeholders/imports/:id/progress': boroughEditors,
};
