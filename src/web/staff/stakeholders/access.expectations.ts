import { boroughEditors, type Expectation, stakeholderReaders } from '../../route-expectations.ts';

/** Who may use each of these staff routes (the permission conformance suite checks every one). */
export const stakeholderRecordAccess: Readonly<Record<string, Expectation>> = {
  'GET /stakeholders/new': boroughEditors,
  'POST /stakeholders/new': boroughEditors,
  'GET /stakeholders/:id': stakeholderReaders,
  'GET /stakeholders/:id/edit': boroughEditors,
  'POST /stakeholders/:id/edit': boroughEditors,
  'GET /stakeholders/:id/consent': boroughEditors,
  'POST /stakeholders/:id/consent': boroughEditors,
  // The controlled list of roles: administrators read and extend it (stakeholder:retention).
  'GET /stakeholders/roles': ['administrator'],
  'POST /stakeholders/roles': ['administrator'],
  'GET /organisations': stakeholderReaders,
  'GET /organisations/new': boroughEditors,
  'POST /organisations/new': boroughEditors,
  'GET /organisations/:id': stakeholderReaders,
  'GET /organisations/:id/edit': boroughEditors,
  'POST /organisations/:id/edit': boroughEditors,
};
