import type { SubscribeResult } from '@canbao/shared/api/reminders'
import type { ReminderKind } from '@canbao/shared/reminders/kinds'
import type { D1Database } from '../env'
import { camelAll, rowsOf } from './rows'

export interface SubscriptionRow {
  kind: ReminderKind
  templateId: string
  allowance: number
  enabled: number
  lastResult: SubscribeResult | null
  lastResultAt: string | null
}

export async function listSubscriptions(db: D1Database, userId: string): Promise<SubscriptionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT kind, template_id, allowance, enabled, last_result, last_result_at FROM reminder_subscriptions
        WHERE user_id = ?1`,
    )
    .bind(userId)
    .all<SubscriptionRow>()
    .then(camelAll)
  return results
}

/**
 * One `requestSubscribeMessage` outcome, atomically. Each `accept` of a one-time template is one more message
 * we may send. `ban` (the template was banned) leaves nothing to send; `reject` and `filter` change no
 * earlier allowance: WeChat itself answers 43101 when one is gone, and that clears it.
 */
export async function recordConsents(
  db: D1Database,
  userId: string,
  results: readonly { kind: ReminderKind; templateId: string; result: SubscribeResult }[],
  now: string,
): Promise<void> {
  await db.batch(
    results.map((r) =>
      db
        .prepare(
          `INSERT INTO reminder_subscriptions (user_id, kind, template_id, allowance, enabled, last_result,
            last_result_at, updated_at)
           VALUES (?1, ?2, ?3, CASE WHEN ?4 = 'accept' THEN 1 ELSE 0 END, 1, ?4, ?5, ?5)
           ON CONFLICT (user_id, kind) DO UPDATE SET
             template_id = excluded.template_id,
             allowance = CASE
               WHEN ?4 = 'accept' THEN CASE WHEN reminder_subscriptions.template_id = excluded.template_id THEN
                 reminder_subscriptions.allowance + 1 ELSE 1 END
               WHEN ?4 = 'ban' THEN 0
               ELSE reminder_subscriptions.allowance END,
             -- accepting again is the resident turning the reminder back on
             enabled = CASE WHEN ?4 = 'accept' THEN 1 ELSE reminder_subscriptions.enabled END,
             last_result = ?4, last_result_at = ?5, updated_at = ?5`,
        )
        .bind(userId, r.kind, r.templateId, r.result, now),
    ),
  )
}

/** The resident's switch. Off keeps the allowances (turning back on needs no new tap) but nothing is sent. */
export async function setSubscriptionEnabled(
  db: D1Database,
  userId: string,
  kind: ReminderKind,
  templateId: string,
  enabled: boolean,
  now: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO reminder_subscriptions (user_id, kind, template_id, allowance, enabled, updated_at)
        VALUES (?1, ?2, ?3, 0, ?4, ?5)
       ON CONFLICT (user_id, kind) DO UPDATE SET enabled = ?4, updated_at = ?5`,
    )
    .bind(userId, kind, templateId, enabled ? 1 : 0, now)
    .run()
}

// ---- who is due (the daily planner) ------------------------------------------------------------------------

