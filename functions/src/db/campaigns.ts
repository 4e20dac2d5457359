import type { CampaignAudience, CampaignCounters } from '@canbao/shared/api/reminders'
import type { D1Database } from '../env'
import { camelAll, camelRow, rowsOf } from './rows'

export interface CampaignRow {
  id: string
  scope: string
  province: string
  region: string | null
  createdBy: string
  title: string
  dataJson: string
  audience: CampaignAudience
  year: number
  status: 'planning' | 'sending' | 'done' | 'failed'
  cursor: string
  audienceCount: number
  createdAt: string
  /** why a `failed` campaign stopped */
  failure: CampaignFailure | null
}

/**
 * `planning_stopped`: the audience walk stopped part way (its planning message kept failing and reached the
 * dead-letter queue, or could not be queued at all). What was planned is still sent; planning can resume.
 */
export type CampaignFailure = 'planning_stopped'

export async function insertCampaign(
  db: D1Database,
  row: Omit<CampaignRow, 'cursor' | 'audienceCount' | 'failure'>,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO campaigns (id, scope, province, region, created_by, title, data_json, audience, year, status,
        created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
    )
    .bind(
      row.id,
      row.scope,
      row.province,
      row.region,
      row.createdBy,
      row.title,
      row.dataJson,
      row.audience,
      row.year,
      row.status,
      row.createdAt,
    )
    .run()
}

export async function getCampaign(db: D1Database, id: string): Promise<CampaignRow | null> {
  return db.prepare('SELECT * FROM campaigns WHERE id = ?1').bind(id).first<CampaignRow>().then(camelRow)
}

export async function listCampaigns(db: D1Database, scope: string, limit: number): Promise<CampaignRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM campaigns WHERE scope = ?1 ORDER BY created_at DESC, id LIMIT ?2')
    .bind(scope, limit)
    .all<CampaignRow>()
    .then(camelAll)
  return results
}

export interface AudienceMember {
  userId: string
  /** has a campaign message allowance and has not switched it off */
  allowed: boolean
}

/**
 * The next page of a campaign's audience after `cursor` (by user id): residents whose profile is in the area,
 * for `unpaid` only those with no record (their own or an office's) of the coverage year. `allowed` says
 * whether they have a campaign message allowance and have not switched it off.
 */
export async function audiencePage(db: D1Database, c: CampaignRow, limit: number): Promise<AudienceMember[]> {
  const unpaid =
    c.audience === 'unpaid'
      ? `AND NOT EXISTS (SELECT 1 FROM self_records r WHERE r.user_id = p.user_id AND r.year = ?4)
         AND NOT EXISTS (SELECT 1 FROM office_records o WHERE o.id_hash = p.id_hash AND o.year = ?4)`
      : 'AND ?4 IS NOT NULL'
  // Two shapes, not `(?2 IS NULL OR p.region = ?2)`: SQLite plans a statement once, and that one would read and
  // sort the whole province for every page. Each shape walks an index in user_id order from the cursor.
  const area = c.region === null ? 'p.province = ?1 AND ?2 IS NULL' : 'p.province = ?1 AND p.region = ?2'
  const { results } = await db
    .prepare(
      `SELECT p.user_id, COALESCE(s.allowance > 0 AND s.enabled = 1, 0) AS allowed
       FROM profiles p LEFT JOIN reminder_subscriptions s ON s.user_id = p.user_id AND s.kind = 'campaign'
       WHERE ${area} AND p.user_id > ?3 ${unpaid}
       ORDER BY p.user_id LIMIT ?5`,
    )
    .bind(c.province, c.region, c.cursor, c.year, limit)
    .all<{ userId: string; allowed: number }>()
    .then(camelAll)
  return results.map((r) => ({ userId: r.userId, allowed: Boolean(r.allowed) }))
}

/**
 * One page of a campaign's deliveries (INSERT OR IGNORE on the key: planning the page again adds nothing), and
 * the page's keys still waiting for a first send — also ones an earlier, crashed run inserted but never queued.
 * The message and page are the same for every row: bound once, not sent along with each of thousands of rows.
 */
