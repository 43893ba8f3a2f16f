import { z } from 'zod';
import { changeTypes, proposalStatuses } from '../../db/schema/estate.ts';
import { isCalendarDay } from '../shared/london-time.ts';
import { isPlainText, singleLine } from '../shared/validation.ts';

/** A proposal: one planned change to a site. The pure rules and the shapes the use cases share. */

export { changeTypes, proposalStatuses };
export type ChangeType = (typeof changeTypes)[number];
export type ProposalStatus = (typeof proposalStatuses)[number];

export const changeTypeNames: Readonly<Record<ChangeType, string>> = {
  'close-front-counter': 'Close the front counter',
  dispose: 'Dispose of the site',
  'relocate-functions': 'Relocate functions',
  'co-locate': 'Co-locate with a partner',
  'new-facility': 'New facility',
  refurbish: 'Refurbish',
};

export const proposalStatusNames: Readonly<Record<ProposalStatus, string>> = {
  draft: 'Draft',
  published: 'Published for engagement',
  proceed: 'Decided: proceed',
  modified: 'Decided: modified',
  withdrawn: 'Decided: withdrawn',
  implemented: 'Implemented',
};

/**
 * Where a proposal may go next. Once published for engagement it never returns to draft (the
 * published text is the evidence of what people were asked about); a modified proposal may be
 * published again for further engagement.
 */
export const nextStatuses: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  draft: ['published', 'withdrawn'],
  published: ['proceed', 'modified', 'withdrawn'],
  proceed: ['implemented'],
  modified: ['published', 'proceed', 'withdrawn', 'implemented'],
  withdrawn: [],
  implemented: [],
};

export function canMoveTo(from: ProposalStatus, to: ProposalStatus): boolean {
  return from === to || nextStatuses[from].includes(to);
}

/** A new proposal starts as a draft or published for engagement: a decision is recorded by changing it. */
export const startingStatuses: readonly ProposalStatus[] = ['draft', 'published'];

const quotedList = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

/**
 * What is wrong with a proposal's status moving from `from` (undefined for a new proposal) to
 * `to`, in words for the status field; undefined when the move is allowed.
 */
export function statusMoveProblem(from: ProposalStatus | undefined, to: ProposalStatus): string | undefined {
  const quoted = (s: ProposalStatus) => `“${proposalStatusNames[s]}”`;
  if (from === undefined) {
    return startingStatuses.includes(to)
      ? undefined
      : `A new proposal starts as ${quotedList(startingStatuses.map(quoted))}; record the decision by changing it afterwards`;
  }
  if (canMoveTo(from, to)) return undefined;
  const next = nextStatuses[from];
  return next.length === 0
    ? `The proposal is ${quoted(from)}; its status cannot change`
    : `A proposal that is ${quoted(from)} can only become ${quotedList(next.map(quoted))}`;
}

/** The days a proposal is planned around, in order. */
export const milestones = ['engagementStart', 'decisionDue', 'implementationDate', 'disposalDate'] as const;
export type Milestone = (typeof milestones)[number];

export const milestoneNames: Readonly<Record<Milestone, string>> = {
  engagementStart: 'Engagement starts',
  decisionDue: 'Decision due',
  implementationDate: 'Implementation',
  disposalDate: 'Disposal',
};

/** The number of months ahead within which a disposal counts as imminent, unless set otherwise. */
export const defaultImminentMonths = 12;

/** The day `months` calendar months after `day` (clamped to the month's end: 31 Jan + 1 = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * Imminent: a disposal planned from today up to the window's end, on a proposal still live (not
 * withdrawn, not already implemented). Days compare as YYYY-MM-DD text.
 */
export function isImminent(
  proposal: Readonly<{ disposalDate: string | null; status: ProposalStatus }>,
  today: string,
  windowMonths: number,
): boolean {
  const { disposalDate, status } = proposal;
  if (disposalDate === null || status === 'withdrawn' || status === 'implemented') return false;
  return disposalDate >= today && disposalDate <= addMonths(today, windowMonths);
}