/** The subscribers' regions (a profile's province and region) with a period reminder that can still be sent. */
export async function regionsWithPeriodSubscribers(
  db: D1Database,
): Promise<{ province: string; region: string | null }[]> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT p.province, p.region FROM reminder_subscriptions s JOIN profiles p ON p.user_id = s.user_id
       WHERE s.kind IN ('period_open', 'deadline') AND s.allowance > 0 AND s.enabled = 1`,
    )
    .all<{ province: string; region: string | null }>()
    .then(camelAll)
  return results
}

/**
 * One page (by user id, after `after`) of the residents who can still be sent `kind`; with `area`, only those
 * whose profile is in that province and region (`region` null: the profile names no region).
 */
export async function subscriberPage(
  db: D1Database,
  kind: ReminderKind,
  area: { province: string; region: string | null } | null,
  after: string,
  limit: number,
): Promise<string[]> {
  // Two shapes rather than `?2 IS NULL OR …`: each walks the subscriptions' index in user id order.
  const statement =
    area === null
      ? db
          .prepare(
            `SELECT s.user_id FROM reminder_subscriptions s JOIN profiles p ON p.user_id = s.user_id
             WHERE s.kind = ?1 AND s.allowance > 0 AND s.enabled = 1 AND s.user_id > ?2 ORDER BY s.user_id LIMIT ?3`,
          )
          .bind(kind, after, limit)
      : db
          .prepare(
            `SELECT s.user_id FROM reminder_subscriptions s JOIN profiles p ON p.user_id = s.user_id
             WHERE s.kind = ?1 AND s.allowance > 0 AND s.enabled = 1 AND p.province = ?2 AND p.region IS ?3
               AND s.user_id > ?4
             ORDER BY s.user_id LIMIT ?5`,
          )
          .bind(kind, area.province, area.region, after, limit)
  const { results } = await statement.all<{ userId: string }>().then(camelAll)
  return results.map((r) => r.userId)
}

/**
 * One page of the payers who asked about their relatives. No join on profiles: a payer is reminded about
 * relatives' regions, not their own.
 */
export async function relativeDueSubscriberPage(db: D1Database, after: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT user_id FROM reminder_subscriptions WHERE kind = 'relative_due' AND allowance > 0 AND enabled = 1
        AND user_id > ?1
       ORDER BY user_id LIMIT ?2`,
    )
    .bind(after, limit)
    .all<{ userId: string }>()
    .then(camelAll)
  return results.map((r) => r.userId)
}

// ---- deliveries -------------------------------------------------------------------------------------------

export type DeliveryStatus = 'queued' | 'sending' | 'retrying' | 'deferred' | 'sent' | 'failed' | 'skipped'

export interface NewDelivery {
  key: string
  userId: string
  kind: ReminderKind
  year: number
  offset: string
  campaignId: string | null
  dataJson: string
  page: string
  /** `skipped` when the planner already knows there is no allowance */
  status: 'queued' | 'skipped'
}

/** SQLite's default limit of bound parameters is generous, D1's is 100 per statement: rows go in as JSON. */
export async function insertDeliveries(db: D1Database, rows: readonly NewDelivery[], nowMs: number): Promise<void> {
  if (rows.length === 0) return
  const payload = JSON.stringify(
    rows.map((r) => [r.key, r.userId, r.kind, r.year, r.offset, r.campaignId, r.dataJson, r.page, r.status]),
  )
  await db
    .prepare(
      `INSERT OR IGNORE INTO reminder_deliveries (key, user_id, kind, year, offset, campaign_id, data_json, page,
        status, last_error, created_at_ms, updated_at_ms)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6,
         j.value ->> 7, j.value ->> 8,
              CASE WHEN j.value ->> 8 = 'skipped' THEN 'no_allowance' END, ?2, ?2
       FROM json_each(?1) j`,
    )
    .bind(payload, nowMs)
    .run()
}

/** Of these keys, the ones still waiting for a first send (enqueued again after a planner crash: harmless). */
export async function queuedKeys(db: D1Database, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return []
  const { results } = await db
    .prepare(`SELECT key FROM reminder_deliveries WHERE key IN (SELECT value FROM json_each(?1)) AND status = 'queued'`)
    .bind(JSON.stringify(keys))
    .all<{ key: string }>()
    .then(camelAll)
  return results.map((r) => r.key)
}

export interface DeliveryRow {
  key: string
  userId: string
  kind: ReminderKind
  status: DeliveryStatus
  attempts: number
  allowanceTaken: number
  leaseUntilMs: number
  /** names the attempt that holds (or last held) the row */
  claimToken: string | null
  dataJson: string
  page: string
  openid: string
  templateId: string | null
}

const DELIVERY_COLUMNS = `d.key, d.user_id, d.kind, d.status, d.attempts, d.allowance_taken, d.lease_until_ms,
  d.claim_token, d.data_json, d.page, u.openid, s.template_id
  FROM reminder_deliveries d JOIN users u ON u.id = d.user_id
  LEFT JOIN reminder_subscriptions s ON s.user_id = d.user_id AND s.kind = d.kind`

