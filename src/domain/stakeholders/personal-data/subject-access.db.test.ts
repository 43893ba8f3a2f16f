import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../../test/harness.ts';
import { auditEvents, duplicateFlags, stakeholderImports, topHundred } from '../../../db/schema/index.ts';
import { contextFor } from '../../../deps.ts';
import type { Actor } from '../../access/actor.ts';
import { actorOf } from '../../access/users.repo.ts';
import { createPerson } from '../create-person.ts';
import { createOrganisation } from '../organisations.ts';
import { recordConsent } from '../record-consent.ts';
import { suppress } from '../suppression.ts';
import { dismissDuplicateFlag } from './duplicates.ts';
import { mergePeople } from './merge-people.ts';
import { exportSubjectAccess } from './subject-access.ts';

/** The subject access export on the real database: every category, what holds nothing, and who may ask. */

const lambeth = 'E09000022';

let deps: TestDeps;
let admin: Actor;
let programmeLead: Actor;
let lead: Actor;
let leadUser: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  deps = await testDeps();
  admin = actorOf(await givenUser(deps, { role: 'administrator', displayName: 'Ada Admin' }));
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead', displayName: 'Priya Programme' }));
  leadUser = await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth] });
  lead = actorOf(leadUser);
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);
const inLambeth = [{ kind: 'borough' as const, code: lambeth }];

