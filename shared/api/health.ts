import * as v from 'valibot'

export const HealthResponseSchema = v.object({
  status: v.picklist(['ok', 'degraded']),
  version: v.string(),
  db: v.object({
    ok: v.boolean(),
    latencyMs: v.nullable(v.number()),
  }),
  /** configuration problems as codes (e.g. FAKE_PLATFORM_IN_REAL_MODE), never a secret or value */
  config: v.object({ ok: v.boolean(), problems: v.array(v.string()) }),
  time: v.string(),
})

export type HealthResponse = v.InferOutput<typeof HealthResponseSchema>
