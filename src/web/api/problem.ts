import { z } from 'zod';

/** RFC 9457 problem details, as the API's error handler sends them: one `Problem` component. */
const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string(),
    errors: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: 'For a 400: what is wrong with each named field or query parameter' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The answers every authenticated route may give. */
export const authErrors = {
  401: problemResponse('No valid bearer token was given'),
  403: problemResponse('The token’s user may not do this'),
} as const;
