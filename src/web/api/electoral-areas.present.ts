import { z } from 'zod';
import type { BoroughGeography } from '../../domain/geography/get-borough-geography.ts';

/** The API's view of a borough's wards and constituencies. Named fields only. */

export const wardsSchema = z
  .object({
    data: z.array(
      z.object({
        code: z.string().meta({ description: 'ONS ward code', example: 'E05014094' }),
        name: z.string().meta({ example: 'Brixton Windrush' }),
      }),
    ),
    vintage: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The year of the ward boundaries; null when none are loaded' }),
  })
  .meta({ id: 'BoroughWards' });

export const constituenciesSchema = z
  .object({
    data: z.array(
      z.object({
        code: z.string().meta({ description: 'ONS constituency code', example: 'E14001172' }),
        name: z.string().meta({ example: 'Clapham and Brixton Hill' }),
        source: z.enum(['ward-lookup', 'overlap']).meta({
          description: 'Known from the ward-to-constituency lookup, or from the borough overlap table',
        }),
        wards: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'Wards of the borough in the constituency (ward lookup)' }),
        share: z
          .number()
          .nullable()
          .meta({ description: 'Share of the constituency inside the borough, 0–1 (overlap)' }),
      }),
    ),
    vintage: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The year of the constituency boundaries; null when none are loaded' }),
  })
  .meta({ id: 'BoroughConstituencies' });

export const presentWards = (g: BoroughGeography): z.infer<typeof wardsSchema> => ({
  data: g.wards.map((w) => ({ code: w.code, name: w.name })),
  vintage: g.wardVintage ?? null,
});

export const presentConstituencies = (g: BoroughGeography): z.infer<typeof constituenciesSchema> => ({
  data: g.constituencies.map((c) => ({
    code: c.code,
    name: c.name,
    source: c.source,
    wards: c.wards,
    share: c.share,
  })),
  vintage: g.constituencyVintage ?? null,
});
