import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps } from '../../../test/harness.ts';
import {
  auditEvents,
  estateImports,
  proposals,
  proposalVersions,
  sites,
  siteVersions,
} from '../../db/schema/index.ts';
import { contextFor } from '../../deps.ts';
import { writeCsv, writeXlsx } from '../../documents/spreadsheet.ts';
import { type Actor, operator } from '../access/actor.ts';
import { actorOf } from '../access/users.repo.ts';
import { agreeAmp } from './agree-amp.ts';
import { commitEstateImport, EstateImportRejected } from './commit-estate-import.ts';
import { createProposal } from './create-proposal.ts';
import { createSite } from './create-site.ts';
import { describeRowError } from './estate-file.ts';
import { exportEstate } from './export-estate.ts';
import { type EstateImportPlan, previewEstateImport } from './preview-estate-import.ts';
import { uploadEstateImport } from './upload-estate-import.ts';

/** Importing and exporting the estate on the real database: preview, all-or-nothing commit, scope. */

const lambeth = 'E09000022';
const camden = 'E09000007';
const southwark = 'E09000028';

let deps: TestDeps;
let programmeLead: Actor;
let lambethLead: Actor;
let analyst: Actor;
let contributor: Actor;

beforeAll(async () => {
  deps = await testDeps();
  programmeLead = actorOf(await givenUser(deps, { role: 'programme_lead', displayName: 'Pat Programme' }));
  lambethLead = actorOf(
    await givenUser(deps, { role: 'borough_lead', boroughs: [lambeth], displayName: 'Lee Lambeth' }),
  );
  analyst = actorOf(await givenUser(deps, { role: 'analyst' }));
  contributor = actorOf(await givenUser(deps, { role: 'borough_contributor', boroughs: [lambeth] }));
});
afterAll(() => deps.close());

const as = (actor: Actor) => contextFor(deps, actor);
const csv = (...lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);

async function upload(
  actor: Actor,
  kind: 'sites' | 'proposals',
  bytes: Uint8Array,
  fileName = `${kind}.csv`,
) {
  return (await uploadEstateImport(as(actor), { kind, fileName, bytes })).id;
}

const rowErrors = (plan: EstateImportPlan) =>
  plan.rows.flatMap((r) => r.errors.map((e) => describeRowError(r.row, e)));
const actions = (plan: EstateImportPlan) => plan.rows.map((r) => `${r.row} ${r.action}`);

async function siteCount(areaCode?: string) {
  const [row] = await deps.db
    .select({ n: count() })
    .from(sites)
    .where(areaCode ? eq(sites.areaCode, areaCode) : undefined);
  return row?.n ?? 0;
}

const header = 'Borough,Name,Type,Address,Post code,Status,Iconic,Iconic reason,Heritage listing';

