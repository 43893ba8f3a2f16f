import type { Context } from '../../access/actor.ts';
import { actorLabel, recordAudit } from '../../audit/record-audit.ts';
import { londonDay } from '../../shared/london-time.ts';
import { loadPerson } from '../get-person.ts';
import { selectMergedIds } from './personal-data.repo.ts';
import { type SubjectAccessSection, subjectAccessSections } from './subject-access-sections.ts';

export type SubjectAccessExport = Readonly<{
  title: string;
  personId: string;
  name: string;
  /** The instant it was produced (ISO 8601, UTC) and the London day. */
  producedAt: string;
  producedOn: string;
  producedBy: string;
  sections: readonly SubjectAccessSection[];
  /** The titles of the categories that hold nothing about the person. */
  holdingNothing: readonly string[];
}>;

/**
 * Everything Nonsuch holds about one person, category by category (see subject-access-sections.ts),
 * for a subject access request. Producing it is recorded in the audit trail.
 */
export async function exportSubjectAccess(
  ctx: Context,
  input: { id: string; format: 'json' | 'html' },
): Promise<SubjectAccessExport> {
  const { person } = await loadPerson(ctx, input.id, 'stakeholder:subject-access');
  const merged = await selectMergedIds(ctx.db, person.id);
  const subject = { person, ids: [person.id, ...merged.map((m) => m.fromId)] };
  const sections: SubjectAccessSection[] = [];
  for (const source of subjectAccessSections) {
    const { load, ...section } = source;
    sections.push({ ...section, items: await load(ctx.db, subject) });
  }
  const now = ctx.clock.now();
  await recordAudit(ctx, {
    action: 'created',
    entityType: 'subject-access-export',
    entityId: person.id,
    summary: `Subject access export produced (${input.format === 'json' ? 'JSON file' : 'printable page'})`,
    newValues: {
      format: input.format,
      entries: Object.fromEntries(sections.map((s) => [s.key, s.items.length])),
    },
  });
  return {
    title: 'Subject access export',
    personId: person.id,
    name: person.fullName,
    producedAt: now.toISOString(),
    producedOn: londonDay(now),
    producedBy: actorLabel(ctx.actor),
    sections,
    holdingNothing: sections.filter((s) => s.items.length === 0).map((s) => s.title),
  };
}
