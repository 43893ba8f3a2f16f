import { z } from 'zod';
import { singleLine } from '../shared/validation.ts';
import { roles } from './actor.ts';
import { passwordRules } from './passwords.ts';

const emailFormat = 'Enter an email address in the correct format, like name@example.org';

export const emailSchema = singleLine(
  {
    required: 'Enter an email address',
    tooLong: 'Email address must be 254 characters or fewer',
    invalid: emailFormat,
  },
  254,
).pipe(z.email({ error: emailFormat }));

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(passwordRules.minLength, `Password must be at least ${passwordRules.minLength} characters`)
  .max(passwordRules.maxLength, `Password must be ${passwordRules.maxLength} characters or fewer`);

export const newUserSchema = z.object({
  email: emailSchema,
  displayName: singleLine(
    {
      required: 'Enter a name',
      tooLong: 'Name must be 120 characters or fewer',
      invalid: 'Name must contain only letters, numbers, spaces and punctuation',
    },
    120,
  ),
  role: z.enum(roles, { error: 'Choose a role' }),
  password: passwordSchema,
});

export type NewUser = z.input<typeof newUserSchema>;