describe('a sites file', () => {
  it('is previewed row by row, and nothing is written until it is committed', async () => {
    await createSite(as(programmeLead), {
      name: 'Streatham Police Station',
      type: 'police-station',
      address: '101 Streatham High Road',
      postcode: 'SW16 1HT',
      areaCode: lambeth,
    });
    await createSite(as(programmeLead), {
      name: 'Peckham Police Station',
      type: 'police-station',
      address: '177 Peckham High Street',
      postcode: 'SE15 5SL',
      areaCode: southwark,
      status: 'closed',
    });
    const before = await siteCount();
    const id = await upload(
      programmeLead,
      'sites',
      csv(
        header,
        'Lambeth,Kennington Police Station,Police station,49 Kennington Road,SE11 4QZ,Operational,Yes,The blue lamp,Grade II listed',
        // Matched by borough and name, whatever the case: the address changes.
        'Lambeth,streatham police station,police-station,99 Streatham High Road,SW16 1HT,operational,no,,none',
        // The same as stored, in labels.
        'Southwark,Peckham Police Station,Police station,177 Peckham High Street,SE15 5SL,Closed,No,,Not listed',
        'Lambeth,Brixton Base,SNB,2 Road,NOT A POSTCODE,Operational,No,,',
        'Lambeth,Kennington Police Station,Police station,49 Kennington Road,SE11 4QZ,Operational,No,,',
        ',,,,,,,,',
      ),
    );
    const plan = await previewEstateImport(as(programmeLead), { id });
    expect(actions(plan)).toEqual(['2 create', '3 update', '4 unchanged', '5 reject', '6 reject']);
    expect(plan.counts).toEqual({ create: 1, update: 1, unchanged: 1, reject: 2 });
    expect(plan.rows[1]?.changes).toEqual(['Name', 'Address']);
    expect(plan.rows[0]?.subject).toBe('Kennington Police Station, Lambeth');
    expect(rowErrors(plan)).toEqual([
      'Row 5, postcode: Enter a real UK postcode, like SE11 5HN',
      'Row 6: This is the same site as row 2: each site may appear only once',
    ]);
    expect(plan).toMatchObject({ rejected: true, committedAt: null, format: 'csv', problems: [] });
    expect(await siteCount()).toBe(before);
  });

  it('is committed all or nothing: one bad row, and not one site is written', async () => {
    const before = await siteCount();
    const id = await upload(
      programmeLead,
      'sites',
      csv(
        header,
        'Lambeth,Clapham Police Station,Police station,51 Union Grove,SW8 2QU,Operational,No,,',
        'Lambeth,Norwood Base,Patrol base,1 Road,SE27 9AA,Operational,Yes,,',
      ),
    );
    const error = await rejection(commitEstateImport(as(programmeLead), { id }));
    expect(error).toBeInstanceOf(EstateImportRejected);
    expect(error.message).toBe('The file has 1 problem; nothing was imported.');
    expect((error as EstateImportRejected).lines()).toEqual([
      'Row 3, iconic reason: Say why the public is attached to this site',
    ]);
    expect(await siteCount()).toBe(before);
    const [stored] = await deps.db.select().from(estateImports).where(eq(estateImports.id, id));
    expect(stored?.committedAt).toBeNull();
  });

  it('is written through the use cases, with versions and audit, and cannot be committed twice', async () => {
    const id = await upload(
      programmeLead,
      'sites',
      csv(
        header,
        'Lambeth,Clapham Police Station,Police station,51 Union Grove,SW8 2QU,Operational,No,,',
        'Lambeth,Streatham Police Station,Police station,1 Streatham High Road,SW16 1HT,Closed,No,,',
      ),
      'estate.csv',
    );
    const result = await commitEstateImport(as(programmeLead), { id });
    expect(result).toEqual({
      id,
      kind: 'sites',
      fileName: 'estate.csv',
      rows: 2,
      created: 1,
      updated: 1,
      unchanged: 0,
    });
    const [clapham] = await deps.db.select().from(sites).where(eq(sites.name, 'Clapham Police Station'));
    expect(clapham).toMatchObject({ areaCode: lambeth, postcode: 'SW8 2QU', version: 1 });
    const [streatham] = await deps.db.select().from(sites).where(eq(sites.name, 'Streatham Police Station'));
    expect(streatham).toMatchObject({ address: '1 Streatham High Road', status: 'closed' });
    const versions = await deps.db
      .select()
      .from(siteVersions)
      .where(eq(siteVersions.siteId, streatham?.id ?? ''));
    expect(versions.map((v) => v.changedBy).sort()).toEqual(['Pat Programme', 'Pat Programme']);
    const audit = await deps.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'estate-import'));
    expect(audit.map((a) => a.summary)).toContain(
      'Sites imported from “estate.csv”: 1 added, 1 changed, 0 unchanged',
    );
    expect(audit.map((a) => a.summary)).toContain('File “estate.csv” uploaded to import sites');

    const again = await rejection(commitEstateImport(as(programmeLead), { id }));
    expect(again.code).toBe('conflict');
    expect(again.message).toMatch(/already been imported/);
    const preview = await previewEstateImport(as(programmeLead), { id });
    expect(preview.committedAt).toEqual(deps.clock.now());
    expect(await siteCount(lambeth)).toBe(2);
  });

  it('is seen and committed only by the person who uploaded it', async () => {
    const id = await upload(programmeLead, 'sites', csv(header));
    const otherLead = actorOf(await givenUser(deps, { role: 'programme_lead' }));
    expect((await rejection(previewEstateImport(as(otherLead), { id }))).code).toBe('not_found');
    expect((await rejection(commitEstateImport(as(otherLead), { id }))).code).toBe('not_found');
    expect((await rejection(previewEstateImport(as(otherLead), { id: 'not-a-uuid' }))).code).toBe(
      'not_found',
    );
    expect((await rejection(previewEstateImport(as(analyst), { id }))).code).toBe('forbidden');
    expect(
      (
        await rejection(
          uploadEstateImport(as(contributor), { kind: 'sites', fileName: 'x.csv', bytes: csv(header) }),
        )
      ).code,
    ).toBe('forbidden');
    const empty = await previewEstateImport(as(programmeLead), { id });
    expect(empty.problems).toEqual(['The file has no rows under its headings']);
    expect(empty.rejected).toBe(true);
  });

  it('refuses an upload that is not a file, or that is empty', async () => {
    const error = await rejection(
      uploadEstateImport(as(programmeLead), {
        kind: 'buildings',
        fileName: 'x.csv',
        bytes: new Uint8Array(),
      }),
    );
    expect(error.details.fields).toEqual({
      kind: 'Choose what the file holds: sites or proposals',
      bytes: 'The chosen file is empty',
    });
  });
});

