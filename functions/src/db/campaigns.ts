import type { CampaignAudience, CampaignCounters } from '@canbao/shared/api/reminders'
import type { D1Database } from '../env'

export interface CampaignRow {
  id: string
  scope: string
  province: string
  region: string | null
  created_by: string
  title: string
  data_json: string
  audience: CampaignAudience
  year: number
  status: 'planning' | 'sending' | 'done'
  cursor: string
  audience_count: number
  created_at: string
}

export async function insertCampaign(db: D1Database, row: Omit<CampaignRow, 'cursor' | 'audience_count'>): Promise<void> {
  await db
    .prepare(
      `INSERT INTO campaigns (id, scope, province, region, created_by, title, data_json, audience, year, status, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
    )
    .bind(row.id, row.scope, row.province, row.region, row.created_by, row.title, row.data_json, row.audience, row.year, row.status, row.created_at)
    .run()
}

export async function getCampaign(db: D1Database, id: string): Promise<CampaignRow | null> {
  return db.prepare('SELECT * FROM campaigns WHERE id = ?1').bind(id).first<CampaignRow>()
}

export async function listCampaigns(db: D1Database, scope: string, limit: number): Promise<CampaignRow[]> {
  const { results } = await db.prepare('SELECT * FROM campaigns WHERE scope = ?1 ORDER BY created_at DESC, id LIMIT ?2').bind(scope, limit).all<CampaignRow>()
  return results
}

export interface AudienceMember {
  user_id: string
  allowed: number
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
  const { results } = await db
    .prepare(
      `SELECT p.user_id, COALESCE(s.allowance > 0 AND s.enabled = 1, 0) AS allowed
       FROM profiles p LEFT JOIN reminder_subscriptions s ON s.user_id = p.user_id AND s.kind = 'campaign'
       WHERE p.province = ?1 AND (?2 IS NULL OR p.region = ?2) AND p.user_id > ?3 ${unpaid}
       ORDER BY p.user_id LIMIT ?5`,
    )
    .bind(c.province, c.region, c.cursor, c.year, limit)
    .all<AudienceMember>()
  return results
}

/** Moves the audience walk on from `from` (optimistic: a redelivered plan message counts nothing twice). */
export async function advanceCampaign(db: D1Database, id: string, from: string, to: string, added: number, done: boolean): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE campaigns SET cursor = ?3, audience_count = audience_count + ?4, status = CASE WHEN ?5 = 1 THEN 'sending' ELSE status END
       WHERE id = ?1 AND cursor = ?2 AND status = 'planning'`,
    )
    .bind(id, from, to, added, done ? 1 : 0)
    .run()
  return result.meta.changes === 1
}

/** Counters straight from the deliveries, so they can never drift from what happened; many campaigns in one query. */
export async function campaignCounters(db: D1Database, campaigns: readonly Pick<CampaignRow, 'id' | 'audience_count'>[]): Promise<Map<string, CampaignCounters>> {
  const { results } = campaigns.length
    ? await db
        .prepare('SELECT campaign_id, status, COUNT(*) AS n FROM reminder_deliveries WHERE campaign_id IN (SELECT value FROM json_each(?1)) GROUP BY campaign_id, status')
        .bind(JSON.stringify(campaigns.map((c) => c.id)))
        .all<{ campaign_id: string; status: string; n: number }>()
    : { results: [] }
  const out = new Map<string, CampaignCounters>()
  for (const c of campaigns) {
    const by: Record<string, number> = {}
    for (const r of results) if (r.campaign_id === c.id) by[r.status] = r.n
    out.set(c.id, {
      audience: c.audience_count,
      queued: (by.queued ?? 0) + (by.sending ?? 0) + (by.retrying ?? 0),
      sent: by.sent ?? 0,
      failed: by.failed ?? 0,
      skipped: by.skipped ?? 0,
      deferred: by.deferred ?? 0,
    })
  }
  return out
}