const money = (label: string) =>
  z
    .union([z.number(), z.string().trim()])
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v === '') return null;
      const text = typeof v === 'number' ? String(v) : v.replace(/^£/, '').replace(/,/g, '');
      if (!/^\d+(\.\d{1,2})?$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} in pounds, like 250000 or 1,250.50` });
        return z.NEVER;
      }
      const pence = Math.round(Number(text) * 100);
      if (pence > Number.MAX_SAFE_INTEGER / 10) {
        ctx.addIssue({ code: 'custom', message: `The ${label} is too large` });
        return z.NEVER;
      }
      return pence;
    });

const longText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .refine(isPlainText, `${label} must be plain text`)
    .nullable()
    .optional()
    .transform((s) => (s ? s : null));

/** An alternative that was considered instead of the proposal, and how it was judged. */
export const alternativeSchema = z.object({
  description: z
    .string({ error: 'Describe the alternative' })
    .trim()
    .min(1, 'Describe the alternative')
    .max(2000, 'The description must be 2,000 characters or fewer')
    .refine(isPlainText, 'The description must be plain text'),
  assessment: longText(4000, 'How it was assessed'),
  criteria: longText(2000, 'The criteria'),
  /** One-off cost, in pence. */
  costPence: money('cost'),
  /** Yearly saving, in pence. */
  savingPence: money('saving'),
});
export type Alternative = z.output<typeof alternativeSchema>;

const day = (label: string) =>
  z
    .string()
    .trim()
    .nullable()
    .optional()
    .transform((s, ctx) => {
      if (!s) return null;
      if (!isCalendarDay(s)) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a real date` });
        return z.NEVER;
      }
      // A register's placeholder ("31/12/9999") is not a plan, and would stretch the timetable.
      if (s < '2000-01-01' || s > '2100-12-31') {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a date from 2000 to 2100` });
        return z.NEVER;
      }
      return s;
    });

export const proposalInputSchema = z
  .object({
    changeType: z.enum(changeTypes, { error: 'Choose the kind of change' }),
    title: singleLine(
      {
        required: 'Enter a short title',
        tooLong: 'The title must be 200 characters or fewer',
        invalid: 'The title must be plain text',
      },
      200,
    ),
    summary: z
      .string({ error: 'Enter a summary' })
      .trim()
      .min(1, 'Enter a summary')
      .max(4000, 'The summary must be 4,000 characters or fewer')
      .refine(isPlainText, 'The summary must be plain text'),
    reasons: z
      .string({ error: 'Give the reasons for the proposal' })
      .trim()
      .min(1, 'Give the reasons for the proposal')
      .max(20000, 'The reasons must be 20,000 characters or fewer')
      .refine(isPlainText, 'The reasons must be plain text'),
    alternatives: z.array(alternativeSchema).max(20, 'Record at most 20 alternatives').default([]),
    replacementProvision: longText(4000, 'The replacement provision'),
    engagementStart: day('engagement start'),
    decisionDue: day('decision due date'),
    implementationDate: day('implementation date'),
    disposalDate: day('disposal date'),
    status: z.enum(proposalStatuses, { error: 'Choose a status' }).default('draft'),
  })
  .check(
    // Runs even when other fields failed, so a person sees every problem at once; a date that
    // failed its own check is not compared.
    z.superRefine(
      (v, ctx) => {
        const day = (d: unknown): string | undefined =>
          typeof d === 'string' && isCalendarDay(d) ? d : undefined;
        const [engagementStart, decisionDue, implementationDate] = [
          day(v.engagementStart),
          day(v.decisionDue),
          day(v.implementationDate),
        ];
        if (engagementStart && decisionDue && decisionDue < engagementStart) {
          ctx.addIssue({
            code: 'custom',
            path: ['decisionDue'],
            message: 'The decision cannot be due before engagement starts',
          });
        }
        if (decisionDue && implementationDate && implementationDate < decisionDue) {
          ctx.addIssue({
            code: 'custom',
            path: ['implementationDate'],
            message: 'Implementation cannot come before the decision is due',
          });
        }
        if (!decisionDue && engagementStart && implementationDate && implementationDate < engagementStart) {
          ctx.addIssue({
            code: 'custom',
            path: ['implementationDate'],
            message: 'Implementation cannot come before engagement starts',
          });
        }
        if (v.disposalDate && v.changeType !== 'dispose' && v.changeType !== 'relocate-functions') {
          ctx.addIssue({
            code: 'custom',
            path: ['disposalDate'],
            message: 'Only a disposal or a relocation has a disposal date',
          });
        }
      },
      // …but only on an object: a missing body (null, undefined) is refused by the shape alone.
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  );

export type ProposalInput = z.input<typeof proposalInputSchema>;
export type ParsedProposalInput = z.output<typeof proposalInputSchema>;

/** A proposal as each version records it. */
export type ProposalSnapshot = Readonly<{
  siteId: string;
  changeType: ChangeType;
  title: string;
  summary: string;
  reasons: string;
  alternatives: readonly Alternative[];
  replacementProvision: string | null;
  engagementStart: string | null;
  decisionDue: string | null;
  implementationDate: string | null;
  disposalDate: string | null;
  status: ProposalStatus;
}>;

export const proposalFieldNames: Readonly<Record<keyof ProposalSnapshot, string>> = {
  siteId: 'Site',
  changeType: 'Change',
  title: 'Title',
  summary: 'Summary',
  reasons: 'Reasons',
  alternatives: 'Alternatives considered',
  replacementProvision: 'Replacement provision',
  engagementStart: milestoneNames.engagementStart,
  decisionDue: milestoneNames.decisionDue,
  implementationDate: milestoneNames.implementationDate,
  disposalDate: milestoneNames.disposalDate,
  status: 'Status',
};

export type FieldComparison<K extends string> = Readonly<{
  field: K;
  label: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}>;

/** JSON with object keys in order, so values stored as jsonb (which reorders keys) compare equal. */
const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

/** Two snapshots field by field, in the order the labels give; values compare as JSON, whatever their key order. */
export function compareSnapshots<K extends string>(
  labels: Readonly<Record<K, string>>,
  before: Readonly<Record<K, unknown>>,
  after: Readonly<Record<K, unknown>>,
): FieldComparison<K>[] {
  return (Object.keys(labels) as K[]).map((field) => ({
    field,
    label: labels[field],
    before: before[field] ?? null,
    after: after[field] ?? null,
    changed: canonical(before[field]) !== canonical(after[field]),
  }));
}
