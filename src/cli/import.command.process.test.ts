import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `nonsuch import`, run as a real process on an embedded database of its own, with the real files. */

const dir = mkdtempSync(join(tmpdir(), 'nonsuch-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = (name: string) => fileURLToPath(new URL(`../../../shared/data/${name}`, import.meta.url));
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['src/cli.ts', '--data-dir', join(dir, 'db'), ...args], {
    env: baseEnv,
    encoding: 'utf8',
  });

describe('nonsuch import', () => {
  it('loads the wards with --json, and a re-run adds nothing', { timeout: 120_000 }, () => {
    const wards = data('london_wards_2022_list.csv');
    const first = cli(['import', 'wards', wards, '--json']);
    expect(first.stderr).toContain(`Reading ${wards}…\nChecking 704 rows…\nWriting 704 wards…`);
    expect(first.status).toBe(0);
    const counts = JSON.parse(first.stdout) as {
      rows: number;
      added: number;
      byBorough: Record<string, number>;
    };
    expect(counts).toMatchObject({ vintage: 2022, rows: 704, added: 704, changed: 0, unchanged: 0 });
    expect(Object.values(counts.byBorough).reduce((a, b) => a + b, 0)).toBe(704);
    expect(counts.byBorough.E09000001).toBe(25);

    const again = cli(['--json', 'import', 'wards', wards]);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 704, added: 0, changed: 0, unchanged: 704 });

    const text = cli(['import', 'constituencies', data('london_constituencies_pcon24_bgc.geojson')]);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe('Constituencies 2024: 75 rows, 75 added, 0 changed, 0 unchanged.\n');
  });

  it('loads boundaries from GeoJSON with --json, told apart by their properties', {
    timeout: 240_000,
  }, () => {
    const boroughs = data('london_boroughs_lad22_bgc.geojson');
    const first = cli(['--json', 'import', 'boundaries', boroughs]);
    expect(first.stderr).toContain(
      `Reading ${boroughs}…\nChecking every feature…\nWriting 33 borough boundaries (2022)…`,
    );
    expect(first.status).toBe(0);
    const counts = JSON.parse(first.stdout) as { byBorough: Record<string, number> };
    expect(counts).toMatchObject({
      kind: 'borough',
      vintage: 2022,
      rows: 33,
      added: 33,
      changed: 0,
      unchanged: 0,
    });
    expect(Object.keys(counts.byBorough)).toHaveLength(33);

    const wards = cli(['import', 'boundaries', data('london_wards_2022_bsc.geojson')]);
    expect(wards.status).toBe(0);
    expect(wards.stderr).toContain('200 of 704 written…\n400 of 704 written…\n600 of 704 written…');
    expect(wards.stdout).toMatch(
      /^Ward boundaries 2022: 704 features, 704 added, 0 changed, 0 unchanged\.\n/,
    );
    expect(wards.stdout).toContain('  E09000022  25 wards\n');

    const again = cli(['--json', 'import', 'boundaries', boroughs]);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 33, added: 0, changed: 0, unchanged: 33 });

    const bad = join(dir, 'bad.geojson');
    writeFileSync(
      bad,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { LAD22CD: 'E09000099', LAD22NM: 'Nowhere' }, geometry: null },
        ],
      }),
    );
    const refused = cli(['import', 'boundaries', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      'Feature 1, LAD22CD: E09000099 is not a London borough known to Nonsuch\nFeature 1, geometry: The feature has no geometry\nnonsuch: The file has 2 problems; nothing was imported.',
    );
  });

  it('lists the row errors, the first 50 and how many more, and fails', { timeout: 120_000 }, () => {
    const bad = join(dir, 'bad.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `E05${String(i).padStart(6, '0')},Ward ${i},E09000099`);
    writeFileSync(bad, ['WD22CD,WD22NM,LAD22CD', ...rows].join('\n'));
    const result = cli(['import', 'wards', bad]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Row 2, LAD22CD: E09000099 is not a London borough known to Nonsuch\n');
    expect(result.stderr).toContain('Row 51, LAD22CD:');
    expect(result.stderr).not.toContain('Row 52, LAD22CD:');
    expect(result.stderr).toContain('and 10 more\nnonsuch: The file has 60 problems; nothing was imported.');

    const missing = cli(['import', 'overlap', join(dir, 'missing.csv')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  });
});

describe('nonsuch import stakeholders', () => {
  const people = (...rows: string[]) => {
    const path = join(dir, `people-${rows.length}-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(
      path,
      `\uFEFF${['Full name,E-mail,Organisation,Consent,Consent date,Consent wording', ...rows].join('\r\n')}\r\n`,
    );
    return path;
  };

  it('prints exactly the counts and errors with --json, imports all or nothing, and a re-run changes nothing', {
    timeout: 300_000,
  }, () => {
    const good = people(
      'Ada Brixton,ada@example.org,Brixton Forum,yes,01/03/2026,newsletter-1',
      'Bo Stock,BO@example.org,,,,',
      'Bo Stock,bo@example.org,Stockwell Club,,,',
    );
    const dry = cli(['import', 'stakeholders', good, '--borough', 'E09000022', '--dry-run', '--json']);
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      created: 2,
      updated: 0,
      merged: 1,
      flagged: 0,
      rejected: 0,
      errors: [],
    });
    // Plain lines on standard error when it is not a terminal.
    expect(dry.stderr).toContain('Checking 3 of 3 rows…');

    const text = cli(['import', 'stakeholders', good, '--borough', 'E09000022', '--dry-run']);
    expect(text.stdout).toContain('Row 4      merge         Bo Stock <bo@example.org>  (folded into row 3)');
    expect(text.stdout).toContain('Nothing was written (--dry-run).');

    const first = cli(['import', 'stakeholders', good, '--borough', 'E09000022', '--json']);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      created: 2,
      updated: 0,
      merged: 1,
      flagged: 0,
      rejected: 0,
      errors: [],
    });
    expect(first.stderr).toContain('Writing 2 of 2 people…');

    const again = cli(['import', 'stakeholders', good, '--borough', 'E09000022']);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(
      `Stakeholders imported into Lambeth from ${basename(good)}: 0 added, 0 added and flagged as possible duplicates, 0 changed, 2 unchanged, 1 merged into an earlier row.\n`,
    );

    const bad = people('Cy New,cy@example.org,,,,', 'Di Bad,di@,,,,', 'Ed Worse,ed@example.org,,maybe,,');
    const refused = cli(['import', 'stakeholders', bad, '--borough', 'E09000022', '--json']);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      created: 1,
      updated: 0,
      merged: 0,
      flagged: 0,
      rejected: 2,
      errors: [
        { row: 3, field: 'E-mail', message: '“di@” is not an e-mail address' },
        { row: 4, field: 'Consent', message: '“maybe” is not yes or no: write yes or no' },
      ],
    });
    expect(refused.stderr).toContain('Row 3, E-mail: “di@” is not an e-mail address\n');
    expect(refused.stderr).toContain('nonsuch: Rows 3 and 4 cannot be imported; nothing was imported.');
  });
});
