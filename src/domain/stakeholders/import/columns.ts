/**
 * The columns a stakeholder file may have, how their headings are guessed, and the mapping a person
 * may change before the preview (column → field). Pure.
 */

export const importFields = [
  'fullName',
  'firstName',
  'lastName',
  'email',
  'phone',
  'organisation',
  'organisationType',
  'position',
  'roles',
  'wards',
  'postalAddress',
  'preferredLanguage',
  'accessibleFormats',
  'influence',
  'interest',
  'lastVerifiedOn',
  'notes',
  'consent',
  'consentDate',
  'consentWording',
] as const;

export type ImportField = (typeof importFields)[number];

type FieldSpec = Readonly<{
  /** As the mapping's select and the column guide show it. */
  label: string;
  /** What goes in it, for the column guide. */
  note: string;
  /** Headings recognised, squashed (see `squash`); a heading with a number after it matches too ("Phone 2"). */
  aliases: readonly string[];
  /** Several columns may feed it: address lines are joined, phones, roles and wards are added together. */
  many?: true;
}>;

export const fieldSpecs: Readonly<Record<ImportField, FieldSpec>> = {
  fullName: {
    label: 'Full name',
    note: 'The name as the person uses it, for example “Cllr Jane Smith”. Needed, unless first and last names are given.',
    aliases: ['fullname', 'name', 'contactname', 'personname', 'person', 'stakeholder', 'stakeholdername'],
  },
  firstName: {
    label: 'First name',
    note: 'Used with the last name when there is no full name column.',
    aliases: ['firstname', 'forename', 'forenames', 'givenname', 'first'],
  },
  lastName: {
    label: 'Last name',
    note: 'Used with the first name when there is no full name column.',
    aliases: ['lastname', 'surname', 'familyname', 'last'],
  },
  email: {
    label: 'E-mail',
    note: 'One address. The same address (whatever its case) is the same person: an existing person is updated, a repeat in the file is folded into its first row.',
    aliases: [
      'email',
      'emailaddress',
      'mail',
      'workemail',
      'emailaddr',
      'contactemail',
      'primaryemail',
      'emailid',
    ],
  },
  phone: {
    label: 'Phone',
    note: 'One or more telephone numbers, separated by semicolons.',
    aliases: [
      'phone',
      'phonenumber',
      'telephone',
      'telephonenumber',
      'tel',
      'mobile',
      'mobilenumber',
      'mobilephone',
      'contactnumber',
      'workphone',
      'landline',
    ],
    many: true,
  },
  organisation: {
    label: 'Organisation',
    note: 'Matched by name with the borough’s (and London-wide) organisations; a new name adds an organisation in the borough.',
    aliases: [
      'organisation',
      'organization',
      'organisationname',
      'organizationname',
      'org',
      'company',
      'employer',
      'group',
      'body',
      'affiliation',
    ],
  },
  organisationType: {
    label: 'Organisation type',
    note: 'For a new organisation: council, community group, faith organisation, business, media outlet… (otherwise “Other”).',
    aliases: ['organisationtype', 'organizationtype', 'orgtype', 'typeoforganisation', 'sector'],
  },
  position: {
    label: 'Position',
    note: 'The person’s position in the organisation, for example “Chair”.',
    aliases: ['position', 'jobtitle', 'job', 'post', 'positionheld', 'roleinorganisation'],
  },
  roles: {
    label: 'Role',
    note: 'Roles from the list, by name or code, separated by semicolons: “Ward councillor; Faith leader”.',
    aliases: [
      'role',
      'roles',
      'category',
      'categories',
      'stakeholderrole',
      'stakeholdertype',
      'stakeholdercategory',
    ],
    many: true,
  },
  wards: {
    label: 'Ward',
    note: 'Wards of the borough, by name or code, separated by semicolons. Without a ward the person covers the whole borough.',
    aliases: ['ward', 'wards', 'wardname', 'wardcode', 'wd22cd', 'wd22nm', 'wd23cd', 'wd24cd', 'wd25cd'],
    many: true,
  },
  postalAddress: {
    label: 'Address',
    note: 'The postal address; several address columns (lines, town, postcode) are joined.',
    aliases: [
      'address',
      'postaladdress',
      'fulladdress',
      'streetaddress',
      'homeaddress',
      'workaddress',
      'addressline',
      'addr',
      'street',
      'town',
      'city',
      'postcode',
      'postalcode',
    ],
    many: true,
  },
  preferredLanguage: {
    label: 'Language',
    note: 'The language the person prefers.',
    aliases: ['language', 'preferredlanguage', 'lang', 'firstlanguage', 'languagepreference'],
  },
  accessibleFormats: {
    label: 'Accessible formats',
    note: 'Large print, easy read, Braille, British Sign Language or audio, separated by semicolons.',
    aliases: ['accessibleformats', 'accessibleformat', 'formats', 'format', 'accessibility', 'accessneeds'],
  },
  influence: {
    label: 'Influence',
    note: 'From 1 (low) to 5 (high), or the words low, medium, high.',
    aliases: ['influence', 'influencescore', 'power'],
  },
  interest: {
    label: 'Interest',
    note: 'From 1 (low) to 5 (high), or the words low, medium, high.',
    aliases: ['interest', 'interestscore', 'interestlevel'],
  },
  lastVerifiedOn: {
    label: 'Last verified',
    note: 'The day the details were last checked: 2026-03-31 or 31/03/2026 (day first), or an Excel date.',
    aliases: [
      'lastverified',
      'lastverifiedon',
      'verified',
      'verifiedon',
      'dateverified',
      'lastchecked',
      'lastupdated',
    ],
  },
  notes: {
    label: 'Notes',
    note: 'Anything else; several note columns are joined.',
    aliases: ['notes', 'note', 'comments', 'comment', 'remarks'],
    many: true,
  },
  consent: {
    label: 'Consent',
    note: 'Yes when the person agreed to receive the e-newsletter (a consent date and wording version are then needed); no when they did not or withdrew.',
    aliases: [
      'consent',
      'newsletterconsent',
      'emailconsent',
      'consentgiven',
      'optin',
      'optedin',
      'subscribed',
      'marketingconsent',
      'canemail',
    ],
  },
  consentDate: {
    label: 'Consent date',
    note: 'The day consent was given or withdrawn.',
    aliases: [
      'consentdate',
      'dateofconsent',
      'consentgivenon',
      'consentedon',
      'optindate',
      'consentdategiven',
    ],
  },
  consentWording: {
    label: 'Consent wording',
    note: 'The version of the wording the person agreed to, for example “newsletter-2026-01”.',
    aliases: [
      'consentwording',
      'consentwordingversion',
      'wordingversion',
      'consentversion',
      'wording',
      'consenttext',
    ],
  },
};

