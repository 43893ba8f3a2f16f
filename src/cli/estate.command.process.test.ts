import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../documents/spreadsheet.ts';

/** `nonsuch estate import|export`, run as real processes on an embedded database of their own. */

const dir = mkdtempSync(join(tmpdir(), 'nonsuch-estate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['src/cli.ts', '--data-dir', join(dir, 'db'), ...args], {
    env: baseEnv,
    encoding: 'utf8',
  });

const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
};

const sites = file('sites.csv', [
  'Borough,Name,Type,Address,Postcode,Iconic,Iconic reason',
  'Lambeth,Kennington Police Station,Police station,49 Kennington Road,SE11 4QZ,Yes,The blue lamp',
  'Camden,Holborn Base,Safer Neighbourhood base,10 Lamb’s Conduit Street,WC1N 3LE,No,',
]);

describe('nonsuch estate', () => {
  it('previews with --dry-run and writes nothing, then imports with --json', { timeout: 300_000 }, () => {
    const dry = cli(['estate', 'import', 'sites', sites, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toBe(
      [
        'Row 2     add           Kennington Police Station, Lambeth',
        'Row 3     add           Holborn Base, Camden',
        'Sites in sites.csv: 2 to add, 0 to change, 0 unchanged, 0 cannot be imported. Nothing was written (--dry-run).',
        '',
      ].join('\n'),
    );
    expect(dry.stderr).toBe(`Reading ${sites}…\nChecking 2 rows…\n`);
    expect(cli(['estate', 'export', 'sites']).stdout).toBe(
      '\uFEFFSite ID,Borough code,Borough,Name,Type,Address,Postcode,Ward code,Latitude,Longitude,Public access,Status,Iconic,Iconic reason,Heritage listing\r\n',
    );

    const real = cli(['--json', 'estate', 'import', 'sites', sites]);
    expect(real.status).toBe(0);
    expect(JSON.parse(real.stdout)).toEqual({
      kind: 'sites',
      fileName: 'sites.csv',
      dryRun: false,
      rows: 2,
      create: 2,
      update: 0,
      unchanged: 0,
      reject: 0,
      imported: true,
    });
    expect(real.stderr).toContain('Checking 2 rows…\nChecking 2 rows…\nWriting 2 rows…\n');
  });

  it('exports to Excel, which imports again as unchanged', { timeout: 300_000 }, async () => {
    const output = join(dir, 'lambeth.xlsx');
    const exported = cli(['estate', 'export', 'sites', '--borough', 'E09000022', '--output', output]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toBe(`Wrote 1 site to ${output}.\n`);
    const workbook = readFileSync(output);
    expect(workbook.subarray(0, 2).toString()).toBe('PK');
    const sheet = await readSpreadsheet(new Uint8Array(workbook));
    expect(sheet.ok && sheet.rows.map((r) => r.cells[3])).toEqual(['Kennington Police Station']);

    const again = cli(['--json', 'estate', 'import', 'sites', output, '--dry-run']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      rows: 1,
      unchanged: 1,
      create: 0,
      update: 0,
      reject: 0,
    });

    const proposals = cli(['estate', 'export', 'proposals', '--format', 'csv']);
    expect(proposals.status).toBe(0);
    expect(proposals.stdout).toContain('Proposal ID,Site ID,Site,');
  });

  it('imports proposals by their site’s name and borough', { timeout: 300_000 }, () => {
    const proposals = file('proposals.csv', [
      'Site,Borough,Change type,Title,Summary,Reasons,Disposal date,Alternative 1 description,Alternative 1 saving (£)',
      'Kennington Police Station,Lambeth,Dispose,Sell Kennington,Sell the building,Costly,31/03/2028,Keep it,"12,000"',
    ]);
    const result = cli(['estate', 'import', 'proposals', proposals]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Proposals imported from proposals.csv: 1 added, 0 changed, 0 unchanged.',
    );
    const csv = cli(['estate', 'export', 'proposals']).stdout;
    expect(csv).toContain('Sell Kennington');
    expect(csv).toContain(',2028-03-31,');
  });

  it('lists the problems of a rejected file, writes nothing and fails', { timeout: 300_000 }, () => {
    const bad = file('bad.csv', [
      'Borough,Name,Type,Address,Postcode',
      'Lambeth,Oval Base,Other,1 Road,SE11 5HN',
      'Lambeth,Nowhere Base,Nick,2 Road,NOT A POSTCODE',
    ]);
    const result = cli(['estate', 'import', 'sites', bad]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Row 3     cannot import Nowhere Base, Lambeth');
    expect(result.stderr).toContain(
      'Row 3, type: “Nick” is not a type of site: use one of Police station, Front counter, Safer Neighbourhood base, Custody suite, Patrol base, Other\nRow 3, postcode: Enter a real UK postcode, like SE11 5HN\n',
    );
    expect(result.stderr).toContain('nonsuch: The file has 2 problems; nothing was imported.');
    expect(cli(['estate', 'export', 'sites']).stdout).not.toContain('Oval Base');

    const missing = cli(['estate', 'import', 'sites', join(dir, 'missing.csv')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
    const nowhere = cli(['estate', 'export', 'sites', '--borough', 'E09000099']);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toBe('nonsuch: There is no such borough.\n');
    expect(cli(['estate', 'import', 'buildings', sites]).status).not.toBe(0);
  });
});
