import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import {
  addMonths,
  canMoveTo,
  compareSnapshots,
  isImminent,
  type ProposalInput,
  type ProposalStatus,
  proposalFieldNames,
  proposalInputSchema,
  proposalStatuses,
  statusMoveProblem,
} from './proposal.ts';

describe('addMonths', () => {
  it.each([
    ['2026-11-22', 12, '2027-11-22'],
    ['2026-11-22', 1, '2026-12-22'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-11-22', 24, '2028-11-22'],
    ['2026-11-22', 0, '2026-11-22'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2027-01-10', -2, '2026-11-10'],
    ['2026-10-31', 4, '2027-02-28'],
  ])('%s plus %i months is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it('never runs past the month it lands in, and keeps the day when that month has it', () => {
    const day = fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2090-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), (start, months) => {
        const result = addMonths(start, months);
        const [y, m, d] = start.split('-').map(Number) as [number, number, number];
        const monthIndex = y * 12 + (m - 1) + months;
        const [ry, rm, rd] = result.split('-').map(Number) as [number, number, number];
        expect(ry * 12 + (rm - 1)).toBe(monthIndex);
        const daysInTarget = new Date(Date.UTC(ry, rm, 0)).getUTCDate();
        expect(rd).toBe(Math.min(d, daysInTarget));
      }),
    );
  });
});

describe('isImminent', () => {
  const today = '2026-11-22';
  it.each([
    ['a disposal today', '2026-11-22', 'published', 12, true],
    ['a disposal next month', '2026-12-22', 'draft', 12, true],
    ['a disposal exactly at the window’s end', '2027-11-22', 'proceed', 12, true],
    ['a disposal one day after the window', '2027-11-23', 'proceed', 12, false],
    ['a disposal that is past', '2026-11-21', 'proceed', 12, false],
    ['a disposal long past', '2020-01-01', 'published', 12, false],
    ['a withdrawn proposal', '2026-12-01', 'withdrawn', 12, false],
    ['an implemented proposal', '2026-12-01', 'implemented', 12, false],
    ['a modified proposal', '2026-12-01', 'modified', 12, true],
    ['no disposal date', null, 'published', 12, false],
    ['the end of a one-month window', '2026-12-22', 'published', 1, true],
    ['a day past a one-month window', '2026-12-23', 'published', 1, false],
    ['thirteen months ahead in a twelve-month window', '2027-12-22', 'published', 12, false],
    ['the end of a 24-month window', '2028-11-22', 'published', 24, true],
    ['a day past a 24-month window', '2028-11-23', 'published', 24, false],
  ] as const)('%s (%s, %s, %i months) → %s', (_label, disposalDate, status, window, expected) => {
    expect(isImminent({ disposalDate, status }, today, window)).toBe(expected);
  });

  it('clamps the window at a month end: from 31 August, one month reaches 30 September', () => {
    expect(isImminent({ disposalDate: '2026-09-30', status: 'draft' }, '2026-08-31', 1)).toBe(true);
    expect(isImminent({ disposalDate: '2026-10-01', status: 'draft' }, '2026-08-31', 1)).toBe(false);
  });
});

describe('canMoveTo', () => {
  // Written out by hand from the lifecycle: draft → published → decided (proceed / modified /
  // withdrawn) → implemented; never back to draft once published; a modified proposal may be
  // published again; withdrawn and implemented are the end. Staying put is always allowed.
  // Rows are "from", columns "to", in the order:  draft published proceed modified withdrawn implemented
  const allowed: Record<ProposalStatus, readonly (0 | 1)[]> = {
    draft: /*                                  */ [1, 1, 0, 0, 1, 0],
    published: /*                              */ [0, 1, 1, 1, 1, 0],
    proceed: /*                                */ [0, 0, 1, 0, 0, 1],
    modified: /*                               */ [0, 1, 1, 1, 1, 1],
    withdrawn: /*                              */ [0, 0, 0, 0, 1, 0],
    implemented: /*                            */ [0, 0, 0, 0, 0, 1],
  };
  const order: readonly ProposalStatus[] = [
    'draft',
    'published',
    'proceed',
    'modified',
    'withdrawn',
    'implemented',
  ];

  it('knows every status', () => {
    expect([...proposalStatuses].sort()).toEqual([...order].sort());
  });

  const pairs = order.flatMap((from) => order.map((to, i) => [from, to, allowed[from][i] === 1] as const));
  it.each(pairs)('%s → %s: %s', (from, to, expected) => {
    expect(canMoveTo(from, to)).toBe(expected);
  });
});

const aProposal = (
  overrides: Partial<Record<keyof ProposalInput, unknown>> = {},
): Record<string, unknown> => ({
  changeType: 'dispose',
  title: 'Dispose of Gipsy Hill police station',
  summary: 'The building is surplus once neighbourhood teams move to Brixton.',
  reasons: 'Running costs; condition survey; low front counter use.',
  ...overrides,
});

function fieldErrors(input: unknown): Readonly<Record<string, string>> | undefined {
  try {
    parseInput(proposalInputSchema, input);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('invalid');
    return error.details.fields;
  }
}

