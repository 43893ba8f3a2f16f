import { z } from 'zod';
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

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const controlCharacters = /[\u0000-\u001f\u007f]/;

/**
 * One line of text typed by a person: trimmed, non-empty, at most `max` characters, and free of
 * control characters (which no one types, and PostgreSQL refuses in text when it is NUL).
 */
export function singleLine(messages: { required: string; tooLong: string; invalid: string }, max: number) {
  return z
    .string({ error: messages.required })
    .trim()
    .min(1, messages.required)
    .max(max, messages.tooLong)
    .refine((s) => !controlCharacters.test(s), messages.invalid);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const controlCharactersButLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Whether text typed over several lines is free of control characters other than tabs and line breaks. */
export const isPlainText = (s: string): boolean => !controlCharactersButLineBreaks.test(s);
