import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import { auditEvents, proposals, proposalVersions } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import type { Actor } from '../access/actor.ts';
import { writeSetting } from '../access/settings.repo.ts';
import { actorOf } from '../access/users.repo.ts';
import { compareProposalVersions } from './compare-proposal-versions.ts';
import { createProposal } from './create-proposal.ts';
import { createSite } from './create-site.ts';
import { getProposal } from './get-proposal.ts';
import { getSite } from './get-site.ts';
import { listProposals } from './list-proposals.ts';
import type { ProposalInput } from './proposal.ts';
import { type UpdateProposalInput, updateProposal } from './update-proposal.ts';

/** Proposals on the real database: every edit a dated version, compared side by side; imminence. */

const lambeth = 'E09000022';
const camden = 'E09000007';

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let contributor: Actor;
let analyst: Actor;
let lambethSite: string;
let camdenSite: string;

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead', displayName: 'Pat Programme' }));
  lambethLead = actorOf(
    await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth], displayName: 'Lee Lambeth' }),
  );
  contributor = actorOf(await givenUser(deps, { role: 'borough_contributor', boroughs: [lambeth] }));
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
  const site = { type: 'police-station', address: '1 High Street', postcode: 'SE27 9AA' } as const;
  lambethSite = (
    await createSite(as(programmeLead), { ...site, name: 'Gipsy Hill Police Station', areaCode: lambeth })
  ).id;
  camdenSite = (
    await createSite(as(programmeLead), { ...site, name: 'Kentish Town Police Station', areaCode: camden })
  ).id;
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);

let n = 0;
const aProposal = (overrides: Partial<ProposalInput> = {}): ProposalInput => {
  n += 1;
  return {
    changeType: 'dispose',
    title: `Dispose of the building ${n}`,
    summary: 'Teams move to Brixton; the building is sold.',
    reasons: 'The building is costly to run and little used.',
    ...overrides,
  };
};

const versionsOf = (proposalId: string) =>
  deps.db
    .select()
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(asc(proposalVersions.version));
const auditOf = (proposalId: string) =>
  deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'proposal'), eq(auditEvents.entityId, proposalId)))
    .orderBy(asc(auditEvents.at));

/** A proposal created by the programme lead, with the input it was made from, for editing. */
async function givenProposal(overrides: Partial<ProposalInput> = {}, siteId = lambethSite) {
  const input = aProposal(overrides);
  const proposal = await createProposal(as(programmeLead), { ...input, siteId });
  const edit = (changes: Partial<UpdateProposalInput>): UpdateProposalInput => ({
    ...input,
    id: proposal.id,
    ...changes,
  });
  return { proposal, input, edit };
}

describe('createProposal', () => {
  it('adds version 1 in the site’s borough, with alternatives in pence, and audits it', async () => {
    const input = aProposal({
      alternatives: [
        {
          description: 'Refurbish in place',
          costPence: '£1,250,000',
          assessment: 'Too costly',
          criteria: 'Cost',
        },
      ],
      engagementStart: '2027-01-11',
      decisionDue: '2027-04-01',
      disposalDate: '2027-10-01',
    });
    const proposal = await createProposal(as(lambethLead), {
      ...input,
      siteId: lambethSite,
      note: 'Draft 1',
    });

    expect(proposal).toMatchObject({ areaCode: lambeth, siteId: lambethSite, version: 1, status: 'draft' });
    const [row] = await deps.db.select().from(proposals).where(eq(proposals.id, proposal.id));
    expect(row?.alternatives).toEqual([
      {
        description: 'Refurbish in place',
        assessment: 'Too costly',
        criteria: 'Cost',
        costPence: 125_000_000,
        savingPence: null,
      },
    ]);
    const versions = await versionsOf(proposal.id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      changedBy: 'Lee Lambeth',
      note: 'Draft 1',
      snapshot: { siteId: lambethSite, title: input.title, disposalDate: '2027-10-01', status: 'draft' },
    });
    const audit = await auditOf(proposal.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'created',
      areaCode: lambeth,
      summary: `Proposal “${input.title}” added for Gipsy Hill Police Station`,
    });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await deps.db.select().from(proposals);
    const error = await rejection(
      createProposal(as(programmeLead), {
        ...aProposal({ changeType: 'refurbish', disposalDate: '2027-01-01' }),
        siteId: lambethSite,
      }),
    );
    expect(error.details.fields).toEqual({
      disposalDate: 'Only a disposal or a relocation has a disposal date',
    });
    expect(await deps.db.select().from(proposals)).toHaveLength(before.length);
  });

  it('answers as missing for a site in another borough, and refuses those who only read', async () => {
    expect(
      (await rejection(createProposal(as(lambethLead), { ...aProposal(), siteId: camdenSite }))).code,
    ).toBe('not_found');
    for (const actor of [contributor, analyst]) {
      expect((await rejection(createProposal(as(actor), { ...aProposal(), siteId: lambethSite }))).code).toBe(
        'forbidden',
      );
    }
  });
});

