import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { londonDay } from '../../domain/shared/london-time.ts';
import { createPerson } from '../../domain/stakeholders/create-person.ts';
import { decodeCursor, encodeCursor, sortOrders } from '../../domain/stakeholders/filter.ts';
import { getPerson } from '../../domain/stakeholders/get-person.ts';
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from '../../domain/stakeholders/organisations.ts';
import type { PersonRecord } from '../../domain/stakeholders/people.repo.ts';
import {
  accessibleFormats,
  lawfulBases,
  type OrganisationInput,
  organisationTypes,
  type PersonInput,
  placeKinds,
} from '../../domain/stakeholders/person.ts';
import { pageSizes, searchStakeholders } from '../../domain/stakeholders/search-people.ts';
import { detailsOf, updatePerson } from '../../domain/stakeholders/update-person.ts';
import { requestContext } from '../request-context.ts';
import { authErrors, problemResponse } from './problem.ts';
import {
  mergedSchema,
  organisationDetailSchema,
  organisationListSchema,
  presentMerged,
  presentOrganisation,
  presentStakeholder,
  presentStakeholderSummary,
  stakeholderDetailSchema,
  stakeholderListSchema,
} from './stakeholders.present.ts';

const tags = ['Stakeholders'];

const invalidQuery = problemResponse(
  'A query parameter is not valid; `errors` names each one with what is wrong',
);
const invalidBody = problemResponse(
  'The body is not valid; `errors` names each field (as a dotted path, like `emails.0`) with what is wrong. Nothing was saved',
);

const idParams = (what: string) =>
  z.object({
    id: z
      .string()
      .max(100)
      .meta({ description: `The ${what}’s id (a UUID)` }),
  });

// --- Request bodies ------------------------------------------------------------------------------
//
// The shapes here are checked by type only (and bounded, so no body is costly to read); what the
// values must be (lengths, real dates, known roles and places, organisations within reach) is
// checked by the use cases, whose messages name each field. Every string is made well-formed:
// half a UTF-16 pair from a JSON body becomes U+FFFD, as a browser would send it.

const text = (type: string) =>
  z
    .string({ error: `Give ${type} as text` })
    .max(10_000, `Give ${type} in at most 10,000 characters`)
    .transform((s) => s.toWellFormed());

/** Text that may be null (or left out); null and "" clear the field. */
const optionalText = (type: string, description: string) =>
  text(type)
    .nullable()
    .optional()
    .meta({ description: `${description}; null or "" clears it` });

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const controlCharacters = /[\u0000-\u001f\u007f]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const everyControlCharacter = /[\u0000-\u001f\u007f]/g;

/** An e-mail address: no control characters (PostgreSQL refuses NUL in text); the use case checks the rest. */
const emailText = text('an e-mail address').refine(
  (s) => !controlCharacters.test(s),
  'An e-mail address cannot contain control characters',
);

const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: `Give ${what} as a list` }).max(200, `Give at most 200 ${what}`);

const day = (description: string) =>
  text('a date')
    .nullable()
    .optional()
    .meta({ description: `${description} (YYYY-MM-DD); null or "" clears it`, example: '2026-11-22' });

const scoreField = (what: string) =>
  z
    .union([z.number(), z.string()], { error: `Give ${what} as a whole number from 1 to 5` })
    .nullable()
    .optional()
    .meta({ description: `${what}, a whole number from 1 (low) to 5 (high); null clears it` });