describe('a subject access export', () => {
  it('holds everything about the person, section by section, and says which categories hold nothing', async () => {
    const org = await createOrganisation(as(lead), {
      name: 'Kennington Forum',
      type: 'community-group',
      areaCode: lambeth,
    });
    const person = await createPerson(as(lead), {
      fullName: 'Sunita Varma',
      emails: ['sunita@example.org', 'sv@work.example'],
      phones: ['07700 900123'],
      postalAddress: '9 Oval Way',
      accessibleFormats: ['large-print'],
      roleIds: ['community-leader'],
      reviewOn: '2027-05-01',
      places: inLambeth,
      memberships: [{ organisationId: org.id, position: 'Secretary', startedOn: '2024-01-01' }],
    });
    const former = await createPerson(as(lead), {
      fullName: 'S. Varma',
      emails: ['s.varma@old.example'],
      places: inLambeth,
    });
    await mergePeople(as(lead), { id: person.id, withId: former.id, choices: { fullName: 'kept' } });
    await recordConsent(as(lead), {
      personId: person.id,
      event: 'given',
      occurredOn: '2026-11-01',
      method: 'web-form',
      wordingVersion: 'newsletter-2026',
      evidence: 'Ticked the box on the sign-up form',
    });
    await suppress(deps.db, ['sv@work.example'], 'bounced', deps.clock.now());
    await deps.db.insert(topHundred).values({ areaCode: lambeth, personId: person.id, rank: 7 });
    const lookalike = await createPerson(as(lead), { fullName: 'Sunita Verma', places: inLambeth });
    const [flag] = await deps.db
      .insert(duplicateFlags)
      .values({
        personId: lookalike.id,
        otherPersonId: person.id,
        score: 0.82,
        reason: 'Similar name',
        createdAt: deps.clock.now(),
      })
      .returning();
    await dismissDuplicateFlag(as(lead), { id: flag?.id as string });
    await deps.db.insert(stakeholderImports).values({
      userId: leadUser.id,
      areaCode: lambeth,
      fileName: 'forum-members.csv',
      content: Buffer.from('Name,Email\nSomeone,SUNITA@example.org\n').toString('base64'),
      status: 'previewed',
      createdAt: deps.clock.now(),
    });

    const sar = await exportSubjectAccess(as(programmeLead), { id: person.id, format: 'json' });
    expect(sar).toMatchObject({
      title: 'Subject access export',
      personId: person.id,
      name: 'Sunita Varma',
      producedOn: '2026-11-22',
      producedBy: 'Priya Programme',
    });
    const section = (key: string) => sar.sections.find((s) => s.key === key);
    expect(sar.sections.map((s) => s.key)).toEqual([
      'record',
      'contacts',
      'memberships',
      'topHundred',
      'consent',
      'duplicateFlags',
      'mergedRecords',
      'uploads',
      'audit',
    ]);
    expect(section('record')?.items[0]).toMatchObject({
      fullName: 'Sunita Varma',
      roles: ['Community leader'],
      places: ['Borough: Lambeth'],
      postalAddress: '9 Oval Way',
      accessibleFormats: ['Large print'],
      lawfulBasis: 'Public task',
      reviewOn: '2027-05-01',
    });
    expect(section('contacts')?.items).toEqual([
      { kind: 'E-mail', value: 'sunita@example.org', label: null, suppressed: false },
      { kind: 'E-mail', value: 'sv@work.example', label: null, suppressed: true },
      { kind: 'E-mail', value: 's.varma@old.example', label: null, suppressed: false },
      { kind: 'Telephone', value: '07700 900123', label: null, suppressed: null },
    ]);
    expect(section('memberships')?.items).toEqual([
      {
        organisation: 'Kennington Forum',
        type: 'Community group',
        position: 'Secretary',
        startedOn: '2024-01-01',
        endedOn: null,
      },
    ]);
    expect(section('topHundred')?.items).toEqual([{ borough: 'Lambeth', rank: 7 }]);
    expect(section('consent')?.items).toEqual([
      expect.objectContaining({
        event: 'Given',
        method: 'Web form',
        evidence: 'Ticked the box on the sign-up form',
      }),
    ]);
    // The other record is someone else: named by its number, never by name.
    expect(section('duplicateFlags')?.items).toEqual([
      expect.objectContaining({ otherRecord: lookalike.id, score: 0.82, outcome: 'Not the same person' }),
    ]);
    expect(JSON.stringify(section('duplicateFlags'))).not.toContain('Sunita Verma');
    expect(section('mergedRecords')?.items).toEqual([expect.objectContaining({ formerRecord: former.id })]);
    expect(section('uploads')?.items).toEqual([expect.objectContaining({ fileName: 'forum-members.csv' })]);
    const summaries = section('audit')?.items.map((a) => a.summary) ?? [];
    expect(summaries).toEqual(
      expect.arrayContaining([
        'Person “Sunita Varma” added',
        'Person “S. Varma” added',
        'Person “S. Varma” merged into “Sunita Varma”',
        'E-newsletter consent given for “Sunita Varma”',
        'Not the same person: “Sunita Verma” and “Sunita Varma”',
      ]),
    );
    expect(sar.holdingNothing).toEqual([]);

    // Producing it is recorded.
    const [produced] = await deps.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityType, 'subject-access-export'));
    expect(produced).toMatchObject({ entityId: person.id, actorLabel: 'Priya Programme' });
    expect(produced?.summary).toBe('Subject access export produced (JSON file)');
  });

  it('names the categories that hold nothing, and is only for administrators and programme leads', async () => {
    const person = await createPerson(as(lead), { fullName: 'Quiet Person', places: inLambeth });
    const sar = await exportSubjectAccess(as(admin), { id: person.id, format: 'html' });
    expect(sar.producedBy).toBe('Ada Admin');
    expect(sar.holdingNothing).toEqual([
      'E-mail addresses and telephone numbers',
      'Memberships of organisations',
      'Top 100 lists',
      'Consent to the e-newsletter',
      'Possible duplicate records',
      'Records merged into this one',
      'Files waiting to be imported',
    ]);
    expect((await rejection(exportSubjectAccess(as(lead), { id: person.id, format: 'json' }))).code).toBe(
      'forbidden',
    );
    expect(
      (
        await rejection(
          exportSubjectAccess(as(admin), { id: '00000000-0000-4000-8000-000000000000', format: 'json' }),
        )
      ).code,
    ).toBe('not_found');
  });
});