describe('updateProposal and its versions', () => {
  it('keeps three versions after two edits, and compares any two with the changes marked', async () => {
    const { proposal, edit } = await givenProposal({ disposalDate: '2027-09-30' });
    deps.clock.advance(60_000);
    const second = await updateProposal(
      as(lambethLead),
      edit({ summary: 'Teams move to Brixton; the front counter moves to the library.', expectedVersion: 1 }),
    );
    deps.clock.advance(60_000);
    const third = await updateProposal(
      as(lambethLead),
      edit({
        summary: 'Teams move to Brixton; the front counter moves to the library.',
        status: 'published',
        engagementStart: '2026-12-01',
        alternatives: [{ description: 'Keep a smaller counter', savingPence: '40,000' }],
        expectedVersion: 2,
        note: 'Published for engagement',
      }),
    );
    expect([second.version, third.version]).toEqual([2, 3]);

    const versions = await versionsOf(proposal.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions[2]?.changedAt.getTime()).toBe((versions[0]?.changedAt.getTime() ?? 0) + 120_000);

    const oneToThree = await compareProposalVersions(as(contributor), { id: proposal.id, from: 1, to: '3' });
    expect(oneToThree.versions).toEqual([1, 2, 3]);
    expect(oneToThree.from.version).toBe(1);
    expect(oneToThree.to).toMatchObject({
      version: 3,
      note: 'Published for engagement',
      changedBy: 'Lee Lambeth',
    });
    const changed = oneToThree.fields.filter((f) => f.changed).map((f) => f.field);
    expect(changed).toEqual(['summary', 'alternatives', 'engagementStart', 'status']);
    expect(oneToThree.fields.find((f) => f.field === 'status')).toEqual({
      field: 'status',
      label: 'Status',
      before: 'draft',
      after: 'published',
      changed: true,
    });
    expect(oneToThree.fields.find((f) => f.field === 'disposalDate')).toMatchObject({
      label: 'Disposal',
      before: '2027-09-30',
      after: '2027-09-30',
      changed: false,
    });

    const twoToThree = await compareProposalVersions(as(analyst), { id: proposal.id, from: '2', to: 3 });
    expect(twoToThree.fields.filter((f) => f.changed).map((f) => f.field)).toEqual([
      'alternatives',
      'engagementStart',
      'status',
    ]);
    const detail = await getProposal(as(lambethLead), { id: proposal.id });
    expect(detail.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(detail.proposal).toMatchObject({ version: 3, status: 'published' });

    const audit = await auditOf(proposal.id);
    expect(audit.map((a) => a.action)).toEqual(['created', 'updated', 'updated']);
    expect(audit[1]?.oldValues).toEqual({ summary: 'Teams move to Brixton; the building is sold.' });
    expect(Object.keys(audit[2]?.newValues ?? {}).sort()).toEqual([
      'alternatives',
      'engagementStart',
      'status',
    ]);
  });

  it('answers a version that does not exist as missing, and a version that is not a number as invalid', async () => {
    const { proposal } = await givenProposal();
    const missing = await rejection(
      compareProposalVersions(as(analyst), { id: proposal.id, from: 1, to: 2 }),
    );
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe('This proposal has versions 1 to 1.');
    const bad = await rejection(
      compareProposalVersions(as(analyst), { id: proposal.id, from: 'first', to: 0 }),
    );
    expect(bad.code).toBe('invalid');
    expect(bad.details.fields).toEqual({ from: 'Choose a version', to: 'Choose a version' });
  });

  it('makes no version when nothing changed', async () => {
    const { proposal, edit } = await givenProposal({
      alternatives: [{ description: 'Stay', costPence: '£10' }],
    });
    const same = await updateProposal(
      as(lambethLead),
      edit({ title: `  ${proposal.title} `, alternatives: [{ description: 'Stay', costPence: 10 }] }),
    );
    expect(same.version).toBe(1);
    expect(await versionsOf(proposal.id)).toHaveLength(1);
    expect(await auditOf(proposal.id)).toHaveLength(1);
  });

  it('refuses an edit begun from an older version', async () => {
    const { proposal, edit } = await givenProposal();
    await updateProposal(as(programmeLead), edit({ title: 'Changed first' }));
    const error = await rejection(
      updateProposal(as(lambethLead), edit({ title: 'Changed second', expectedVersion: 1 })),
    );
    expect(error.code).toBe('conflict');
    const [row] = await deps.db.select().from(proposals).where(eq(proposals.id, proposal.id));
    expect(row).toMatchObject({ title: 'Changed first', version: 2 });
  });

  it('moves the status only forward: never back to draft once published', async () => {
    const { proposal, edit } = await givenProposal();
    await updateProposal(as(lambethLead), edit({ status: 'published' }));
    const back = await rejection(updateProposal(as(lambethLead), edit({ status: 'draft' })));
    expect(back.code).toBe('invalid');
    expect(back.details.fields).toEqual({
      status:
        'A proposal that is “Published for engagement” can only become “Decided: proceed”, “Decided: modified” or “Decided: withdrawn”',
    });
    await updateProposal(as(lambethLead), edit({ status: 'withdrawn' }));
    const ended = await rejection(updateProposal(as(lambethLead), edit({ status: 'published' })));
    expect(ended.details.fields).toEqual({
      status: 'The proposal is “Decided: withdrawn”; its status cannot change',
    });
    const [row] = await deps.db.select().from(proposals).where(eq(proposals.id, proposal.id));
    expect(row).toMatchObject({ status: 'withdrawn', version: 3 });
  });

  it('keeps the status when an edit leaves it out', async () => {
    const { proposal, edit } = await givenProposal();
    await updateProposal(as(lambethLead), edit({ status: 'published' }));
    const { status: _left, ...withoutStatus } = edit({ title: 'Retitled' });
    const updated = await updateProposal(as(lambethLead), withoutStatus);
    expect(updated).toMatchObject({ id: proposal.id, status: 'published', title: 'Retitled', version: 3 });
    // A form or adapter that passes the field as undefined means the same as leaving it out.
    const again = await updateProposal(as(lambethLead), edit({ title: 'Retitled again', status: undefined }));
    expect(again).toMatchObject({ status: 'published', title: 'Retitled again', version: 4 });
  });

  it('answers as missing for another borough’s proposal, and refuses those who only read', async () => {
    const { proposal, edit } = await givenProposal({}, camdenSite);
    expect((await rejection(getProposal(as(lambethLead), { id: proposal.id }))).code).toBe('not_found');
    expect((await rejection(updateProposal(as(lambethLead), edit({ title: 'X' })))).code).toBe('not_found');
    expect(
      (await rejection(compareProposalVersions(as(lambethLead), { id: proposal.id, from: 1, to: 1 }))).code,
    ).toBe('not_found');

    const mine = await givenProposal();
    for (const actor of [contributor, analyst]) {
      expect((await getProposal(as(actor), { id: mine.proposal.id })).proposal.id).toBe(mine.proposal.id);
      expect((await rejection(updateProposal(as(actor), mine.edit({ title: 'X' })))).code).toBe('forbidden');
    }
    expect(await versionsOf(mine.proposal.id)).toHaveLength(1);
  });

  it('refuses UPDATE and DELETE on proposal_versions, and the row is unchanged', async () => {
    const { proposal } = await givenProposal();
    const before = await versionsOf(proposal.id);
    for (const [operation, attempt] of [
      ['UPDATE', sql`update proposal_versions set snapshot = '{}'::jsonb where proposal_id = ${proposal.id}`],
      ['DELETE', sql`delete from proposal_versions where proposal_id = ${proposal.id}`],
    ] as const) {
      const error = await deps.db.execute(attempt).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String((error as Error | undefined)?.cause)).toContain(
        `proposal_versions is append-only: ${operation} refused`,
      );
    }
    expect(await versionsOf(proposal.id)).toEqual(before);
  });
});

