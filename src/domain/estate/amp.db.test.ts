import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import { amps, ampVersions, auditEvents, proposals, proposalVersions } from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import type { Actor } from '../access/actor.ts';
import { actorOf } from '../access/users.repo.ts';
import { agreeAmp } from './agree-amp.ts';
import { createProposal } from './create-proposal.ts';
import { createSite } from './create-site.ts';
import type { AmpSnapshot } from './estate.repo.ts';
import { getAmp } from './get-amp.ts';
import type { ProposalInput } from './proposal.ts';
import { updateProposal } from './update-proposal.ts';

/** Asset Management Plans: agreed as final by a programme lead; after that, changes are versions. */

const lambeth = 'E09000022';
const southwark = 'E09000028';
const camden = 'E09000007';

let deps: TestDeps;
let programmeLead: Actor;
let lead: Actor;
let analyst: Actor;
let administrator: Actor;
let lambethSite: string;
let southwarkSite: string;

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead', displayName: 'Pat Programme' }));
  lead = actorOf(await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth, southwark] }));
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
  administrator = actorOf(await givenUser(deps, { role: 'administrator' }));
  const site = { type: 'front-counter', address: '1 High Street', postcode: 'SE1 1AA' } as const;
  lambethSite = (await createSite(as(programmeLead), { ...site, name: 'Kennington', areaCode: lambeth })).id;
  southwarkSite = (await createSite(as(programmeLead), { ...site, name: 'Walworth', areaCode: southwark }))
    .id;
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);

const aProposal = (title: string, overrides: Partial<ProposalInput> = {}): ProposalInput => ({
  changeType: 'close-front-counter',
  title,
  summary: 'Counter services move to the borough’s main station.',
  reasons: 'Few visitors.',
  ...overrides,
});

const ampRow = async (areaCode: string) =>
  (await deps.db.select().from(amps).where(eq(amps.areaCode, areaCode)))[0];
/** The proposals an AMP version holds (its snapshot is jsonb). */
const heldIn = (version: { snapshot: unknown } | undefined) =>
  (version?.snapshot as AmpSnapshot | undefined)?.proposals ?? [];
const ampVersionsOf = (areaCode: string) =>
  deps.db
    .select()
    .from(ampVersions)
    .where(eq(ampVersions.areaCode, areaCode))
    .orderBy(asc(ampVersions.version));

