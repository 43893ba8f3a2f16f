import { boroughEditors, type Expectation } from '../../route-expectations.ts';

/** Who may use each of these staff routes (the permission conformance suite checks every one). */
export const personalDataAccess: Readonly<Record<string, Expectation>> = {
  // Subject access: administrators and programme leads, for anyone.
  'GET /stakeholders/:id/subject-access': ['administrator', 'programme_lead'],
  'GET /stakeholders/:id/subject-access.json': ['administrator', 'programme_lead'],
  // Erasure and the retention review: administrators only.
  'GET /stakeholders/:id/erase': ['administrator'],
  'POST /stakeholders/:id/erase': ['administrator'],
  'GET /stakeholders/review': ['administrator'],
  // Duplicates and merging: those who import and edit a borough's stakeholders.
  'GET /stakeholders/duplicates': boroughEditors,
  'POST /stakeholders/duplicates/:id/dismiss': boroughEditors,
  'GET /stakeholders/:id/merge': boroughEditors,
  'POST /stakeholders/:id/merge': boroughEditors,
};