const personFields = {
  fullName: text('the name').meta({
    description: 'The name as the person uses it (at most 200 characters)',
    example: 'Cllr Ada Brixton',
  }),
  emails: list(emailText, 'e-mail addresses')
    .optional()
    .meta({
      description:
        'E-mail addresses, in order of preference (at most 10). An address may belong to one person only',
      example: ['ada.brixton@example.org'],
    }),
  phones: list(text('a telephone number'), 'telephone numbers')
    .optional()
    .meta({ description: 'Telephone numbers (at most 10)', example: ['020 7946 0000'] }),
  postalAddress: optionalText('the postal address', 'Postal address (at most 500 characters)'),
  preferredLanguage: optionalText('the preferred language', 'Preferred language, in words'),
  accessibleFormats: list(
    z.enum(accessibleFormats, { error: `Choose formats from: ${accessibleFormats.join(', ')}` }),
    'formats',
  )
    .optional()
    .meta({ description: 'Formats the person needs' }),
  notes: optionalText('the notes', 'Notes (at most 5,000 characters)'),
  lastVerifiedOn: day('When the contact details were last checked'),
  influence: scoreField('Influence'),
  interest: scoreField('Interest'),
  lawfulBasis: z
    .enum(lawfulBases, { error: `Choose one of: ${lawfulBases.join(', ')}` })
    .optional()
    .meta({ description: 'The lawful basis for holding the record; public-task when left out' }),
  reviewOn: day('When the record is next reviewed for retention'),
  roleIds: list(text('a role'), 'roles')
    .optional()
    .meta({ description: 'Role ids from the controlled list (at most 20)', example: ['ward-councillor'] }),
  places: list(
    z.object(
      {
        kind: z.enum(placeKinds, { error: `Choose one of: ${placeKinds.join(', ')}` }),
        code: text('the code').meta({ description: 'ONS code (E09…, E05… or E14…)', example: 'E09000022' }),
        vintage: z
          .number({ error: 'Give the boundaries’ year as a number, like 2024' })
          .int('Give the boundaries’ year as a whole number, like 2024')
          .optional()
          .meta({ description: 'The year of the ward or constituency boundaries; left out: those in use' }),
      },
      { error: 'Give each place as an object with kind and code' },
    ),
    'places',
  ).meta({
    description:
      'The boroughs, wards and constituencies the person covers (at least one). They decide which boroughs’ staff see the person, and one must be in a borough you look after',
  }),
  memberships: list(
    z.object(
      {
        organisationId: text('the organisation’s id').meta({ description: 'An organisation’s id' }),
        position: optionalText('the position', 'The position held'),
        startedOn: day('When the membership began'),
        endedOn: day('When it ended'),
      },
      { error: 'Give each membership as an object with organisationId' },
    ),
    'memberships',
  )
    .optional()
    .meta({
      description:
        'The organisations the person belongs to (at most 50). On a change, a list given replaces them all and leaving it out keeps them',
    }),
};

const personBody = z
  .object(personFields, { error: 'Give the person as a JSON object' })
  .meta({ id: 'NewStakeholder', description: 'A person to add' });

const versionField = z
  .number({ error: 'Give the version as a whole number, like 3' })
  .int('Give the version as a whole number, like 3')
  .min(1, 'Give the version as a whole number, like 3')
  .optional()
  .meta({
    description:
      'The version the change was made from (as read). When the record has moved on since, nothing is saved and the answer is 409',
  });

const personPatch = z
  .object(
    {
      fullName: personFields.fullName.optional(),
      emails: personFields.emails,
      phones: personFields.phones,
      postalAddress: personFields.postalAddress,
      preferredLanguage: personFields.preferredLanguage,
      accessibleFormats: personFields.accessibleFormats,
      notes: personFields.notes,
      lastVerifiedOn: personFields.lastVerifiedOn,
      influence: personFields.influence,
      interest: personFields.interest,
      lawfulBasis: personFields.lawfulBasis,
      reviewOn: personFields.reviewOn,
      roleIds: personFields.roleIds,
      places: personFields.places.optional(),
      memberships: personFields.memberships,
      version: versionField,
    },
    { error: 'Give the changes as a JSON object' },
  )
  .meta({
    id: 'StakeholderChanges',
    description: 'The fields to change; every field left out keeps its value. A list given replaces the list',
  });

type PersonPatch = z.output<typeof personPatch>;

const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^\s*(W\/)?"?[1-9]\d{0,8}"?\s*$/, 'Give the version as an ETag, like "3"')
    .optional()
    .meta({ description: 'The version the change was made from, as the ETag of the record read ("3")' }),
});

const versionFromIfMatch = (header: string | undefined): number | undefined =>
  header === undefined ? undefined : Number(header.replace(/[^0-9]/g, ''));

