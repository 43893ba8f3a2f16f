import { describe, expect, it } from 'vitest';
import { type CoverageFacts, type CoveragePerson, evaluateCoverage } from './coverage.ts';

/** The coverage rules, case by case: each required role, each ward, each MP, and staleness. */

const today = '2026-11-22';
const fresh = '2026-06-01';

let n = 0;
const aPerson = (overrides: Partial<CoveragePerson> = {}): CoveragePerson => {
  n += 1;
  return {
    id: `p${n}`,
    fullName: `Person ${n}`,
    lastVerifiedOn: fresh,
    roleIds: [],
    inBorough: true,
    placeCodes: [],
    ...overrides,
  };
};

const vauxhall = { code: 'E14001572', name: 'Vauxhall and Camberwell Green' };
const streatham = { code: 'E14001526', name: 'Streatham and Croydon North' };
const brixtonNorth = 'E05014096';

/** A borough where every requirement is met: the starting point each case takes one thing from. */
const complete = (): CoverageFacts => ({
  areaName: 'Lambeth',
  today,
  constituenciesLoaded: true,
  constituencies: [vauxhall, streatham],
  imminentDisposals: [
    {
      siteId: 's1',
      siteName: 'Brixton Police Station',
      wardCode: brixtonNorth,
      wardName: 'Brixton North',
      disposalDate: '2027-03-14',
    },
  ],
  people: [
    aPerson({ fullName: 'Cllr Leader', roleIds: ['council-leader'] }),
    aPerson({ fullName: 'MP Vauxhall', roleIds: ['mp'], placeCodes: [vauxhall.code] }),
    aPerson({ fullName: 'MP Streatham', roleIds: ['mp'], placeCodes: [streatham.code], inBorough: false }),
    aPerson({ fullName: 'Link Member', roleIds: ['link-member'] }),
    aPerson({ fullName: 'Commander', roleIds: ['borough-commander'] }),
    aPerson({ fullName: 'SNB Chair', roleIds: ['snb-chair'] }),
    aPerson({ fullName: 'Panel Chair', roleIds: ['ward-panel-chair'], placeCodes: [brixtonNorth] }),
    aPerson({ fullName: 'Editor', roleIds: ['media-editor'] }),
  ],
});

const withoutRole = (facts: CoverageFacts, roleId: string): CoverageFacts => ({
  ...facts,
  people: facts.people.filter((p) => !p.roleIds.includes(roleId)),
});

const gaps = (facts: CoverageFacts) =>
  evaluateCoverage(facts)
    .requirements.filter((r) => !r.met)
    .map((r) => r.gap?.text);

