/** The clock is outside the domain: tests pass a fixed one, the app the system clock. */
export type Clock = Readonly<{ now: () => Date }>;

export const systemClock: Clock = Object.freeze({ now: () => new Date() });

export function fixedClock(start: Date): Clock & { advance: (ms: number) => void; set: (d: Date) => void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
    set: (d: Date) => {
      current = d.getTime();
    },
  };
}
