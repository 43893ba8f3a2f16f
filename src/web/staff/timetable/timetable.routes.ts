import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';

/** The timetable: London-wide and per borough, as a chart, a table and a calendar. */
export async function timetableRoutes(_app: FastifyInstance, _options: { deps: Deps }): Promise<void> {}