describe('a borough lead', () => {
  it('imports only into their own borough: another borough is named as not theirs, another’s site “no such site”', async () => {
    const camdenSite = await createSite(as(programmeLead), {
      name: 'Kentish Town Police Station',
      type: 'police-station',
      address: '12 Holmes Road',
      postcode: 'NW5 3AE',
      areaCode: camden,
    });
    const id = await upload(
      lambethLead,
      'sites',
      csv(
        `Site ID,${header}`,
        ',Lambeth,Vauxhall Base,Other,1 Road,SE11 5HN,Operational,No,,',
        ',Camden,Camden Base,Other,2 Road,NW1 0NE,Operational,No,,',
        `${camdenSite.id},Lambeth,Kentish Town Police Station,Police station,12 Holmes Road,NW5 3AE,Operational,No,,`,
      ),
    );
    const plan = await previewEstateImport(as(lambethLead), { id });
    expect(actions(plan)).toEqual(['2 create', '3 reject', '4 reject']);
    expect(rowErrors(plan)).toEqual([
      'Row 3, borough: Camden is not one of your boroughs',
      'Row 4, site ID: There is no such site: leave the site ID empty to add a new site',
    ]);
    // Borough names are public; Camden's site is not, and answers as if missing.
    expect(rowErrors(plan).join(' ')).not.toContain('Kentish Town');
  });

  it('exports only their boroughs, and is told Camden does not exist', async () => {
    const all = await exportEstate(as(lambethLead), { kind: 'sites' });
    const boroughColumn = all.sheet.columns.findIndex((c) => c.header === 'Borough code');
    expect(new Set(all.sheet.rows.map((r) => r[boroughColumn]))).toEqual(new Set([lambeth]));
    expect((await rejection(exportEstate(as(lambethLead), { kind: 'sites', areaCode: camden }))).code).toBe(
      'not_found',
    );
    expect(
      (await rejection(exportEstate(as(lambethLead), { kind: 'sites', areaCode: 'E09000099' }))).code,
    ).toBe('not_found');
    const london = await exportEstate(as(analyst), { kind: 'sites' });
    expect(new Set(london.sheet.rows.map((r) => r[boroughColumn]))).toEqual(
      new Set([lambeth, southwark, camden]),
    );
  });
});

