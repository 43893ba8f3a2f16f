import { z } from 'zod';
import type { ProposalInput } from '../../../domain/estate/proposal.ts';
import type { SiteInput } from '../../../domain/estate/site.ts';
import { formText } from '../../forms.ts';

/**
 * The site and proposal forms: what the browser posts, turned into use-case input, and the domain's
 * field names mapped back to the form's ids for the error summary.
 */

export const siteForm = z.object({
  name: formText,
  type: formText,
  address: formText,
  postcode: formText,
  areaCode: formText,
  wardCode: formText,
  latitude: formText,
  longitude: formText,
  publicAccess: formText,
  status: formText,
  iconic: formText,
  iconicReason: formText,
  heritageListing: formText,
  note: formText,
  expectedVersion: formText,
});
export type SiteForm = z.output<typeof siteForm>;

export function siteInputFromForm(form: SiteForm): SiteInput {
  return {
    name: form.name,
    type: form.type as SiteInput['type'],
    address: form.address,
    postcode: form.postcode,
    areaCode: form.areaCode,
    wardCode: form.wardCode,
    latitude: form.latitude,
    longitude: form.longitude,
    publicAccess: form.publicAccess,
    status: (form.status || undefined) as SiteInput['status'],
    iconic: form.iconic === 'yes',
    iconicReason: form.iconicReason,
    heritageListing: (form.heritageListing || undefined) as SiteInput['heritageListing'],
  };
}

/** The site form's fields in the order the page shows them, each with its element id. */
export const siteFieldOrder = {
  name: 'name',
  type: 'type',
  address: 'address',
  postcode: 'postcode',
  areaCode: 'areaCode',
  wardCode: 'wardCode',
  latitude: 'latitude',
  longitude: 'longitude',
  publicAccess: 'publicAccess',
  status: 'status',
  iconic: 'iconic',
  iconicReason: 'iconicReason',
  heritageListing: 'heritageListing',
  note: 'note',
};

/** How many alternatives the form offers beyond those already recorded. */
const blankAlternatives = 1;
export const maxAlternatives = 20;

const alternativeKeys = ['description', 'assessment', 'criteria', 'cost', 'saving'] as const;

/** The proposal form posts flat fields; alternatives arrive as alt-0-description, alt-0-cost, … */
export const proposalForm = z.record(z.string(), z.unknown()).transform((body) => {
  const text = (key: string) => formText.parse(body[key]);
  const alternatives: Record<(typeof alternativeKeys)[number], string>[] = [];
  for (let i = 0; i < maxAlternatives; i += 1) {
    const alt = Object.fromEntries(alternativeKeys.map((k) => [k, text(`alt-${i}-${k}`).trim()])) as Record<
      (typeof alternativeKeys)[number],
      string
    >;
    alternatives.push(alt);
  }
  return {
    changeType: text('changeType'),
    title: text('title'),
    summary: text('summary'),
    reasons: text('reasons'),
    replacementProvision: text('replacementProvision'),
    engagementStart: text('engagementStart'),
    decisionDue: text('decisionDue'),
    implementationDate: text('implementationDate'),
    disposalDate: text('disposalDate'),
    status: text('status'),
    note: text('note'),
    expectedVersion: text('expectedVersion'),
    alternatives,
  };
});
export type ProposalForm = z.output<typeof proposalForm>;

const isBlank = (alt: Record<string, string>) => Object.values(alt).every((v) => v === '');

/**
 * The proposal input: blank alternative blocks are dropped, so an empty extra block is simply
 * unused. Alternatives keep their position so an error names the block the person typed in.
 */
export function proposalInputFromForm(form: ProposalForm): ProposalInput & { alternativeIndex: number[] } {
  const kept = form.alternatives.map((alt, i) => ({ alt, i })).filter(({ alt }) => !isBlank(alt));
  return {
    changeType: form.changeType as ProposalInput['changeType'],
    title: form.title,
    summary: form.summary,
    reasons: form.reasons,
    replacementProvision: form.replacementProvision,
    engagementStart: form.engagementStart,
    decisionDue: form.decisionDue,
    implementationDate: form.implementationDate,
    disposalDate: form.disposalDate,
    status: (form.status || undefined) as ProposalInput['status'],
    alternatives: kept.map(({ alt }) => ({
      description: alt.description,
      assessment: alt.assessment,
      criteria: alt.criteria,
      costPence: alt.cost,
      savingPence: alt.saving,
    })),
    alternativeIndex: kept.map(({ i }) => i),
  };
}

/** The form blocks to show: every recorded alternative plus one blank one. */
export function alternativeBlocks(form: Pick<ProposalForm, 'alternatives'>): ProposalForm['alternatives'] {
  const filled = form.alternatives.filter((a) => !isBlank(a));
  const blanks = Array.from({ length: blankAlternatives }, () =>
    Object.fromEntries(alternativeKeys.map((k) => [k, ''])),
  ) as ProposalForm['alternatives'];
  return [...filled, ...blanks].slice(0, maxAlternatives);
}

/**
 * The domain names an alternative's field by its place among those kept (alternatives.1.costPence);
 * the page names it by its block (alt-2-cost).
 */
export function proposalErrorsForForm(
  fields: Readonly<Record<string, string>>,
  alternativeIndex: readonly number[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const match = /^alternatives\.(\d+)\.(\w+)$/.exec(key);
    if (!match) {
      out[key] = message;
      continue;
    }
    const block = alternativeIndex[Number(match[1])] ?? 0;
    const field = { costPence: 'cost', savingPence: 'saving' }[match[2] as string] ?? match[2];
    out[`alt-${block}-${field}`] =
      `Alternative ${block + 1}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  }
  return out;
}

export const proposalFieldOrder = (blocks: number): Record<string, string> => ({
  changeType: 'changeType',
  title: 'title',
  summary: 'summary',
  reasons: 'reasons',
  ...Object.fromEntries(
    Array.from({ length: blocks }, (_, i) =>
      alternativeKeys.map((k) => [`alt-${i}-${k}`, `alt-${i}-${k}`]),
    ).flat(),
  ),
  alternatives: 'alt-0-description',
  replacementProvision: 'replacementProvision',
  engagementStart: 'engagementStart',
  decisionDue: 'decisionDue',
  implementationDate: 'implementationDate',
  disposalDate: 'disposalDate',
  status: 'status',
  note: 'note',
});