/** A person's record as the input of a change: what `PATCH` leaves out keeps its value. */
export function mergePersonPatch(current: PersonRecord, patch: Omit<PersonPatch, 'version'>): PersonInput {
  const now = detailsOf(current);
  const pick = <K extends keyof PersonPatch & keyof PersonInput>(key: K, fallback: PersonInput[K]) =>
    (patch[key] === undefined ? fallback : patch[key]) as PersonInput[K];
  return {
    fullName: pick('fullName', now.fullName),
    emails: pick(
      'emails',
      now.emails.map((e) => e.value),
    ),
    phones: pick(
      'phones',
      now.phones.map((p) => p.value),
    ),
    postalAddress: pick('postalAddress', now.postalAddress),
    preferredLanguage: pick('preferredLanguage', now.preferredLanguage),
    accessibleFormats: pick('accessibleFormats', now.accessibleFormats),
    notes: pick('notes', now.notes),
    lastVerifiedOn: pick('lastVerifiedOn', now.lastVerifiedOn),
    influence: pick('influence', now.influence),
    interest: pick('interest', now.interest),
    lawfulBasis: pick('lawfulBasis', now.lawfulBasis),
    reviewOn: pick('reviewOn', now.reviewOn),
    roleIds: pick('roleIds', now.roleIds),
    places: pick(
      'places',
      now.places.map((p) => (p.kind === 'borough' ? { kind: p.kind, code: p.code } : { ...p })),
    ),
    // Left out, the memberships are kept as they are by the use case.
    ...(patch.memberships === undefined ? {} : { memberships: patch.memberships }),
  };
}

const organisationFields = {
  name: text('the name').meta({
    description: 'At most 200 characters',
    example: 'Windmill Hill Residents’ Association',
  }),
  type: z
    .enum(organisationTypes, { error: `Choose one of: ${organisationTypes.join(', ')}` })
    .meta({ description: 'The kind of organisation' }),
  areaCode: text('the borough’s code').nullable().optional().meta({
    description:
      'The GSS code of the borough it belongs to; null for a London-wide body (which only those who act in every borough may add)',
    example: 'E09000022',
  }),
  email: emailText.nullable().optional().meta({ description: 'E-mail address; null or "" clears it' }),
  phone: optionalText('the telephone number', 'Telephone number'),
  website: optionalText('the website', 'Website, starting https://'),
  address: optionalText('the address', 'Address (at most 500 characters)'),
  notes: optionalText('the notes', 'Notes (at most 5,000 characters)'),
};

const organisationBody = z
  .object(organisationFields, { error: 'Give the organisation as a JSON object' })
  .meta({ id: 'NewOrganisation', description: 'An organisation to add' });

const organisationPatch = z
  .object(
    {
      ...organisationFields,
      name: organisationFields.name.optional(),
      type: organisationFields.type.optional(),
    },
    { error: 'Give the changes as a JSON object' },
  )
  .meta({
    id: 'OrganisationChanges',
    description: 'The fields to change; every field left out keeps its value',
  });

// --- Query strings -----------------------------------------------------------------------------

const trueFalse = (description: string) =>
  z
    .enum(['true', 'false'], { error: 'Give true or false' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .meta({ description });

const boroughCode = z
  .string()
  .regex(/^E09\d{6}$/, 'Give a borough’s GSS code, like E09000022')
  .optional();

const listQuery = z.object({
  q: z
    .string()
    .max(200, 'The search must be 200 characters or fewer')
    // Control characters are no part of a name or an address: a search of nothing else is no search.
    .transform((s) => s.replace(everyControlCharacter, ' ').trim() || undefined)
    .optional()
    .meta({
      description:
        'Words to find in names, organisations and e-mail addresses: each word as part of a word or as a near spelling of a name',
      example: 'okafor',
    }),
  areaCode: boroughCode.meta({
    description:
      'Only people covering this borough. A borough outside your reach gives an empty list, as one without people does',
    example: 'E09000022',
  }),
  wardCode: z
    .string()
    .regex(/^E05\d{6}$/, 'Give a ward’s ONS code, like E05014096')
    .optional()
    .meta({ description: 'Only people covering this ward' }),
  roleId: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/, 'Give a role’s id, like ward-councillor')
    .optional()
    .meta({ description: 'Only people with this role', example: 'mp' }),
  organisationType: z
    .enum(organisationTypes, { error: `Give one of: ${organisationTypes.join(', ')}` })
    .optional()
    .meta({ description: 'Only people belonging now to an organisation of this type' }),
  topHundred: trueFalse(
    'true: only people in a top 100 (the `areaCode` borough’s, when given); false: only the others',
  ),
  consent: z
    .enum(['given', 'withdrawn', 'none'], { error: 'Give one of: given, withdrawn, none' })
    .optional()
    .meta({ description: 'Only people whose e-newsletter consent stands so' }),
  stale: trueFalse(
    'true: only people whose details were last checked 12 months ago or more; false: the others',
  ),
  sort: z
    .enum(sortOrders, { error: `Give one of: ${sortOrders.join(', ')}` })
    .optional()
    .meta({ description: 'name or updated, with a leading - for descending order; name when left out' }),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, `Give a whole number from 1 to ${pageSizes.max}`)
    .transform(Number)
    .refine((n) => n <= pageSizes.max, `Give a whole number from 1 to ${pageSizes.max}`)
    .optional()
    .meta({
      description: `How many people a page holds: 1 to ${pageSizes.max}; ${pageSizes.default} when left out`,
    }),
  after: z
    .string()
    .max(1000, 'Give the `next` value of the previous page, as it came')
    .refine((s) => decodeCursor(s) !== undefined, 'Give the `next` value of the previous page, as it came')
    .optional()
    .meta({ description: 'Where the page starts: the `next` value of the previous page' }),
});