describe('the coverage check', () => {
  it('is complete when every required role is held', () => {
    const coverage = evaluateCoverage(complete());
    expect(coverage.requirements.map((r) => [r.key, r.met])).toEqual([
      ['leader', true],
      [`mp:${streatham.code}`, true],
      [`mp:${vauxhall.code}`, true],
      ['link-member', true],
      ['borough-commander', true],
      ['snb-chair', true],
      [`ward-panel-chair:${brixtonNorth}`, true],
      ['media-editor', true],
    ]);
    expect([coverage.met, coverage.total]).toEqual([8, 8]);
    expect(coverage.stale).toEqual([]);
    expect(coverage.requirements.find((r) => r.key === 'link-member')?.holders).toEqual([
      { id: expect.any(String), fullName: 'Link Member', stale: false },
    ]);
  });

  it.each(['council-leader', 'lead-member-community-safety'])(
    'is met by the Leader or the lead member: %s alone will do',
    (kept) => {
      const facts = complete();
      const people = facts.people.map((p) =>
        p.roleIds.includes('council-leader') ? { ...p, roleIds: [kept] } : p,
      );
      expect(people.filter((p) => p.roleIds.includes(kept))).toHaveLength(1);
      expect(gaps({ ...facts, people })).toEqual([]);
    },
  );

  it.each([
    ['council-leader', 'Add the Leader of Lambeth Council or its lead member for community safety'],
    ['link-member', 'Add the authority’s link member for Lambeth'],
    ['borough-commander', 'Add the Borough Commander for Lambeth'],
    ['snb-chair', 'Add the chair of Lambeth’s Safer Neighbourhood Board'],
    ['media-editor', 'Add a local media editor covering Lambeth'],
    ['ward-panel-chair', 'Add the ward panel chair for Brixton North'],
  ])('without a %s, says what to add', (roleId, gap) => {
    const coverage = evaluateCoverage(withoutRole(complete(), roleId));
    expect(gaps(withoutRole(complete(), roleId))).toEqual([gap]);
    expect([coverage.met, coverage.total]).toEqual([7, 8]);
  });

  it('does not count a holder of a borough role whose places lie in another borough', () => {
    const facts = complete();
    const people = facts.people.map((p) =>
      p.roleIds.includes('borough-commander') ? { ...p, inBorough: false } : p,
    );
    expect(gaps({ ...facts, people })).toEqual(['Add the Borough Commander for Lambeth']);
  });

  it('asks for the MP of each constituency without one, by name, with the role and place to add', () => {
    const facts = withoutRole(complete(), 'mp');
    const coverage = evaluateCoverage(facts);
    const missing = coverage.requirements.filter((r) => r.kind === 'mp');
    expect(missing.map((r) => [r.label, r.met, r.gap])).toEqual([
      [
        'MP for Streatham and Croydon North',
        false,
        {
          text: 'Add the MP for Streatham and Croydon North',
          action: { kind: 'add-person', roleId: 'mp', placeCode: streatham.code },
        },
      ],
      [
        'MP for Vauxhall and Camberwell Green',
        false,
        {
          text: 'Add the MP for Vauxhall and Camberwell Green',
          action: { kind: 'add-person', roleId: 'mp', placeCode: vauxhall.code },
        },
      ],
    ]);
    expect(coverage.met).toBe(6);
  });

  it('needs an MP tied to that constituency: an MP of another seat, or a non-MP of this one, will not do', () => {
    const facts = complete();
    const people = facts.people.map((p) =>
      p.fullName === 'MP Vauxhall' ? { ...p, placeCodes: ['E14000999'] } : p,
    );
    const notAnMp = aPerson({
      fullName: 'Cllr Vauxhall',
      roleIds: ['ward-councillor'],
      placeCodes: [vauxhall.code],
    });
    expect(gaps({ ...facts, people: [...people, notAnMp] })).toEqual([
      'Add the MP for Vauxhall and Camberwell Green',
    ]);
  });

  it('cannot check the MPs when no constituencies are loaded, and says so as a gap', () => {
    const coverage = evaluateCoverage({ ...complete(), constituenciesLoaded: false, constituencies: [] });
    const mps = coverage.requirements.filter((r) => r.kind === 'mp' || r.kind === 'constituencies-unknown');
    expect(mps.map((r) => [r.kind, r.met, r.gap?.action])).toEqual([
      ['constituencies-unknown', false, { kind: 'load-constituencies' }],
    ]);
    expect(mps[0]?.reason).toContain('No constituency boundaries are loaded');
  });

  it('asks for no ward panel chair when no disposal is imminent', () => {
    const facts = withoutRole({ ...complete(), imminentDisposals: [] }, 'ward-panel-chair');
    const coverage = evaluateCoverage(facts);
    expect(coverage.requirements.some((r) => r.kind === 'ward-panel-chair')).toBe(false);
    expect([coverage.met, coverage.total]).toEqual([7, 7]);
  });

  it('asks for the ward panel chair of each ward with an imminent disposal, once a ward', () => {
    const facts: CoverageFacts = {
      ...complete(),
      imminentDisposals: [
        ...complete().imminentDisposals,
        {
          siteId: 's2',
          siteName: 'Brixton Hill Counter',
          wardCode: brixtonNorth,
          wardName: 'Brixton North',
          disposalDate: '2027-01-10',
        },
        {
          siteId: 's3',
          siteName: 'Clapham Police Station',
          wardCode: 'E05014100',
          wardName: 'Clapham Town',
          disposalDate: '2027-05-01',
        },
      ],
    };
    const coverage = evaluateCoverage(facts);
    const wards = coverage.requirements.filter((r) => r.kind === 'ward-panel-chair');
    expect(
      wards.map((r) => [r.label, r.met, r.disposals.map((d) => `${d.siteName} ${d.disposalDate}`)]),
    ).toEqual([
      [
        'Ward panel chair for Brixton North',
        true,
        ['Brixton Hill Counter 2027-01-10', 'Brixton Police Station 2027-03-14'],
      ],
      ['Ward panel chair for Clapham Town', false, ['Clapham Police Station 2027-05-01']],
    ]);
    expect(gaps(facts)).toEqual(['Add the ward panel chair for Clapham Town']);
  });

  it('needs the chair of that ward’s panel: a chair of another ward will not do', () => {
    const facts = complete();
    const people = facts.people.map((p) =>
      p.roleIds.includes('ward-panel-chair') ? { ...p, placeCodes: ['E05014100'] } : p,
    );
    expect(gaps({ ...facts, people })).toEqual(['Add the ward panel chair for Brixton North']);
  });

  it('names a site with an imminent disposal whose ward is not recorded as a gap to fix', () => {
    const facts: CoverageFacts = {
      ...complete(),
      imminentDisposals: [
        { siteId: 's9', siteName: 'Acre Lane', wardCode: null, wardName: null, disposalDate: '2027-02-01' },
      ],
    };
    const coverage = evaluateCoverage(facts);
    const unknown = coverage.requirements.find((r) => r.kind === 'site-ward-unknown');
    expect(unknown?.gap).toEqual({
      text: 'Choose the ward of Acre Lane, so its ward panel chair can be checked',
      action: { kind: 'choose-site-ward', siteId: 's9' },
    });
    expect([unknown?.reason, unknown?.disposals]).toEqual([
      'The site’s ward is not recorded',
      [{ siteId: 's9', siteName: 'Acre Lane', disposalDate: '2027-02-01' }],
    ]);
    expect(coverage.requirements.some((r) => r.kind === 'ward-panel-chair')).toBe(false);
  });

  it.each([
    [null, true],
    ['2025-11-22', true],
    ['2025-11-23', false],
    [fresh, false],
  ])('lists a contact last verified on %s as stale: %s', (lastVerifiedOn, stale) => {
    const facts = complete();
    const person = aPerson({ fullName: 'Alex Stale', lastVerifiedOn });
    const coverage = evaluateCoverage({ ...facts, people: [...facts.people, person] });
    expect(coverage.stale.map((s) => s.fullName)).toEqual(stale ? ['Alex Stale'] : []);
  });

  it('marks a stale holder, and leaves people of other boroughs off the stale list', () => {
    const facts = complete();
    const people = facts.people.map((p) => ({ ...p, lastVerifiedOn: null }));
    const coverage = evaluateCoverage({ ...facts, people });
    expect(coverage.requirements.find((r) => r.key === 'leader')?.holders[0]?.stale).toBe(true);
    expect(coverage.stale.map((s) => s.fullName)).not.toContain('MP Streatham');
    expect(coverage.stale).toHaveLength(7);
  });
});
