import type { Expectation } from '../../route-expectations.ts';

/** Who may use each of these staff routes (the permission conformance suite checks every one). */
export const topHundredAccess: Readonly<Record<string, Expectation>> = {};
