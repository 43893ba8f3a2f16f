import type { NewUser } from '../domain/access/users.schema.ts';

/**
 * Valid records with unique values, for tests and the demo dataset. Callers override only what
 * they care about.
 */

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export function aUser(overrides: Partial<NewUser> = {}): NewUser {
  const n = next();
  return {
    email: `user${n}.${process.pid}@nonsuch.example`,
    displayName: `Test User ${n}`,
    role: 'analyst',
    boroughs: [],
    password: `correct horse battery ${n}`,
    ...overrides,
  };
}
