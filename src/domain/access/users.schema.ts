import { z } from 'zod';
import { roles } from './actor.ts';
import { passwordRules } from './passwords.ts';

export const emailSchema = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }));

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(passwordRules.minLength, `Password must be at least ${passwordRules.minLength} characters`)
  .max(passwordRules.maxLength, `Password must be ${passwordRules.maxLength} characters or fewer`);

export const newUserSchema = z.object({
  email: emailSchema,
  displayName: z
    .string({ error: 'Enter a name' })
    .trim()
    .min(1, 'Enter a name')
    .max(120, 'Name must be 120 characters or fewer'),
  role: z.enum(roles, { error: 'Choose a role' }),
  password: passwordSchema,
});

export type NewUser = z.input<typeof newUserSchema>;
