import type { z } from 'zod';
import { DomainError, type FieldErrors } from './errors.ts';

/** Parses use-case input; on failure throws `invalid` with the first message for each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  throw new DomainError('invalid', 'Some details need correcting.', { fields: fields as FieldErrors });
}
