import * as v from 'valibot'

export const HealthResponseSchema = v.object({
  status: v.picklist(['ok', 'degraded']),
  version: v.string(),
  db: v.object({
    ok: v.boolean(),
    latencyMs: v.nullable(v.number()),
  }),
  time: v.string(),
})

export type HealthResponse = v.InferOutput<typeof HealthResponseSchema>
