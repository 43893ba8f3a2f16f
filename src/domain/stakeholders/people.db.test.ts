import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import {
  auditEvents,
  constituencies,
  personBoroughs,
  vintages,
  wardConstituencies,
} from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, operator } from '../access/actor.ts';
import { actorOf } from '../access/users.repo.ts';
import { importWards } from '../geography/import-wards.ts';
import { createPerson } from './create-person.ts';
import { getPerson } from './get-person.ts';
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from './organisations.ts';
import { recordConsent } from './record-consent.ts';
import { addRole, listRoles } from './roles.ts';
import { updatePerson } from './update-person.ts';

/** People and organisations on the real database: places decide the borough, e-mail is unique, scope hides. */

const lambeth = 'E09000022';
const camden = 'E09000007';

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let camdenLead: Actor;
let analyst: Actor;
const cli = operator('test');

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead' }));
  lambethLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] }));
  camdenLead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [camden] }));
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
  await importWards(contextFor(deps, cli), {
    text: ['WD22CD,WD22NM,LAD22CD,LAD22NM', 'E05014096,Brixton North,E09000022,Lambeth'].join('\n'),
  });
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);

describe('people', () => {
  it('derives the borough from a ward, keeps e-mails normalised and records the change', async () => {
    const person = await createPerson(as(lambethLead), {
      fullName: 'Cllr Ada Brixton',
      emails: ['  Ada.Brixton@Lambeth.gov.uk '],
      phones: ['020 7926 1000'],
      roleIds: ['ward-councillor'],
      places: [{ kind: 'ward', code: 'E05014096' }],
    });
    const boroughs = await deps.db
      .select()
      .from(personBoroughs)
      .where(eq(personBoroughs.personId, person.id));
    expect(boroughs.map((b) => b.areaCode)).toEqual([lambeth]);
    const view = await getPerson(as(lambethLead), person.id);
    expect(view.person.emails).toEqual([
      { value: 'Ada.Brixton@Lambeth.gov.uk', normalised: 'ada.brixton@lambeth.gov.uk', suppressed: false },
    ]);
    expect(view.person.places).toEqual([
      { kind: 'ward', code: 'E05014096', vintage: 2022, name: 'Brixton North' },
    ]);
    expect(view.person.lawfulBasis).toBe('public-task');
    expect(view.emailability).toEqual({ ok: false, reason: 'no-consent' });
    expect(view.person.searchText).toContain('ada.brixton@lambeth.gov.uk');
    const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, person.id));
    expect(audit?.summary).toBe('Person “Cllr Ada Brixton” added');

    // Another borough's lead finds nothing, as for a missing id; an analyst may not look at all.
    expect((await rejection(getPerson(as(camdenLead), person.id))).code).toBe('not_found');
    expect((await rejection(getPerson(as(analyst), person.id))).code).toBe('forbidden');
  });

  it('refuses an address another person holds, naming them only to those who may see them', async () => {
    await createPerson(as(programmeLead), {
      fullName: 'Bea Camden',
      emails: ['bea@example.org'],
      places: [{ kind: 'borough', code: camden }],
    });
    const seen = await rejection(
      createPerson(as(programmeLead), {
        fullName: 'B Camden',
        emails: ['BEA@example.org'],
        places: [{ kind: 'borough', code: camden }],
      }),
    );
    expect(seen.details.fields?.emails).toContain('Bea Camden');
    const hidden = await rejection(
      createPerson(as(lambethLead), {
        fullName: 'B',
        emails: ['bea@example.org'],
        places: [{ kind: 'borough', code: lambeth }],
      }),
    );
    expect(hidden.details.fields?.emails).toBe(
      'bea@example.org is already the address of another person in the database',
    );
  });

  it('refuses places outside the actor’s boroughs, unknown places and unknown roles, naming the field', async () => {
    const outside = await rejection(
      createPerson(as(lambethLead), { fullName: 'C', places: [{ kind: 'borough', code: camden }] }),
    );
    expect(outside.details.fields?.places).toBe(
      'You do not look after Camden; choose a place in a borough you look after',
    );
    const unknown = await rejection(
      createPerson(as(lambethLead), {
        fullName: 'C',
        roleIds: ['nope'],
        places: [{ kind: 'ward', code: 'E05000001' }],
      }),
    );
    expect(unknown.details.fields).toEqual({
      roleIds: '“nope” is not a role on the list',
      places: 'E05000001 is not a borough, ward or constituency in the boundaries in use',
    });
  });

  it('derives e-mailability from the consent ledger, and updates with optimistic locking', async () => {
    const person = await createPerson(as(lambethLead), {
      fullName: 'Dee Consent',
      emails: ['dee@example.org'],
      places: [{ kind: 'borough', code: lambeth }],
    });
    const given = {
      event: 'given',
      occurredOn: '2026-11-01',
      method: 'meeting',
      wordingVersion: 'v1',
      evidence: 'Signed the sheet',
    } as const;
    await recordConsent(as(lambethLead), { personId: person.id, ...given });
    expect((await getPerson(as(lambethLead), person.id)).emailability).toEqual({
      ok: true,
      address: 'dee@example.org',
    });
    await recordConsent(as(lambethLead), {
      personId: person.id,
      ...given,
      event: 'withdrawn',
      occurredOn: '2026-11-20',
    });
    expect((await getPerson(as(lambethLead), person.id)).emailability).toEqual({
      ok: false,
      reason: 'withdrawn',
    });
    const future = await rejection(
      recordConsent(as(lambethLead), { personId: person.id, ...given, occurredOn: '2027-01-01' }),
    );
    expect(future.details.fields?.occurredOn).toBe('The date cannot be in the future');

    const updated = await updatePerson(as(lambethLead), {
      id: person.id,
      expectedVersion: 1,
      fullName: 'Dee Consent-Smith',
      emails: ['dee@example.org'],
      influence: 4,
      places: [{ kind: 'borough', code: lambeth }],
    });
    expect(updated.version).toBe(2);
    const stale = await rejection(
      updatePerson(as(lambethLead), {
        id: person.id,
        expectedVersion: 1,
        fullName: 'X',
        places: [{ kind: 'borough', code: lambeth }],
      }),
    );
    expect(stale.code).toBe('conflict');
  });
});

