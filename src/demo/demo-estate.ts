import type { Context } from '../domain/access/actor.ts';

/** The demo's sites and proposals. */
export async function buildDemoEstate(_ctx: Context): Promise<void> {}