describe('a proposals file', () => {
  const proposalHeader =
    'Site,Borough,Change type,Title,Summary,Reasons,Engagement starts,Decision due,Disposal date,Status,Alternative 1 description,Alternative 1 cost (£)';

  it('finds each site by its name and borough, adds and changes proposals, and keeps every version', async () => {
    const existing = await createProposal(as(programmeLead), {
      siteId:
        (await deps.db.select().from(sites).where(eq(sites.name, 'Clapham Police Station')))[0]?.id ?? '',
      changeType: 'close-front-counter',
      title: 'Close the Clapham counter',
      summary: 'Old summary',
      reasons: 'Few visitors',
      status: 'published',
    });
    const id = await upload(
      programmeLead,
      'proposals',
      csv(
        proposalHeader,
        'Clapham Police Station,Lambeth,Close the front counter,Close the Clapham counter,New summary,Few visitors,,,,Published for engagement,,',
        'Streatham Police Station,Lambeth,Dispose,Sell Streatham,Sell it,Empty,01/02/2027,2027-05-01,2028-01-31,Draft,Keep it,"£1,000"',
        'Nowhere,Lambeth,Dispose,Sell nothing,S,R,,,,Draft,,',
        'Clapham Police Station,Lambeth,Close the front counter,close the clapham counter,New summary,Few visitors,,,,Published for engagement,,',
      ),
    );
    const plan = await previewEstateImport(as(programmeLead), { id });
    expect(rowErrors(plan)).toEqual([
      'Row 4, site: There is no site called Nowhere in Lambeth: import the sites first, or check the name',
      'Row 5: This is the same proposal as row 2: each proposal may appear only once',
    ]);

    const fixed = await upload(
      programmeLead,
      'proposals',
      csv(
        proposalHeader,
        'Clapham Police Station,Lambeth,Close the front counter,Close the Clapham counter,New summary,Few visitors,,,,Published for engagement,,',
        'Streatham Police Station,Lambeth,Dispose,Sell Streatham,Sell it,Empty,01/02/2027,2027-05-01,2028-01-31,Draft,Keep it,"£1,000"',
      ),
    );
    expect(await commitEstateImport(as(programmeLead), { id: fixed })).toMatchObject({
      created: 1,
      updated: 1,
    });
    const versions = await deps.db
      .select()
      .from(proposalVersions)
      .where(eq(proposalVersions.proposalId, existing.id));
    expect(versions).toHaveLength(2);
    const [sold] = await deps.db.select().from(proposals).where(eq(proposals.title, 'Sell Streatham'));
    expect(sold).toMatchObject({
      engagementStart: '2027-02-01',
      disposalDate: '2028-01-31',
      alternatives: [{ description: 'Keep it', costPence: 100000 }],
    });

    const backwards = await upload(
      programmeLead,
      'proposals',
      csv(
        proposalHeader,
        'Clapham Police Station,Lambeth,Close the front counter,Close the Clapham counter,New summary,Few visitors,,,,Draft,,',
      ),
    );
    expect(rowErrors(await previewEstateImport(as(programmeLead), { id: backwards }))).toEqual([
      'Row 2, status: A proposal that is “Published for engagement” can only become “Decided: proceed”, “Decided: modified” or “Decided: withdrawn”',
    ]);
  });

  it('needs a programme lead once the borough’s AMP is final', async () => {
    await agreeAmp(as(programmeLead), { gssCode: lambeth, agreedOn: '2026-11-01' });
    const file = csv(
      proposalHeader,
      'Clapham Police Station,Lambeth,Close the front counter,Close the Clapham counter,Newer summary,Few visitors,,,,Published for engagement,,',
    );
    const lead = await previewEstateImport(as(lambethLead), {
      id: await upload(lambethLead, 'proposals', file),
    });
    expect(rowErrors(lead)).toEqual([
      'Row 2: Lambeth’s Asset Management Plan is final: only a programme lead can change its proposals',
    ]);
    const pat = await previewEstateImport(as(programmeLead), {
      id: await upload(programmeLead, 'proposals', file),
    });
    expect(pat.counts).toMatchObject({ update: 1, reject: 0 });
  });
});

