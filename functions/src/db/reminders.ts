import type { SubscribeResult } from '@canbao/shared/api/reminders'
import type { ReminderKind } from '@canbao/shared/reminders/kinds'
import type { D1Database } from '../env'

export interface SubscriptionRow {
  kind: ReminderKind
  template_id: string
  allowance: number
  enabled: number
  last_result: SubscribeResult | null
  last_result_at: string | null
}

export async function listSubscriptions(db: D1Database, userId: string): Promise<SubscriptionRow[]> {
  const { results } = await db
    .prepare('SELECT kind, template_id, allowance, enabled, last_result, last_result_at FROM reminder_subscriptions WHERE user_id = ?1')
    .bind(userId)
    .all<SubscriptionRow>()
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
          `INSERT INTO reminder_subscriptions (user_id, kind, template_id, allowance, enabled, last_result, last_result_at, updated_at)
           VALUES (?1, ?2, ?3, CASE WHEN ?4 = 'accept' THEN 1 ELSE 0 END, 1, ?4, ?5, ?5)
           ON CONFLICT (user_id, kind) DO UPDATE SET
             template_id = excluded.template_id,
             allowance = CASE
               WHEN ?4 = 'accept' THEN CASE WHEN reminder_subscriptions.template_id = excluded.template_id THEN reminder_subscriptions.allowance + 1 ELSE 1 END
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
export async function setSubscriptionEnabled(db: D1Database, userId: string, kind: ReminderKind, templateId: string, enabled: boolean, now: string): Promise<void> {
  await db
    .prepare(
      `INSERT INTO reminder_subscriptions (user_id, kind, template_id, allowance, enabled, updated_at) VALUES (?1, ?2, ?3, 0, ?4, ?5)
       ON CONFLICT (user_id, kind) DO UPDATE SET enabled = ?4, updated_at = ?5`,
    )
    .bind(userId, kind, templateId, enabled ? 1 : 0, now)
    .run()
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
  const payload = JSON.stringify(rows.map((r) => [r.key, r.userId, r.kind, r.year, r.offset, r.campaignId, r.dataJson, r.page, r.status]))
  await db
    .prepare(
      `INSERT OR IGNORE INTO reminder_deliveries (key, user_id, kind, year, offset, campaign_id, data_json, page, status, last_error, created_at_ms, updated_at_ms)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8,
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
  return results.map((r) => r.key)
}

export interface DeliveryRow {
  key: string
  user_id: string
  kind: ReminderKind
  status: DeliveryStatus
  attempts: number
  allowance_taken: number
  lease_until_ms: number
  data_json: string
  page: string
  openid: string
  template_id: string | null
}