describe('proposalInputSchema', () => {
  it('starts as a draft with no alternatives and no dates', () => {
    expect(parseInput(proposalInputSchema, aProposal())).toEqual({
      changeType: 'dispose',
      title: 'Dispose of Gipsy Hill police station',
      summary: 'The building is surplus once neighbourhood teams move to Brixton.',
      reasons: 'Running costs; condition survey; low front counter use.',
      alternatives: [],
      replacementProvision: null,
      engagementStart: null,
      decisionDue: null,
      implementationDate: null,
      disposalDate: null,
      status: 'draft',
    });
  });

  it('needs the kind of change, a title, a summary and the reasons, naming each field', () => {
    expect(fieldErrors({})).toEqual({
      changeType: 'Choose the kind of change',
      title: 'Enter a short title',
      summary: 'Enter a summary',
      reasons: 'Give the reasons for the proposal',
    });
    expect(fieldErrors(aProposal({ status: 'approved' }))).toEqual({ status: 'Choose a status' });
  });

  it('accepts dates in order, and the same day twice', () => {
    const parsed = parseInput(
      proposalInputSchema,
      aProposal({
        engagementStart: '2027-01-10',
        decisionDue: '2027-01-10',
        implementationDate: '2027-06-01',
        disposalDate: '2027-09-30',
      }),
    );
    expect(parsed).toMatchObject({
      engagementStart: '2027-01-10',
      decisionDue: '2027-01-10',
      implementationDate: '2027-06-01',
      disposalDate: '2027-09-30',
    });
  });

  it('refuses a decision due before engagement starts', () => {
    expect(fieldErrors(aProposal({ engagementStart: '2027-03-01', decisionDue: '2027-02-28' }))).toEqual({
      decisionDue: 'The decision cannot be due before engagement starts',
    });
  });

  it('refuses implementation before the decision is due', () => {
    expect(fieldErrors(aProposal({ decisionDue: '2027-03-01', implementationDate: '2027-02-01' }))).toEqual({
      implementationDate: 'Implementation cannot come before the decision is due',
    });
  });

  it('refuses implementation before engagement starts when no decision date is given', () => {
    expect(
      fieldErrors(aProposal({ engagementStart: '2027-03-01', implementationDate: '2027-02-01' })),
    ).toEqual({
      implementationDate: 'Implementation cannot come before engagement starts',
    });
  });

  it('refuses a date that does not exist', () => {
    expect(fieldErrors(aProposal({ engagementStart: '2027-02-30', disposalDate: '30/09/2027' }))).toEqual({
      engagementStart: 'Enter the engagement start as a real date',
      disposalDate: 'Enter the disposal date as a real date',
    });
  });

  it.each([
    ['dispose', true],
    ['relocate-functions', true],
    ['close-front-counter', false],
    ['co-locate', false],
    ['new-facility', false],
    ['refurbish', false],
  ])('a disposal date for %s is %s', (changeType, allowedHere) => {
    const errors = fieldErrors(aProposal({ changeType, disposalDate: '2027-09-30' }));
    expect(errors).toEqual(
      allowedHere ? undefined : { disposalDate: 'Only a disposal or a relocation has a disposal date' },
    );
  });

  it('reads money as pounds and keeps it in pence', () => {
    const parsed = parseInput(
      proposalInputSchema,
      aProposal({
        alternatives: [
          { description: 'Keep and refurbish', costPence: '£1,250.50', savingPence: '250000' },
          { description: 'Share with the council', costPence: 1250.5, savingPence: '' },
          { description: 'Do nothing', costPence: '£0.05', savingPence: null },
          { description: ' Lease a smaller unit ', costPence: ' 12.5 ' },
        ],
      }),
    );
    expect(parsed.alternatives).toEqual([
      {
        description: 'Keep and refurbish',
        assessment: null,
        criteria: null,
        costPence: 125050,
        savingPence: 25000000,
      },
      {
        description: 'Share with the council',
        assessment: null,
        criteria: null,
        costPence: 125050,
        savingPence: null,
      },
      { description: 'Do nothing', assessment: null, criteria: null, costPence: 5, savingPence: null },
      {
        description: 'Lease a smaller unit',
        assessment: null,
        criteria: null,
        costPence: 1250,
        savingPence: null,
      },
    ]);
  });

  it.each(['1.234', '-5', 'about £3m', '£', '1,25O', '1e6', 'NaN'])(
    'refuses %j as money, naming the alternative',
    (text) => {
      expect(fieldErrors(aProposal({ alternatives: [{ description: 'A', costPence: text }] }))).toEqual({
        'alternatives.0.costPence': 'Enter the cost in pounds, like 250000 or 1,250.50',
      });
    },
  );

  it('refuses a sum too large to hold exactly', () => {
    expect(
      fieldErrors(aProposal({ alternatives: [{ description: 'A', savingPence: '99999999999999' }] })),
    ).toEqual({ 'alternatives.0.savingPence': 'The saving is too large' });
  });

  it('needs each alternative described and keeps at most 20', () => {
    expect(fieldErrors(aProposal({ alternatives: [{ description: 'A' }, { assessment: 'x' }] }))).toEqual({
      'alternatives.1.description': 'Describe the alternative',
    });
    const many = Array.from({ length: 21 }, (_, i) => ({ description: `Option ${i + 1}` }));
    expect(fieldErrors(aProposal({ alternatives: many }))).toEqual({
      alternatives: 'Record at most 20 alternatives',
    });
    expect(fieldErrors(aProposal({ alternatives: many.slice(0, 20) }))).toBeUndefined();
  });

  it('shows the date problems together with those of single fields', () => {
    expect(
      fieldErrors({ ...aProposal({ changeType: 'refurbish', disposalDate: '2027-01-01' }), title: '' }),
    ).toEqual({
      title: 'Enter a short title',
      disposalDate: 'Only a disposal or a relocation has a disposal date',
    });
  });

  it('does not compare a date that is not a real one', () => {
    expect(
      fieldErrors(aProposal({ engagementStart: '2027-13-01', implementationDate: '2027-02-01' })),
    ).toEqual({ engagementStart: 'Enter the engagement start as a real date' });
  });

  it.each([null, undefined, [], 'Close it', 42])('refuses %j as a whole, without crashing', (input) => {
    expect(Object.keys(fieldErrors(input) ?? {})).toEqual(['_']);
  });

  it('throws nothing but DomainError(invalid) at any input at all', () => {
    const field = fc.oneof(fc.anything(), fc.string(), fc.double(), fc.constant(null));
    const day = fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string(),
      field,
    );
    const proposalLike = fc.record(
      {
        changeType: fc.oneof(fc.constantFrom('dispose', 'refurbish'), field),
        title: field,
        summary: field,
        reasons: field,
        alternatives: fc.oneof(
          fc.array(
            fc.record({ description: field, costPence: field, savingPence: field }, { requiredKeys: [] }),
            { maxLength: 25 },
          ),
          field,
        ),
        engagementStart: day,
        decisionDue: day,
        implementationDate: day,
        disposalDate: day,
        status: field,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), proposalLike), (input) => {
        try {
          parseInput(proposalInputSchema, input);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('invalid');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('compareSnapshots', () => {
  const labels = { title: 'Title', alternatives: 'Alternatives', disposalDate: 'Disposal' } as const;

  it('lists every field in the labels’ order and marks those that changed', () => {
    const before = { title: 'Close the counter', alternatives: [{ description: 'A' }], disposalDate: null };
    const after = {
      title: 'Close the counter',
      alternatives: [{ description: 'B' }],
      disposalDate: '2027-09-30',
    };
    expect(compareSnapshots(labels, before, after)).toEqual([
      {
        field: 'title',
        label: 'Title',
        before: 'Close the counter',
        after: 'Close the counter',
        changed: false,
      },
      {
        field: 'alternatives',
        label: 'Alternatives',
        before: [{ description: 'A' }],
        after: [{ description: 'B' }],
        changed: true,
      },
      { field: 'disposalDate', label: 'Disposal', before: null, after: '2027-09-30', changed: true },
    ]);
  });

  it('compares by content, and treats a missing value as none', () => {
    const a = { title: 'T', alternatives: [{ description: 'A', costPence: 5 }], disposalDate: undefined };
    const b = { title: 'T', alternatives: [{ description: 'A', costPence: 5 }], disposalDate: null };
    expect(compareSnapshots(labels, a, b).map((f) => f.changed)).toEqual([false, false, false]);
    expect(compareSnapshots(labels, a, b)[2]).toMatchObject({ before: null, after: null });
  });

  it('covers every field of a proposal snapshot', () => {
    expect(Object.keys(proposalFieldNames)).toEqual([
      'siteId',
      'changeType',
      'title',
      'summary',
      'reasons',
      'alternatives',
      'replacementProvision',
      'engagementStart',
      'decisionDue',
      'implementationDate',
      'disposalDate',
      'status',
    ]);
  });
});

describe('statusMoveProblem', () => {
  it('lets a new proposal start only as a draft or published for engagement', () => {
    expect(statusMoveProblem(undefined, 'draft')).toBeUndefined();
    expect(statusMoveProblem(undefined, 'published')).toBeUndefined();
    for (const s of ['proceed', 'modified', 'withdrawn', 'implemented'] as const) {
      expect(statusMoveProblem(undefined, s)).toBe(
        'A new proposal starts as “Draft” or “Published for engagement”; record the decision by changing it afterwards',
      );
    }
  });

  it('names where a proposal may go next, and agrees with canMoveTo', () => {
    expect(statusMoveProblem('proceed', 'draft')).toBe(
      'A proposal that is “Decided: proceed” can only become “Implemented”',
    );
    for (const from of proposalStatuses)
      for (const to of proposalStatuses)
        expect(statusMoveProblem(from, to) === undefined).toBe(canMoveTo(from, to));
  });
});
