import type { D1Database } from '../env'
import { countHit, deleteWindowsBefore } from '../db/rate-limits'
import { nowMs } from './clock'
import { ApiError } from './errors'

export interface Limit {
  /** what is counted, e.g. `login:ip:<hash>` */
  bucket: string
  windowSeconds: number
  max: number
  message: string
}

/** Counts one hit in the current fixed window and refuses, with the limit's Chinese message, past `max`. */
export async function enforce(db: D1Database, limit: Limit): Promise<void> {
  const windowStart = Math.floor(nowMs() / 1000 / limit.windowSeconds) * limit.windowSeconds
  if ((await countHit(db, limit.bucket, windowStart)) > limit.max) throw new ApiError('RATE_LIMITED', limit.message)
}

/** Run by the daily cron: no limit's window is longer than a day, so two days back is safely dead. */
export async function pruneRateLimits(db: D1Database): Promise<void> {
  await deleteWindowsBefore(db, Math.floor(nowMs() / 1000) - 2 * 86400)
}