export async function loadDeliveries(db: D1Database, keys: readonly string[]): Promise<Map<string, DeliveryRow>> {
  if (keys.length === 0) return new Map()
  const { results } = await db
    .prepare(
      `SELECT d.key, d.user_id, d.kind, d.status, d.attempts, d.allowance_taken, d.lease_until_ms, d.data_json, d.page, u.openid, s.template_id
       FROM reminder_deliveries d JOIN users u ON u.id = d.user_id
       LEFT JOIN reminder_subscriptions s ON s.user_id = d.user_id AND s.kind = d.kind
       WHERE d.key IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(keys))
    .all<DeliveryRow>()
  return new Map(results.map((r) => [r.key, r]))
}

export interface Claim {
  key: string
  userId: string
  kind: ReminderKind
  leaseUntilMs: number
}

export interface ClaimResult {
  /** this consumer owns the attempt */
  owned: boolean
  /** an allowance is (now or from an earlier attempt) held for this message */
  allowance: boolean
  attempts: number
}

const CLAIMABLE = `(status IN ('queued', 'retrying', 'deferred') OR (status = 'sending' AND lease_until_ms < ?3))`

/**
 * Takes ownership of each delivery's next attempt and, the first time, one allowance — in one transaction, in
 * one round trip. Ownership is a lease: a second copy of the same queue message finds the row `sending` and
 * backs off; a consumer that died leaves a lease that runs out. Deliveries whose resident appears once for the
 * kind (nearly all) are claimed set-based; the rare resident with two of the same kind is claimed row by row,
 * so each takes its own allowance.
 */
export async function claimDeliveries(db: D1Database, claims: readonly Claim[], nowMs: number, now: string): Promise<Map<string, ClaimResult>> {
  if (claims.length === 0) return new Map()
  const perResident = new Map<string, number>()
  for (const c of claims) perResident.set(`${c.userId}|${c.kind}`, (perResident.get(`${c.userId}|${c.kind}`) ?? 0) + 1)
  const single = claims.filter((c) => perResident.get(`${c.userId}|${c.kind}`) === 1)
  const shared = claims.filter((c) => perResident.get(`${c.userId}|${c.kind}`) !== 1)
  const token = crypto.randomUUID()
  const lease = claims[0]?.leaseUntilMs ?? nowMs
  const statements = [
    db
      .prepare(
        `UPDATE reminder_deliveries SET status = 'sending', attempts = attempts + 1, lease_until_ms = ?2, updated_at_ms = ?3, claim_token = ?4
         WHERE key IN (SELECT value FROM json_each(?1)) AND ${CLAIMABLE}`,
      )
      .bind(JSON.stringify(single.map((c) => c.key)), lease, nowMs, token),
    // 2 marks "taken by this claim" until the subscriptions are decremented, then becomes 1.
    db
      .prepare(
        `UPDATE reminder_deliveries SET allowance_taken = 2 WHERE claim_token = ?1 AND allowance_taken = 0
           AND EXISTS (SELECT 1 FROM reminder_subscriptions s WHERE s.user_id = reminder_deliveries.user_id AND s.kind = reminder_deliveries.kind AND s.allowance > 0 AND s.enabled = 1)`,
      )
      .bind(token),
    db
      .prepare(
        `UPDATE reminder_subscriptions SET allowance = allowance - 1, updated_at = ?2
         WHERE (user_id, kind) IN (SELECT user_id, kind FROM reminder_deliveries WHERE claim_token = ?1 AND allowance_taken = 2)`,
      )
      .bind(token, now),
    db.prepare('UPDATE reminder_deliveries SET allowance_taken = 1 WHERE claim_token = ?1 AND allowance_taken = 2').bind(token),
    db.prepare(`SELECT key, allowance_taken, attempts FROM reminder_deliveries WHERE claim_token = ?1 AND status = 'sending' AND lease_until_ms = ?2`).bind(token, lease),
    ...shared.flatMap((c) => [
      db
        .prepare(`UPDATE reminder_deliveries SET status = 'sending', attempts = attempts + 1, lease_until_ms = ?2, updated_at_ms = ?3, claim_token = ?4 WHERE key = ?1 AND ${CLAIMABLE}`)
        .bind(c.key, c.leaseUntilMs, nowMs, `${token}:${c.key}`),
      // changes() is the previous statement's: the allowance is taken only by the owner, only once.
      db
        .prepare(
          `UPDATE reminder_subscriptions SET allowance = allowance - 1, updated_at = ?4
           WHERE changes() = 1 AND user_id = ?2 AND kind = ?3 AND allowance > 0 AND enabled = 1
             AND (SELECT allowance_taken FROM reminder_deliveries WHERE key = ?1) = 0`,
        )
        .bind(c.key, c.userId, c.kind, now),
      db.prepare('UPDATE reminder_deliveries SET allowance_taken = 1 WHERE changes() = 1 AND key = ?1').bind(c.key),
      db.prepare(`SELECT key, allowance_taken, attempts FROM reminder_deliveries WHERE key = ?1 AND status = 'sending' AND claim_token = ?2`).bind(c.key, `${token}:${c.key}`),
    ]),
  ]
  const results = await db.batch(statements)
  const owned = new Map<string, { allowance_taken: number; attempts: number }>()
  const reads = [results[4], ...shared.map((_, i) => results[5 + i * 4 + 3])]
  for (const read of reads) for (const row of (read?.results ?? []) as { key: string; allowance_taken: number; attempts: number }[]) owned.set(row.key, row)
  const out = new Map<string, ClaimResult>()
  for (const c of claims) {
    const row = owned.get(c.key)
    out.set(c.key, { owned: row !== undefined, allowance: row?.allowance_taken === 1, attempts: row?.attempts ?? 0 })
  }
  return out
}

export type Outcome =
  | { key: string; status: 'sent' }
  /** 43101, or no allowance at send time: the allowance (if any) is gone on WeChat's side too */
  | { key: string; status: 'skipped'; error: string; userId: string; kind: ReminderKind; clearAllowance: boolean }
  /** final: the allowance goes back, WeChat did not use it */
  | { key: string; status: 'failed'; error: string; userId: string; kind: ReminderKind; giveBack: boolean }
  | { key: string; status: 'retrying'; error: string }
  | { key: string; status: 'deferred' }

/** The outcomes of one consumer batch, in one transaction. Only the owner's lease may finish a row. */
export async function finishDeliveries(db: D1Database, outcomes: readonly Outcome[], nowMs: number, now: string): Promise<void> {
  if (outcomes.length === 0) return
  // The common outcome, sent, in one statement; the rest row by row (they also touch allowances).
  const sent = outcomes.filter((o) => o.status === 'sent').map((o) => o.key)
  const others = outcomes.filter((o) => o.status !== 'sent')
  const sentStatement = db
    .prepare(
      `UPDATE reminder_deliveries SET status = 'sent', last_error = NULL, updated_at_ms = ?2, lease_until_ms = 0, sent_at_ms = ?2
       WHERE key IN (SELECT value FROM json_each(?1)) AND status IN ('queued', 'sending', 'retrying', 'deferred')`,
    )
    .bind(JSON.stringify(sent), nowMs)
  const statements = others.flatMap((o) => {
    const base = db.prepare(
      `UPDATE reminder_deliveries SET status = ?2, last_error = ?3, updated_at_ms = ?4, lease_until_ms = 0,
         sent_at_ms = CASE WHEN ?2 = 'sent' THEN ?4 ELSE sent_at_ms END
       WHERE key = ?1 AND status IN ('queued', 'sending', 'retrying', 'deferred')`,
    ).bind(o.key, o.status, 'error' in o ? o.error.slice(0, 200) : null, nowMs)
    if (o.status === 'skipped' && o.clearAllowance) {
      return [base, db.prepare('UPDATE reminder_subscriptions SET allowance = 0, last_result = NULL, updated_at = ?3 WHERE user_id = ?1 AND kind = ?2').bind(o.userId, o.kind, now)]
    }
    if (o.status === 'failed' && o.giveBack) {
      return [
        base,
        db.prepare('UPDATE reminder_subscriptions SET allowance = allowance + 1, updated_at = ?3 WHERE changes() = 1 AND user_id = ?1 AND kind = ?2').bind(o.userId, o.kind, now),
      ]
    }
    return [base]
  })
  await db.batch(sent.length > 0 ? [sentStatement, ...statements] : statements)
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
  return results.map((r) => r.key)
}