describe('places and memberships outside the obvious', () => {
  it('finds a constituency’s boroughs from the ward lookup when no overlap table is loaded', async () => {
    await deps.db.insert(vintages).values({ kind: 'constituency', year: 2024, loadedAt: deps.clock.now() });
    await deps.db
      .insert(constituencies)
      .values({ code: 'E14001234', vintage: 2024, name: 'Brixton and Somewhere' });
    await deps.db.insert(wardConstituencies).values({
      wardCode: 'E05014096',
      wardVintage: 2022,
      constituencyCode: 'E14001234',
      constituencyVintage: 2024,
    });
    const mp = await createPerson(as(lambethLead), {
      fullName: 'An MP',
      roleIds: ['mp'],
      places: [{ kind: 'constituency', code: 'E14001234' }],
    });
    const boroughs = await deps.db.select().from(personBoroughs).where(eq(personBoroughs.personId, mp.id));
    expect(boroughs.map((b) => b.areaCode)).toEqual([lambeth]);
  });

  it('lets a lead save a person who also belongs to an organisation outside their boroughs', async () => {
    const camdenOrg = await createOrganisation(as(camdenLead), {
      name: 'Camden Forum',
      type: 'community-group',
      areaCode: camden,
    });
    const person = await createPerson(as(programmeLead), {
      fullName: 'Two Borough Person',
      places: [
        { kind: 'borough', code: lambeth },
        { kind: 'borough', code: camden },
      ],
      memberships: [{ organisationId: camdenOrg.id, position: 'Treasurer' }],
    });
    const saved = await updatePerson(as(lambethLead), {
      id: person.id,
      fullName: 'Two Borough Person',
      influence: 3,
      places: [
        { kind: 'borough', code: lambeth },
        { kind: 'borough', code: camden },
      ],
      memberships: [{ organisationId: camdenOrg.id, position: 'Treasurer' }],
    });
    expect(saved.influence).toBe(3);
    // Adding a Camden organisation they do not already belong to is still refused.
    const other = await createOrganisation(as(camdenLead), {
      name: 'Camden Other',
      type: 'community-group',
      areaCode: camden,
    });
    const refused = await rejection(
      updatePerson(as(lambethLead), {
        id: person.id,
        fullName: 'Two Borough Person',
        places: [{ kind: 'borough', code: lambeth }],
        memberships: [{ organisationId: other.id }],
      }),
    );
    expect(refused.details.fields?.memberships).toBe('Choose an organisation from the list');
  });
});

describe('organisations and roles', () => {
  it('keeps a borough’s organisations to its leads, and London-wide ones to programme leads', async () => {
    const org = await createOrganisation(as(lambethLead), {
      name: 'Brixton Residents',
      type: 'residents-association',
      areaCode: lambeth,
    });
    expect((await rejection(getOrganisation(as(camdenLead), org.id))).code).toBe('not_found');
    const wide = await rejection(
      createOrganisation(as(lambethLead), { name: 'London Councils', type: 'council' }),
    );
    expect(wide.details.fields?.areaCode).toContain('Only a programme lead');
    const london = await createOrganisation(as(programmeLead), { name: 'London Councils', type: 'council' });
    expect((await getOrganisation(as(lambethLead), london.id)).mayEdit).toBe(false);
    const names = (await listOrganisations(as(camdenLead))).map((o) => o.name);
    expect(names).toContain('London Councils');
    expect(names).not.toContain('Brixton Residents');

    const member = await createPerson(as(lambethLead), {
      fullName: 'Eve Member',
      places: [{ kind: 'borough', code: lambeth }],
      memberships: [{ organisationId: org.id, position: 'Chair' }],
    });
    await updateOrganisation(as(lambethLead), {
      id: org.id,
      name: 'Brixton Residents Association',
      type: 'residents-association',
      areaCode: lambeth,
    });
    expect((await getPerson(as(lambethLead), member.id)).person.searchText).toContain(
      'brixton residents association',
    );
  });

  it('lets an administrator extend the list of roles, once per name', async () => {
    const admin = actorOf(await givenUser(deps, { role: 'administrator' }));
    const before = (await listRoles(as(lambethLead))).length;
    expect(before).toBe(15);
    const role = await addRole(as(admin), { label: 'Youth worker' });
    expect(role).toMatchObject({ id: 'youth-worker', builtIn: false });
    expect((await listRoles(as(lambethLead))).map((r) => r.label)).toContain('Youth worker');
    expect((await rejection(addRole(as(admin), { label: 'youth WORKER' }))).details.fields?.label).toBe(
      '“Youth worker” is already on the list',
    );
    expect((await rejection(addRole(as(lambethLead), { label: 'Chef' }))).code).toBe('forbidden');
  });
});