describe('imminent disposals', () => {
  // The suite's clock reads 22 November 2026.
  let soon: string;
  let later: string;
  let past: string;
  let withdrawn: string;
  let camdenSoon: string;

  beforeAll(async () => {
    soon = (await givenProposal({ title: 'Soon', disposalDate: '2027-06-30' })).proposal.id;
    later = (await givenProposal({ title: 'Later', disposalDate: '2028-01-15' })).proposal.id;
    past = (await givenProposal({ title: 'Past', disposalDate: '2026-11-21' })).proposal.id;
    const gone = await givenProposal({ title: 'Withdrawn', disposalDate: '2027-01-31' });
    await updateProposal(as(programmeLead), gone.edit({ status: 'withdrawn' }));
    withdrawn = gone.proposal.id;
    camdenSoon = (await givenProposal({ title: 'Camden soon', disposalDate: '2027-02-01' }, camdenSite))
      .proposal.id;
  });

  const imminence = async (actor: Actor) =>
    Object.fromEntries(
      (await listProposals(as(actor), { areaCode: lambeth }))
        .filter((p) => [soon, later, past, withdrawn].includes(p.id))
        .map((p) => [p.title, p.imminent]),
    );

  it('marks a live disposal within the window from today, by default twelve months', async () => {
    expect(await imminence(analyst)).toEqual({ Soon: true, Later: false, Past: false, Withdrawn: false });
    expect((await getProposal(as(lambethLead), { id: soon })).proposal.imminent).toBe(true);
    expect(
      (await getSite(as(lambethLead), { id: lambethSite })).proposals.find((p) => p.id === later)?.imminent,
    ).toBe(false);
  });

  it('follows the window in the settings', async () => {
    await writeSetting(deps.db, 'imminentMonths', 24, deps.clock.now());
    expect(await imminence(analyst)).toEqual({ Soon: true, Later: true, Past: false, Withdrawn: false });
    await writeSetting(deps.db, 'imminentMonths', 3, deps.clock.now());
    expect(await imminence(analyst)).toEqual({ Soon: false, Later: false, Past: false, Withdrawn: false });
    await writeSetting(deps.db, 'imminentMonths', 12, deps.clock.now());
  });

  it('filters to the imminent ones in the actor’s boroughs only', async () => {
    const everywhere = (await listProposals(as(analyst), { imminent: true })).map((p) => p.id);
    expect(everywhere).toEqual(expect.arrayContaining([soon, camdenSoon]));
    expect(everywhere).not.toContain(later);
    const lee = await listProposals(as(lambethLead), { imminent: true });
    expect(lee.map((p) => p.id)).toContain(soon);
    expect(lee.every((p) => p.areaCode === lambeth && p.imminent)).toBe(true);
    expect((await rejection(listProposals(as(lambethLead), { areaCode: camden }))).code).toBe('not_found');
  });
});
