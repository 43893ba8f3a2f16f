/** The instant the database suite's fixed clock starts at: tests never depend on today's date. */
export const testNow = new Date('2026-11-22T09:00:00Z');