export async function loadDeliveries(db: D1Database, keys: readonly string[]): Promise<Map<string, DeliveryRow>> {
  if (keys.length === 0) return new Map()
  const { results } = await db
    .prepare(`SELECT ${DELIVERY_COLUMNS} WHERE d.key IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(keys))
    .all<DeliveryRow>()
    .then(camelAll)
  return new Map(results.map((r) => [r.key, r]))
}

export interface Claim {
  /** names this attempt: rows it owns are `sending` with this claim_token, and only it may finish them */
  token: string
  /** every key asked for that exists, owned by this attempt or not */
  rows: Map<string, DeliveryRow>
}

/**
 * Takes ownership of the next attempt of every claimable delivery among `keys` and, the first time, one
 * allowance each — in one transaction, in one round trip, with a fixed number of set-based statements — and
 * reads all the rows back. Ownership is a lease: a second copy of the same key finds the row `sending` and
 * backs off; a consumer that died leaves a lease that runs out. A resident with several deliveries of one
 * kind in the claim gets as many allowances taken as they have, in key order; the rest find none.
 */
export async function claimDeliveries(
  db: D1Database,
  keys: readonly string[],
  leaseUntilMs: number,
  nowMs: number,
  now: string,
): Promise<Claim> {
  const token = crypto.randomUUID()
  if (keys.length === 0) return { token, rows: new Map() }
  const json = JSON.stringify(keys)
  const results = await db.batch([
    db
      .prepare(
        `UPDATE reminder_deliveries SET status = 'sending', attempts = attempts + 1, lease_until_ms = ?2,
          updated_at_ms = ?3, claim_token = ?4
         WHERE key IN (SELECT value FROM json_each(?1))
           AND (status IN ('queued', 'retrying', 'deferred') OR (status = 'sending' AND lease_until_ms < ?3))`,
      )
      .bind(json, leaseUntilMs, nowMs, token),
    // 2 marks "taken by this claim" until the subscriptions are decremented, then becomes 1. A row that holds
    // one from an earlier attempt (1) keeps it and takes no other.
    db
      .prepare(
        `UPDATE reminder_deliveries AS d SET allowance_taken = 2
         FROM (SELECT key, user_id, kind, ROW_NUMBER() OVER (PARTITION BY user_id, kind ORDER BY key) AS n
               FROM reminder_deliveries WHERE claim_token = ?1 AND allowance_taken = 0) AS r,
              reminder_subscriptions AS s
         WHERE d.key = r.key AND s.user_id = r.user_id AND s.kind = r.kind AND s.enabled = 1 AND r.n <= s.allowance`,
      )
      .bind(token),
    db
      .prepare(
        `UPDATE reminder_subscriptions AS s SET allowance = s.allowance - g.n, updated_at = ?2
         FROM (SELECT user_id, kind, COUNT(*) AS n FROM reminder_deliveries WHERE claim_token = ?1
           AND allowance_taken = 2 GROUP BY user_id, kind) AS g
         WHERE s.user_id = g.user_id AND s.kind = g.kind`,
      )
      .bind(token, now),
    db
      .prepare('UPDATE reminder_deliveries SET allowance_taken = 1 WHERE claim_token = ?1 AND allowance_taken = 2')
      .bind(token),
    db.prepare(`SELECT ${DELIVERY_COLUMNS} WHERE d.key IN (SELECT value FROM json_each(?1))`).bind(json),
  ])
  const rows = rowsOf<DeliveryRow>(results[4])
  return { token, rows: new Map(rows.map((r) => [r.key, r])) }
}

/** The claim's own row: `sending` under its token. */
export const ownedBy = (claim: Claim, row: DeliveryRow): boolean =>
  row.status === 'sending' && row.claimToken === claim.token

export type Outcome =
  | { key: string; status: 'sent'; token: string }
  /** 43101 (`clearAllowance`: gone on WeChat's side too), or no allowance at send time */
  | { key: string; status: 'skipped'; error: string; token: string; clearAllowance: boolean }
  /** final: an allowance the attempt held goes back, WeChat did not use it */
  | { key: string; status: 'failed'; error: string; token: string | null }
  | { key: string; status: 'retrying'; error: string; token: string }
  /** claimed but never sent (the attempt ran out of time first): claimable again, the attempt not counted */
  | { key: string; status: 'released'; token: string }
  | { key: string; status: 'deferred' }

/**
 * The outcomes of one consumer group, in one transaction of four set-based statements whatever their number.
 * A claimed row is finished only by the attempt that holds it (its token, still `sending`); an unclaimed one
 * (deferred, or failed from the dead-letter queue) only while nobody holds a live lease on it. Rows finished
 * here are marked with a fresh token, so allowances are given back or cleared for exactly those rows, once.
 */
export async function finishDeliveries(
  db: D1Database,
  outcomes: readonly Outcome[],
  nowMs: number,
  now: string,
): Promise<void> {
  if (outcomes.length === 0) return
  const finish = crypto.randomUUID()
  const rows = outcomes.map((o) => [
    o.key,
    o.status,
    'error' in o ? o.error.slice(0, 200) : null,
    'token' in o ? o.token : null,
  ])
  const cleared = outcomes.filter((o) => o.status === 'skipped' && o.clearAllowance).map((o) => o.key)
  const statements = [
    db
      .prepare(
        `UPDATE reminder_deliveries AS d SET
           status = CASE WHEN j.value ->> 1 = 'released' THEN 'retrying' ELSE j.value ->> 1 END,
           last_error = CASE WHEN j.value ->> 1 = 'released' THEN d.last_error ELSE j.value ->> 2 END,
           attempts = CASE WHEN j.value ->> 1 = 'released' THEN MAX(d.attempts - 1, 0) ELSE d.attempts END,
           sent_at_ms = CASE WHEN j.value ->> 1 = 'sent' THEN ?2 ELSE d.sent_at_ms END,
           updated_at_ms = ?2, lease_until_ms = 0, claim_token = ?3
         FROM json_each(?1) AS j
         WHERE d.key = j.value ->> 0
           AND CASE WHEN j.value ->> 3 IS NULL
             THEN d.status IN ('queued', 'retrying', 'deferred') OR (d.status = 'sending' AND d.lease_until_ms < ?2)
             ELSE d.status = 'sending' AND d.claim_token = j.value ->> 3 END`,
      )
      .bind(JSON.stringify(rows), nowMs, finish),
    db
      .prepare(
        `UPDATE reminder_subscriptions AS s SET allowance = s.allowance + g.n, updated_at = ?2
         FROM (SELECT user_id, kind, COUNT(*) AS n FROM reminder_deliveries WHERE claim_token = ?1 AND status = 'failed'
           AND allowance_taken = 1 GROUP BY user_id, kind) AS g
         WHERE s.user_id = g.user_id AND s.kind = g.kind`,
      )
      .bind(finish, now),
    db
      .prepare(
        `UPDATE reminder_deliveries SET allowance_taken = 0 WHERE claim_token = ?1 AND status = 'failed'
          AND allowance_taken = 1`,
      )
      .bind(finish),
  ]
  if (cleared.length > 0) {
    statements.push(
      db
        .prepare(
          `UPDATE reminder_subscriptions SET allowance = 0, last_result = NULL, updated_at = ?3
           WHERE (user_id, kind) IN (SELECT user_id, kind FROM reminder_deliveries WHERE key IN (SELECT value
             FROM json_each(?1)) AND claim_token = ?2)`,
        )
        .bind(JSON.stringify(cleared), finish, now),
    )
  }
  await db.batch(statements)
}

/** Rows the queue may have lost track of (a planner or consumer that died between D1 and the queue). */
export async function strandedKeys(db: D1Database, nowMs: number, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT key FROM reminder_deliveries
       WHERE (status IN ('queued', 'retrying') AND updated_at_ms < ?1 - 3600000)
          OR (status = 'deferred' AND updated_at_ms < ?1 - 13 * 3600000)
          OR (status = 'sending' AND lease_until_ms < ?1 - 600000)
       LIMIT ?2`,
    )
    .bind(nowMs, limit)
    .all<{ key: string }>()
    .then(camelAll)
  return results.map((r) => r.key)
}
