import { z } from 'zod';
import { singleLine } from '../shared/validation.ts';
import { roles } from './actor.ts';
import { passwordProblem, passwordRules } from './passwords.ts';

const emailFormat = 'Enter an email address in the correct format, like name@example.org';

export const emailSchema = singleLine(
  {
    required: 'Enter an email address',
    tooLong: 'Email address must be 254 characters or fewer',
    invalid: emailFormat,
  },
  254,
).pipe(z.email({ error: emailFormat }));

/** At least 12 characters, at most 256, not a commonly used password; no composition rules. */
export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(passwordRules.minLength, `Password must be at least ${passwordRules.minLength} characters`)
  .max(passwordRules.maxLength, `Password must be ${passwordRules.maxLength} characters or fewer`)
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const displayNameSchema = singleLine(
  {
    required: 'Enter a name',
    tooLong: 'Name must be 120 characters or fewer',
    invalid: 'Name must contain only letters, numbers, spaces and punctuation',
  },
  120,
);

export const roleSchema = z.enum(roles, { error: 'Choose a role' });

/** GSS codes of boroughs; whether they exist, and whether the role takes boroughs, is checked by the use case. */
export const boroughCodesSchema = z
  .array(
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^E09\d{6}$/, 'Choose boroughs from the list'),
    {
      error: 'Choose boroughs from the list',
    },
  )
  .max(33)
  .default([]);

export const newUserSchema = z.object({
  email: emailSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  boroughs: boroughCodesSchema,
  /** Absent for an invitation: the person chooses their own password through a one-time link. */
  password: passwordSchema.optional(),
});

export type NewUser = z.input<typeof newUserSchema>;
