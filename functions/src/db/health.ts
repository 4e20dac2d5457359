import type { D1Database } from '../env'
import { camelRow } from './rows'

export interface DatabaseProbe {
  ok: boolean
  latencyMs: number | null
}

export async function probeDatabase(db: D1Database): Promise<DatabaseProbe> {
  const started = Date.now()
  try {
    // Reading a table that a migration created proves the schema is in place, not only that SQLite answers.
    const row = await db.prepare('SELECT COUNT(*) AS n FROM schema_info').first<{ n: number }>().then(camelRow)
    return { ok: row !== null, latencyMs: Date.now() - started }
  } catch (err) {
    console.error('database probe failed', err instanceof Error ? err.message : err)
    return { ok: false, latencyMs: null }
  }
}

/** Demonstration region figures (the demo seed's, status demo in region_figures) present in this database. */
export async function hasDemoStandards(db: D1Database): Promise<boolean> {
  try {
    return (await db.prepare(`SELECT 1 AS x FROM region_figures WHERE status = 'demo' LIMIT 1`).first()) !== null
  } catch {
    return false
  }
}