const etag = (version: number) => `"${version}"`;

/**
 * The stakeholder API: people and organisations, scoped to the caller's boroughs. A person or
 * organisation outside them answers 404, exactly as a missing one does.
 */
export async function stakeholderApiRoutes(parent: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/stakeholders',
    {
      schema: {
        summary: 'Find people',
        description:
          'The people in your boroughs, a page at a time, filtered as the stakeholder list filters them. Pages follow on with `after` (the `next` of the previous page); `total` counts every match. Erased people are never listed.',
        tags,
        querystring: listQuery,
        response: { 200: stakeholderListSchema, 400: invalidQuery, ...authErrors },
      },
    },
    async (request) => {
      const ctx = requestContext(deps, request);
      const result = await searchStakeholders(ctx, request.query);
      const today = londonDay(ctx.clock.now());
      return {
        items: result.rows.map((row) => presentStakeholderSummary(row, today)),
        total: result.total,
        next: result.next ? encodeCursor(result.next) : null,
      };
    },
  );

  app.get(
    '/stakeholders/:id',
    {
      schema: {
        summary: 'One person',
        description:
          'A person’s whole record: contacts, roles, places, memberships, top 100 ranks and the e-newsletter consent ledger with whether they can be e-mailed. The ETag header holds the version, for `If-Match` on a change. The old id of a person merged into another answers 301 with the surviving record in Location. A person outside your boroughs answers 404, as a missing one does.',
        tags,
        params: idParams('person'),
        response: {
          200: stakeholderDetailSchema,
          301: mergedSchema.meta({ description: 'The person was merged into another; Location names it' }),
          ...authErrors,
          404: problemResponse('There is no such person'),
        },
      },
    },
    async (request, reply) => {
      const view = await getPerson(requestContext(deps, request), request.params.id);
      if (view.redirectedFrom !== null) {
        return reply
          .code(301)
          .header('location', `/api/v1/stakeholders/${view.person.id}`)
          .send(presentMerged(view.person.id));
      }
      reply.header('etag', etag(view.person.version));
      return presentStakeholder(view);
    },
  );

  app.post(
    '/stakeholders',
    {
      schema: {
        summary: 'Add a person',
        description:
          'Adds a person. Their places decide the boroughs they belong to, and one must be a borough you look after; an e-mail address another person holds is refused. Answers 201 with the record and its address in Location.',
        tags,
        body: personBody,
        response: {
          201: stakeholderDetailSchema,
          400: invalidBody,
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(deps, request);
      const created = await createPerson(ctx, request.body);
      const view = await getPerson(ctx, created.id);
      return reply
        .code(201)
        .header('location', `/api/v1/stakeholders/${created.id}`)
        .header('etag', etag(view.person.version))
        .send(presentStakeholder(view));
    },
  );

  app.patch(
    '/stakeholders/:id',
    {
      schema: {
        summary: 'Change a person',
        description:
          'Changes the fields given; every field left out keeps its value (a list given replaces the whole list; memberships left out are kept). Give the version read, as `version` in the body or as `If-Match: "3"`, and a record changed meanwhile answers 409 with nothing saved. The old id of a merged person answers 308 with the surviving record in Location, and changes nothing. A person outside your boroughs answers 404.',
        tags,
        params: idParams('person'),
        headers: ifMatchHeaders,
        body: personPatch,
        response: {
          200: stakeholderDetailSchema,
          308: mergedSchema.meta({
            description:
              'The person was merged into another; nothing was changed. Location names the survivor',
          }),
          400: invalidBody,
          ...authErrors,
          404: problemResponse('There is no such person'),
          409: problemResponse('The record changed since the version given, or the person has been erased'),
        },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(deps, request);
      const { version, ...changes } = request.body;
      const headerVersion = versionFromIfMatch(request.headers['if-match']);
      if (version !== undefined && headerVersion !== undefined && version !== headerVersion) {
        throw new DomainError('invalid', 'The request is not valid.', {
          fields: { version: 'The version in the body and in If-Match differ; give one of them' },
        });
      }
      const current = await getPerson(ctx, request.params.id);
      if (current.redirectedFrom !== null) {
        return reply
          .code(308)
          .header('location', `/api/v1/stakeholders/${current.person.id}`)
          .send(presentMerged(current.person.id));
      }
      await updatePerson(ctx, {
        ...mergePersonPatch(current.person, changes),
        id: current.person.id,
        expectedVersion: version ?? headerVersion,
      });
      const view = await getPerson(ctx, current.person.id);
      reply.header('etag', etag(view.person.version));
      return presentStakeholder(view);
    },
  );

  app.get(
    '/organisations',
    {
      schema: {
        summary: 'List organisations',
        description:
          'The organisations of your boroughs and the London-wide ones, by name, optionally of one borough or one type. A borough outside your reach gives an empty list.',
        tags,
        querystring: z.object({
          areaCode: boroughCode.meta({
            description: 'Only this borough’s organisations',
            example: 'E09000022',
          }),
          type: z
            .enum(organisationTypes, { error: `Give one of: ${organisationTypes.join(', ')}` })
            .optional()
            .meta({ description: 'Only organisations of this type' }),
        }),
        response: { 200: organisationListSchema, 400: invalidQuery, ...authErrors },
      },
    },
    async (request) => {
      const items = await listOrganisations(requestContext(deps, request), request.query);
      return { items: items.map(presentOrganisation), total: items.length };
    },
  );

  app.get(
    '/organisations/:id',
    {
      schema: {
        summary: 'One organisation',
        description:
          'An organisation. One in a borough outside your reach answers 404, as a missing one does; London-wide ones are seen by everyone who sees stakeholders.',
        tags,
        params: idParams('organisation'),
        response: {
          200: organisationDetailSchema,
          ...authErrors,
          404: problemResponse('There is no such organisation'),
        },
      },
    },
    async (request) => ({
      data: presentOrganisation(await getOrganisation(requestContext(deps, request), request.params.id)),
    }),
  );

  app.post(
    '/organisations',
    {
      schema: {
        summary: 'Add an organisation',
        description:
          'Adds an organisation in one of your boroughs (or, for those who act in every borough, a London-wide one). Answers 201 with the organisation and its address in Location.',
        tags,
        body: organisationBody,
        response: { 201: organisationDetailSchema, 400: invalidBody, ...authErrors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(deps, request);
      const created = await createOrganisation(ctx, request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/organisations/${created.id}`)
        .send({ data: presentOrganisation(await getOrganisation(ctx, created.id)) });
    },
  );

  app.patch(
    '/organisations/:id',
    {
      schema: {
        summary: 'Change an organisation',
        description:
          'Changes the fields given; every field left out keeps its value. A London-wide organisation is changed only by those who act in every borough (403 for others). One outside your boroughs answers 404.',
        tags,
        params: idParams('organisation'),
        body: organisationPatch,
        response: {
          200: organisationDetailSchema,
          400: invalidBody,
          ...authErrors,
          404: problemResponse('There is no such organisation'),
        },
      },
    },
    async (request) => {
      const ctx = requestContext(deps, request);
      const current = await getOrganisation(ctx, request.params.id, 'stakeholder:edit');
      const pick = <K extends keyof OrganisationInput>(key: K): OrganisationInput[K] =>
        (request.body[key] === undefined ? current[key] : request.body[key]) as OrganisationInput[K];
      await updateOrganisation(ctx, {
        id: current.id,
        name: pick('name'),
        type: pick('type'),
        areaCode: pick('areaCode'),
        email: pick('email'),
        phone: pick('phone'),
        website: pick('website'),
        address: pick('address'),
        notes: pick('notes'),
      });
      return { data: presentOrganisation(await getOrganisation(ctx, current.id)) };
    },
  );
}
