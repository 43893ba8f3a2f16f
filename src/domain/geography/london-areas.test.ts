import { describe, expect, it } from 'vitest';
import { bcus, type LondonArea, londonAreas, policeForceNames } from './london-areas.ts';

const byName = (name: string): LondonArea => {
  const area = londonAreas.find((a) => a.name === name);
  if (!area) throw new Error(`no area called ${name}`);
  return area;
};

describe('the 33 London areas', () => {
  it('has exactly 33 areas', () => {
    expect(londonAreas).toHaveLength(33);
  });

  it('has the GSS codes E09000001 to E09000033, each once', () => {
    const expected = Array.from({ length: 33 }, (_, i) => `E09${String(i + 1).padStart(6, '0')}`);
    expect([...londonAreas.map((a) => a.gssCode)].sort()).toEqual(expected);
  });

  it('has unique three-letter short codes and unique names', () => {
    const codes = londonAreas.map((a) => a.shortCode);
    expect(new Set(codes).size).toBe(33);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{3}$/);
    expect(new Set(londonAreas.map((a) => a.name)).size).toBe(33);
  });

  it('has the City of London as the only city, policed by the City of London Police with no BCU', () => {
    const city = londonAreas.find((a) => a.gssCode === 'E09000001');
    expect(city).toMatchObject({
      name: 'City of London',
      kind: 'city',
      policeForce: 'city-of-london',
      bcuCode: null,
    });
    expect(londonAreas.filter((a) => a.kind === 'city')).toHaveLength(1);
    expect(policeForceNames['city-of-london']).toBe('City of London Police');
  });

  it('has every other area a London borough policed by the Met with a BCU', () => {
    const others = londonAreas.filter((a) => a.gssCode !== 'E09000001');
    expect(others).toHaveLength(32);
    for (const area of others) {
      expect(area.kind, area.name).toBe('london-borough');
      expect(area.policeForce, area.name).toBe('metropolitan');
      expect(area.bcuCode, area.name).not.toBeNull();
    }
  });
});

describe('the Basic Command Units', () => {
  it('has 12 BCUs with unique codes and names', () => {
    expect(bcus).toHaveLength(12);
    expect(new Set(bcus.map((b) => b.code)).size).toBe(12);
    expect(new Set(bcus.map((b) => b.name)).size).toBe(12);
  });

  it('refers only to defined BCUs', () => {
    const defined = new Set(bcus.map((b) => b.code));
    for (const area of londonAreas) {
      if (area.bcuCode !== null)
        expect(defined.has(area.bcuCode), `${area.name} → ${area.bcuCode}`).toBe(true);
    }
  });

  it('groups 2 to 4 boroughs in every BCU, and uses every BCU', () => {
    for (const bcu of bcus) {
      const members = londonAreas.filter((a) => a.bcuCode === bcu.code);
      expect(members.length, bcu.name).toBeGreaterThanOrEqual(2);
      expect(members.length, bcu.name).toBeLessThanOrEqual(4);
    }
  });

  it.each([
    [['Lambeth', 'Southwark'], 'Central South'],
    [['Barnet', 'Brent', 'Harrow'], 'North West'],
    [['Camden', 'Islington'], 'Central North'],
    [['Hackney', 'Tower Hamlets'], 'Central East'],
    [['Kensington and Chelsea', 'Hammersmith and Fulham', 'Westminster'], 'Central West'],
  ])('puts %j together in %s', (names, bcuName) => {
    const codes = new Set(names.map((n) => byName(n).bcuCode));
    expect(codes.size).toBe(1);
    const [code] = [...codes];
    expect(bcus.find((b) => b.code === code)?.name).toBe(bcuName);
  });

  it('keeps boroughs of different BCUs apart', () => {
    expect(byName('Lambeth').bcuCode).not.toBe(byName('Barnet').bcuCode);
    expect(byName('Camden').bcuCode).not.toBe(byName('Westminster').bcuCode);
  });
});

describe('the tile map', () => {
  it('places every area in its own cell of an 8 × 6 grid', () => {
    const cells = londonAreas.map((a) => `${a.tile.col},${a.tile.row}`);
    expect(new Set(cells).size).toBe(33);
    for (const area of londonAreas) {
      expect(Number.isInteger(area.tile.col) && Number.isInteger(area.tile.row), area.name).toBe(true);
      expect(area.tile.col, area.name).toBeGreaterThanOrEqual(0);
      expect(area.tile.col, area.name).toBeLessThan(8);
      expect(area.tile.row, area.name).toBeGreaterThanOrEqual(0);
      expect(area.tile.row, area.name).toBeLessThan(6);
    }
  });

  it('puts places roughly where they are: Enfield north of Croydon, Hillingdon west of Havering', () => {
    expect(byName('Enfield').tile.row).toBeLessThan(byName('Croydon').tile.row);
    expect(byName('Hillingdon').tile.col).toBeLessThan(byName('Havering').tile.col);
  });
});