describe('agreeAmp', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = (
      await createProposal(as(lead), { ...aProposal('Close Kennington counter'), siteId: lambethSite })
    ).id;
    second = (await createProposal(as(lead), { ...aProposal('Refit Kennington'), siteId: lambethSite })).id;
    await updateProposal(as(lead), {
      ...aProposal('Refit Kennington', { changeType: 'refurbish', summary: 'New windows.' }),
      id: second,
    });
  });

  it('shows a borough with no agreed plan as a draft with no versions', async () => {
    expect(await getAmp(as(lead), { gssCode: lambeth })).toMatchObject({
      status: 'draft',
      agreedOn: null,
      version: 0,
      versions: [],
    });
    expect((await getAmp(as(lead), { gssCode: lambeth })).proposals.map((p) => p.id).sort()).toEqual(
      [first, second].sort(),
    );
  });

  it('needs a programme lead: a borough lead, an analyst and an administrator are refused', async () => {
    for (const actor of [lead, analyst, administrator]) {
      const error = await rejection(agreeAmp(as(actor), { gssCode: lambeth, agreedOn: '2026-11-20' }));
      expect(error.code).toBe('forbidden');
    }
    // Still a draft (a draft row exists once the borough has proposals), with no version.
    expect((await ampRow(lambeth))?.status ?? 'draft').toBe('draft');
    expect(await ampVersionsOf(lambeth)).toHaveLength(0);
  });

  it('refuses a date in the future, or one that is not a date', async () => {
    const tomorrow = await rejection(
      agreeAmp(as(programmeLead), { gssCode: lambeth, agreedOn: '2026-11-23' }),
    );
    expect(tomorrow.code).toBe('invalid');
    expect(tomorrow.details.fields).toEqual({
      agreedOn: 'The date the AMP was agreed cannot be in the future',
    });
    const bad = await rejection(agreeAmp(as(programmeLead), { gssCode: lambeth, agreedOn: '31/02/2026' }));
    expect(bad.details.fields).toEqual({ agreedOn: 'Enter the date the AMP was agreed as a real date' });
    // Still a draft (a draft row exists once the borough has proposals), with no version.
    expect((await ampRow(lambeth))?.status ?? 'draft').toBe('draft');
    expect(await ampVersionsOf(lambeth)).toHaveLength(0);
    expect(await ampVersionsOf(lambeth)).toHaveLength(0);
  });

  it('answers an unknown borough as missing', async () => {
    const error = await rejection(
      agreeAmp(as(programmeLead), { gssCode: 'E09000099', agreedOn: '2026-11-20' }),
    );
    expect(error.code).toBe('not_found');
  });

  it('records version 1, final, with each proposal at the version it stood at, and audits it', async () => {
    const result = await agreeAmp(as(programmeLead), { gssCode: lambeth, agreedOn: '2026-11-22' });
    expect(result).toEqual({ version: 1 });
    expect(await ampRow(lambeth)).toMatchObject({ status: 'final', agreedOn: '2026-11-22', version: 1 });
    const versions = await ampVersionsOf(lambeth);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      changedBy: 'Pat Programme',
      note: 'Agreed as final on 2026-11-22',
    });
    const snapshot = versions[0]?.snapshot as AmpSnapshot;
    expect(snapshot.status).toBe('final');
    expect(snapshot.agreedOn).toBe('2026-11-22');
    expect(snapshot.proposals).toEqual(
      expect.arrayContaining([
        { id: first, title: 'Close Kennington counter', version: 1, status: 'draft' },
        { id: second, title: 'Refit Kennington', version: 2, status: 'draft' },
      ]),
    );
    expect(snapshot.proposals).toHaveLength(2);

    const [audit] = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'amp'), eq(auditEvents.entityId, lambeth)));
    expect(audit).toMatchObject({
      action: 'updated',
      areaCode: lambeth,
      summary: 'Lambeth’s AMP agreed as final on 2026-11-22 (version 1, 2 proposals)',
      oldValues: { status: 'draft', agreedOn: null },
      newValues: { status: 'final', agreedOn: '2026-11-22' },
    });
    expect(await getAmp(as(analyst), { gssCode: lambeth })).toMatchObject({
      status: 'final',
      agreedOn: '2026-11-22',
      version: 1,
    });
  });

  it('then refuses a borough lead’s change to the borough’s proposals, and writes nothing', async () => {
    const edit = rejection(
      updateProposal(as(lead), {
        ...aProposal('Close Kennington counter', { summary: 'Changed' }),
        id: first,
      }),
    );
    expect((await edit).code).toBe('forbidden');
    const add = rejection(createProposal(as(lead), { ...aProposal('A late addition'), siteId: lambethSite }));
    expect((await add).code).toBe('forbidden');

    const [row] = await deps.db.select().from(proposals).where(eq(proposals.id, first));
    expect(row).toMatchObject({
      version: 1,
      summary: 'Counter services move to the borough’s main station.',
    });
    expect(
      await deps.db.select().from(proposalVersions).where(eq(proposalVersions.proposalId, first)),
    ).toHaveLength(1);
    expect(await deps.db.select().from(proposals).where(eq(proposals.title, 'A late addition'))).toHaveLength(
      0,
    );
    expect(await ampVersionsOf(lambeth)).toHaveLength(1);
  });

  it('still lets the borough lead change proposals in a borough whose plan is a draft', async () => {
    const p = await createProposal(as(lead), {
      ...aProposal('Close Walworth counter'),
      siteId: southwarkSite,
    });
    const changed = await updateProposal(as(lead), {
      ...aProposal('Close Walworth counter early'),
      id: p.id,
    });
    expect(changed.version).toBe(2);
    expect(await ampVersionsOf(southwark)).toHaveLength(0);
  });

  it('records a programme lead’s change as AMP version 2, holding the proposal at its new version', async () => {
    deps.clock.advance(3_600_000);
    const changed = await updateProposal(as(programmeLead), {
      ...aProposal('Close Kennington counter', { summary: 'Counter moves to Brixton in spring.' }),
      id: first,
      status: 'published',
    });
    expect(changed.version).toBe(2);
    expect(await ampRow(lambeth)).toMatchObject({ status: 'final', agreedOn: '2026-11-22', version: 2 });
    const versions = await ampVersionsOf(lambeth);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]).toMatchObject({
      changedBy: 'Pat Programme',
      note: 'Proposal “Close Kennington counter” changed (version 2)',
    });
    const held = heldIn(versions[1]);
    expect(held.find((p) => p.id === first)).toMatchObject({ version: 2, status: 'published' });
    expect(held.find((p) => p.id === second)).toMatchObject({ version: 2 });
    // Version 1 still says what was agreed.
    const agreed = heldIn(versions[0]);
    expect(agreed.find((p) => p.id === first)?.version).toBe(1);
  });

  it('records a proposal a programme lead adds as a new AMP version too', async () => {
    const added = await createProposal(as(programmeLead), {
      ...aProposal('Share Kennington with the council', { changeType: 'co-locate' }),
      siteId: lambethSite,
    });
    const versions = await ampVersionsOf(lambeth);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions[2]?.note).toBe('Proposal “Share Kennington with the council” added');
    const held = heldIn(versions[2]).map((p) => p.id);
    expect(held).toContain(added.id);
    expect(held).toHaveLength(3);
  });

  it('agrees a revised plan as a further version with the new date', async () => {
    expect(
      await agreeAmp(as(programmeLead), { gssCode: lambeth, agreedOn: '2026-11-22', note: 'Revised' }),
    ).toEqual({
      version: 4,
    });
    const detail = await getAmp(as(lead), { gssCode: lambeth });
    expect(detail).toMatchObject({ status: 'final', agreedOn: '2026-11-22', version: 4 });
    expect(detail.versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(detail.versions[0]?.note).toBe('Revised');
  });

  it('answers another borough’s plan as missing to a borough lead', async () => {
    expect((await rejection(getAmp(as(lead), { gssCode: camden }))).code).toBe('not_found');
    expect((await rejection(agreeAmp(as(lead), { gssCode: camden, agreedOn: '2026-11-20' }))).code).toBe(
      'not_found',
    );
  });

  it('refuses UPDATE and DELETE on amp_versions, and the rows are unchanged', async () => {
    const before = await ampVersionsOf(lambeth);
    for (const [operation, attempt] of [
      ['UPDATE', sql`update amp_versions set note = 'rewritten' where area_code = ${lambeth}`],
      ['DELETE', sql`delete from amp_versions where area_code = ${lambeth}`],
    ] as const) {
      const error = await deps.db.execute(attempt).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String((error as Error | undefined)?.cause)).toContain(
        `amp_versions is append-only: ${operation} refused`,
      );
    }
    expect(await ampVersionsOf(lambeth)).toEqual(before);
  });
});