describe('an export', () => {
  it.each(['csv', 'xlsx'] as const)('imports again as all unchanged (%s)', async (format) => {
    await createSite(as(programmeLead), {
      name: 'Lambeth HQ',
      type: 'other',
      address: '=HYPERLINK("http://evil.example")\n2 Line',
      postcode: 'se1 7tp',
      areaCode: lambeth,
      latitude: 51.4975,
      longitude: -0.1134,
      publicAccess: '-Mon to Fri, 9 to 5',
      iconic: true,
      iconicReason: '@ the heart of the borough',
      heritageListing: 'grade-ii-star',
    }).catch(() => undefined); // the second run finds it there already
    const [hq] = await deps.db.select().from(sites).where(eq(sites.name, 'Lambeth HQ'));
    if (format === 'csv') {
      await createProposal(as(programmeLead), {
        siteId: hq?.id ?? '',
        changeType: 'relocate-functions',
        title: 'Move the HQ',
        summary: '+ better',
        reasons: 'Cost, and "space"',
        alternatives: [1, 2, 3, 4].map((n) => ({
          description: `Option ${n}`,
          assessment: n === 2 ? 'Scored' : null,
          criteria: null,
          costPence: n * 1050,
          savingPence: n === 4 ? 1 : null,
        })),
        disposalDate: '2027-06-30',
      });
    }
    for (const kind of ['sites', 'proposals'] as const) {
      const exported = await exportEstate(as(programmeLead), { kind });
      expect(exported.sheet.rows.length).toBeGreaterThan(1);
      const bytes =
        format === 'csv'
          ? new TextEncoder().encode(writeCsv(exported.sheet))
          : new Uint8Array(await writeXlsx(exported.sheet));
      const plan = await previewEstateImport(as(programmeLead), {
        id: await upload(programmeLead, kind, bytes, `x.${format}`),
      });
      expect(rowErrors(plan)).toEqual([]);
      expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: exported.sheet.rows.length, reject: 0 });
      expect(plan.format).toBe(format);
    }
  });
});

describe('the command line', () => {
  it('previews and commits a file given directly, as the operator', async () => {
    const cli = contextFor(deps, operator('cli'));
    const file = {
      kind: 'sites' as const,
      fileName: 'cli.csv',
      bytes: csv(header, 'Camden,Camden Town Base,Other,1 Road,NW1 0NE,Operational,No,,'),
    };
    const progress: string[] = [];
    const plan = await previewEstateImport(cli, { file, onProgress: (m) => progress.push(m) });
    expect(plan.counts.create).toBe(1);
    expect(progress).toEqual(['Checking 1 row…']);
    const before = await siteCount(camden);
    expect(await commitEstateImport(cli, { file, onProgress: (m) => progress.push(m) })).toMatchObject({
      id: null,
      created: 1,
    });
    expect(progress).toEqual(['Checking 1 row…', 'Checking 1 row…', 'Writing 1 row…']);
    expect(await siteCount(camden)).toBe(before + 1);
    expect(
      (await rejection(uploadEstateImport(cli, { kind: 'sites', fileName: 'x', bytes: file.bytes }))).code,
    ).toBe('invalid');
  });
});

describe('random and hostile files', () => {
  it('are previewed without failing: every row is planned or rejected, and nothing is written', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        '',
        '\u0000',
        'Lambeth',
        'E09000022',
        'E09000007',
        'SE11 5HN',
        'Police station',
        'yes',
        '51.5',
        '-0.1',
        '=1+1',
        'x'.repeat(600),
      ),
    );
    const before = await siteCount();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 9, maxLength: 9 }), { maxLength: 4 }),
        async (rows) => {
          const text = [
            header,
            ...rows.map((cells) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')),
          ].join('\n');
          for (const actor of [programmeLead, lambethLead]) {
            const plan = await previewEstateImport(as(actor), {
              file: { kind: 'sites', fileName: 'random.csv', bytes: new TextEncoder().encode(text) },
            });
            for (const r of plan.rows) {
              expect(['create', 'update', 'unchanged', 'reject']).toContain(r.action);
              if (r.action === 'reject') expect(r.errors.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
    expect(await siteCount()).toBe(before);
  });
});
