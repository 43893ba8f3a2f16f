import { z } from 'zod';
import type { AreaRecord } from '../../domain/geography/areas.repo.ts';
import { policeForceNames } from '../../domain/geography/london-areas.ts';

/** The API's view of a London area. Named fields only: nothing reaches the API by accident. */
export const boroughSchema = z
  .object({
    gssCode: z.string().meta({ description: 'ONS GSS code', example: 'E09000007' }),
    name: z.string().meta({ example: 'Camden' }),
    shortCode: z.string().meta({ description: 'Three-letter code used on maps', example: 'CMD' }),
    kind: z.enum(['london-borough', 'city']),
    policeForce: z.object({
      code: z.enum(['metropolitan', 'city-of-london']),
      name: z.string(),
    }),
    bcu: z
      .object({ code: z.string(), name: z.string() })
      .nullable()
      .meta({ description: "The Met's Basic Command Unit; null for the City of London" }),
    links: z.object({ self: z.string(), page: z.string() }),
  })
  .meta({ id: 'Borough' });

export type BoroughJson = z.infer<typeof boroughSchema>;

export function presentBorough(area: AreaRecord): BoroughJson {
  return {
    gssCode: area.gssCode,
    name: area.name,
    shortCode: area.shortCode,
    kind: area.kind,
    policeForce: { code: area.policeForce, name: policeForceNames[area.policeForce] },
    bcu: area.bcuCode && area.bcuName ? { code: area.bcuCode, name: area.bcuName } : null,
    links: { self: `/api/v1/boroughs/${area.gssCode}`, page: `/boroughs/${area.gssCode}` },
  };
}