export async function insertCampaignDeliveries(
  db: D1Database,
  c: CampaignRow,
  rows: readonly { key: string; userId: string; allowed: boolean }[],
  page: string,
  nowMs: number,
): Promise<string[]> {
  if (rows.length === 0) return []
  const payload = JSON.stringify(rows.map((r) => [r.key, r.userId, r.allowed ? 'queued' : 'skipped']))
  const [, queued] = await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO reminder_deliveries (key, user_id, kind, year, offset, campaign_id, data_json, page,
          status, last_error, created_at_ms, updated_at_ms)
         SELECT j.value ->> 0, j.value ->> 1, 'campaign', ?2, ?3, ?3, ?4, ?5, j.value ->> 2,
           CASE WHEN j.value ->> 2 = 'skipped' THEN 'no_allowance' END, ?6, ?6
         FROM json_each(?1) j`,
      )
      .bind(payload, c.year, c.id, c.dataJson, page, nowMs),
    db
      .prepare(
        `SELECT key FROM reminder_deliveries WHERE key IN (SELECT j.value ->> 0 FROM json_each(?1) j)
          AND status = 'queued'`,
      )
      .bind(payload),
  ])
  return rowsOf<{ key: string }>(queued).map((r) => r.key)
}

/** Moves the audience walk on from `from` (optimistic: a redelivered plan message counts nothing twice). */
export async function advanceCampaign(
  db: D1Database,
  id: string,
  from: string,
  to: string,
  added: number,
  done: boolean,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE campaigns SET cursor = ?3, audience_count = audience_count + ?4,
        status = CASE WHEN ?5 = 1 THEN 'sending' ELSE status END
       WHERE id = ?1 AND cursor = ?2 AND status = 'planning'`,
    )
    .bind(id, from, to, added, done ? 1 : 0)
    .run()
  return result.meta.changes === 1
}

/**
 * Ends a campaign that is still planning as failed (true), e.g. when its planning message reached the
 * dead-letter queue. Keys already queued are still sent; the walk stops where it stood.
 */
export async function failCampaignPlanning(db: D1Database, id: string, failure: CampaignFailure): Promise<boolean> {
  const result = await db
    .prepare(`UPDATE campaigns SET status = 'failed', failure = ?2 WHERE id = ?1 AND status = 'planning'`)
    .bind(id, failure)
    .run()
  return result.meta.changes === 1
}

/** Planning picks up where it stopped (true): the cursor kept its place, and planning a page twice adds nothing. */
export async function resumeCampaignPlanning(db: D1Database, id: string): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE campaigns SET status = 'planning', failure = NULL WHERE id = ?1 AND status = 'failed'
        AND failure = 'planning_stopped'`,
    )
    .bind(id)
    .run()
  return result.meta.changes === 1
}

/** Counters straight from the deliveries, so they can never drift from what happened; many campaigns in one query. */
export async function campaignCounters(
  db: D1Database,
  campaigns: readonly Pick<CampaignRow, 'id' | 'audienceCount'>[],
): Promise<Map<string, CampaignCounters>> {
  const { results } = campaigns.length
    ? await db
        .prepare(
          `SELECT campaign_id, status, COUNT(*) AS n FROM reminder_deliveries WHERE campaign_id IN (SELECT value
            FROM json_each(?1)) GROUP BY campaign_id, status`,
        )
        .bind(JSON.stringify(campaigns.map((c) => c.id)))
        .all<{ campaignId: string; status: string; n: number }>()
        .then(camelAll)
    : { results: [] }
  const out = new Map<string, CampaignCounters>()
  for (const c of campaigns) {
    const by: Record<string, number> = {}
    for (const r of results) if (r.campaignId === c.id) by[r.status] = r.n
    out.set(c.id, {
      audience: c.audienceCount,
      queued: (by.queued ?? 0) + (by.sending ?? 0) + (by.retrying ?? 0),
      sent: by.sent ?? 0,
      failed: by.failed ?? 0,
      skipped: by.skipped ?? 0,
      deferred: by.deferred ?? 0,
    })
  }
  return out
}
