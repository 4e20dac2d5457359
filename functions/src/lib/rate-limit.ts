import type { D1Database } from '../env'
import { nowMs } from './clock'
import { ApiError } from './errors'

export interface Limit {
  /** what is counted, e.g. `login:ip:<hash>` */
  bucket: string
  windowSeconds: number
  max: number
  message: string
}

/**
 * Fixed-window counter in D1: one upsert per check. D1 is the one place every Worker instance sees, so the
 * limit holds across locations; old windows are deleted by the daily cron.
 */
export async function enforce(db: D1Database, limit: Limit): Promise<void> {
  const windowStart = Math.floor(nowMs() / 1000 / limit.windowSeconds) * limit.windowSeconds
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?1, ?2, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1
       RETURNING hits`,
    )
    .bind(limit.bucket, windowStart)
    .first<{ hits: number }>()
  if (row && row.hits > limit.max) throw new ApiError('RATE_LIMITED', limit.message)
}

export async function pruneRateLimits(db: D1Database): Promise<void> {
  await db.prepare('DELETE FROM rate_limits WHERE window_start < ?1').bind(Math.floor(nowMs() / 1000) - 2 * 86400).run()
}