/** Lower case, letters and digits only: how headings and choices are compared. */
export const squash = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');

const byAlias: ReadonlyMap<string, ImportField> = new Map(
  importFields.flatMap((field) => fieldSpecs[field].aliases.map((alias) => [alias, field] as const)),
);

/** The field a heading suggests, if any ("E-mail address" → email, "Phone 2" → phone, "Address line 1" → address). */
export function guessField(heading: string): ImportField | undefined {
  const key = squash(heading);
  if (key === '') return undefined;
  return byAlias.get(key) ?? byAlias.get(key.replace(/\d+$/, ''));
}

/** One field (or none) for each column of the file, by position. */
export type ColumnMapping = readonly (ImportField | null)[];

/**
 * The guess for a file's headings: each column its field, where the heading names one; a field
 * that takes one column goes to the first column that names it.
 */
export function guessMapping(header: readonly string[]): ColumnMapping {
  const taken = new Set<ImportField>();
  return header.map((heading) => {
    const field = guessField(heading);
    if (field === undefined) return null;
    if (taken.has(field) && !fieldSpecs[field].many) return null;
    taken.add(field);
    return field;
  });
}

/** What is wrong with a mapping, keyed by the column's position; and problems with it as a whole. */
export type MappingProblems = Readonly<{ columns: ReadonlyMap<number, string>; whole: readonly string[] }>;

export function mappingProblems(mapping: ColumnMapping): MappingProblems {
  const columns = new Map<number, string>();
  const first = new Map<ImportField, number>();
  mapping.forEach((field, i) => {
    if (field === null) return;
    const earlier = first.get(field);
    if (earlier !== undefined && !fieldSpecs[field].many) {
      columns.set(i, `Only one column can be “${fieldSpecs[field].label}”: column ${earlier + 1} already is`);
    } else if (earlier === undefined) first.set(field, i);
  });
  const whole: string[] = [];
  if (!first.has('fullName') && !first.has('firstName') && !first.has('lastName')) {
    whole.push(
      'Choose the column that holds the person’s name (“Full name”, or “First name” and “Last name”)',
    );
  }
  return { columns, whole };
}

/** A mapping as stored: the headings it was made for, so a mapping is never applied to another file's columns. */
export type StoredMapping = Readonly<{ header: readonly string[]; fields: ColumnMapping }>;

export function isImportField(value: unknown): value is ImportField {
  return typeof value === 'string' && (importFields as readonly string[]).includes(value);
}

/** The stored mapping when it was made for these headings, otherwise the guess. */
export function mappingFor(header: readonly string[], stored: unknown): ColumnMapping {
  if (stored && typeof stored === 'object') {
    const s = stored as { header?: unknown; fields?: unknown };
    if (
      Array.isArray(s.header) &&
      Array.isArray(s.fields) &&
      s.header.length === header.length &&
      s.fields.length === header.length &&
      s.header.every((h, i) => h === header[i]) &&
      s.fields.every((f) => f === null || isImportField(f))
    ) {
      return s.fields as ColumnMapping;
    }
  }
  return guessMapping(header);
}
