import type { Context } from '../access/actor.ts';
import { authorize, authorizeInBorough } from '../access/policy.ts';
import { readSettings } from '../access/settings.repo.ts';
import type { AreaRecord } from '../geography/areas.repo.ts';
import { getArea } from '../geography/get-area.ts';
import { listAreas } from '../geography/list-areas.ts';
import { londonDay } from '../shared/london-time.ts';
import { listProposals } from './list-proposals.ts';
import { buildTimetable, type Timetable } from './timetable.ts';

export type TimetableView = Readonly<{
  /** The borough shown, or null for London-wide. */
  area: AreaRecord | null;
  /** Every borough the actor may see, to choose one from. */
  areas: readonly Pick<AreaRecord, 'gssCode' | 'name'>[];
  timetable: Timetable;
  /** The window, in months, within which a disposal is imminent. */
  imminentMonths: number;
}>;

/**
 * The timetable of every proposal with a planned date: London-wide (the boroughs the actor may
 * see) or one borough's. Another borough's timetable answers as a missing borough.
 */
export async function getTimetable(
  ctx: Context,
  input: { areaCode?: string | undefined } = {},
): Promise<TimetableView> {
  authorize(ctx.actor, 'estate:read');
  const code = input.areaCode?.trim();
  let area: AreaRecord | null = null;
  if (code) {
    area = await getArea(ctx, { gssCode: code });
    authorizeInBorough(
      ctx.actor,
      'estate:read',
      area.gssCode,
      `There is no London area with the code ${code}.`,
    );
  }
  const proposals = await listProposals(ctx, { dated: true, areaCode: area?.gssCode });
  const { imminentMonths } = await readSettings(ctx.db);
  const areas = (await listAreas(ctx)).map((a) => ({ gssCode: a.gssCode, name: a.name }));
  return {
    area,
    areas,
    timetable: buildTimetable(proposals, londonDay(ctx.clock.now())),
    imminentMonths,
  };
}
