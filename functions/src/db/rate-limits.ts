import type { D1Database } from '../env'
import { camelRow } from './rows'

/**
 * Fixed-window counter: one upsert per check, answering the window's count after this hit. D1 is the one
 * place every Worker instance sees, so a limit holds across locations.
 */
export async function countHit(db: D1Database, bucket: string, windowStart: number): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?1, ?2, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1
       RETURNING hits`,
    )
    .bind(bucket, windowStart)
    .first<{ hits: number }>()
    .then(camelRow)
  return row?.hits ?? 0
}

/** Windows that started before `before` (seconds since the epoch) count nothing any more. */
export async function deleteWindowsBefore(db: D1Database, before: number): Promise<void> {
  await db.prepare('DELETE FROM rate_limits WHERE window_start < ?1').bind(before).run()
}
