import { isQuietHour, nextSendableMs } from '@canbao/shared/reminders/quiet-hours'
import type { Env } from '../env'
import { claimDeliveries, finishDeliveries, loadDeliveries, type Claim, type DeliveryRow, type Outcome } from '../db/reminders'
import { nowMs } from '../lib/clock'
import { describeError, log } from '../lib/log'
import { WeChatError, wechatFromEnv } from '../wechat'
import type { WeChatApi } from '../wechat/types'
import { MAX_SEND_ATTEMPTS, backoffSeconds } from './config'
import { isReminderMessage, type QueueLike, type ReminderMessage } from './messages'
import { planCampaignStep } from './planner'
import { TokenCache } from './token-cache'

/** The part of a queue message the consumer uses (Cloudflare's Message, or a test's stand-in). */
export interface MessageLike {
  readonly body: unknown
  readonly attempts: number
  ack(): void
  retry(options?: { delaySeconds?: number }): void
}

export interface ConsumerDeps {
  api?: WeChatApi
  queue?: QueueLike
  tokens?: TokenCache
}

/** How long one attempt owns a delivery: far beyond a send (5 s timeout, one token renewal). */
const LEASE_MS = 60_000
/** The queue delays a message by at most 12 hours; quiet hours last 11. */
const MAX_DELAY_SECONDS = 12 * 60 * 60
/** Sends in flight at once in one batch: the runtime opens six connections and queues the rest. */
const SEND_CONCURRENCY = 12

const isoOf = (ms: number) => new Date(ms).toISOString()

type Verdict = { kind: 'sent' } | { kind: 'refused'; error: string } | { kind: 'final'; error: string } | { kind: 'retry'; error: string }

function classify(err: unknown): Verdict {
  if (err instanceof WeChatError) {
    const error = `${err.kind}:${err.errcode ?? '-'}`
    if (err.kind === 'refused') return { kind: 'refused', error }
    // 40003/47003/41030/40037: the same message would fail again, whatever the delay.
    if (err.kind === 'bad-request') return { kind: 'final', error }
    return { kind: 'retry', error }
  }
  return { kind: 'retry', error: err instanceof Error ? err.name : 'error' }
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T)
  })
  await Promise.all(runners)
}

/**
 * One batch of the reminders queue. Exactly once from the resident's view over at-least-once delivery: the
 * delivery row (keyed by idempotency key) was written before the message was queued; an attempt first takes a
 * lease on it and one allowance in one transaction, then sends, then records the outcome. A second copy of a
 * message finds the row sent, or leased, and sends nothing.
 */
export async function consumeReminders(messages: readonly MessageLike[], env: Env, deps: ConsumerDeps = {}): Promise<void> {
  const queue = deps.queue ?? (env.REMINDERS as unknown as QueueLike)
  const sends: { message: MessageLike; key: string }[] = []
  for (const message of messages) {
    const body = message.body
    if (!isReminderMessage(body)) {
      message.ack()
      continue
    }
    if (body.t === 'plan') {
      try {
        await planCampaignStep(env, queue, body.campaignId)
        message.ack()
      } catch (err) {
        log.error('campaign_plan_failed', { campaign: body.campaignId, error: describeError(err) })
        message.retry({ delaySeconds: backoffSeconds(message.attempts) })
      }
      continue
    }
    sends.push({ message, key: body.key })
  }
  if (sends.length === 0) return

  const now = nowMs()
  // Never bypassed with real WeChat: only a local benchmark may send at night, to the fake.
  const quiet = isQuietHour(now) && !(env.WECHAT_MODE === 'fake' && env.REMINDERS_IGNORE_QUIET_HOURS === '1')
  const rows = await loadDeliveries(env.DB, [...new Set(sends.map((s) => s.key))])
  const seen = new Set<string>()
  const claims: Claim[] = []
  const claimed: { message: MessageLike; row: DeliveryRow }[] = []
  const deferred: Outcome[] = []
  const later: { body: ReminderMessage; delaySeconds: number }[] = []
  const ackAfterWrite: MessageLike[] = []

  for (const { message, key } of sends) {
    const row = rows.get(key)
    // Unknown, finished, or a second copy inside this very batch: nothing to send.
    if (!row || row.status === 'sent' || row.status === 'failed' || row.status === 'skipped' || seen.has(key)) {
      message.ack()
      continue
    }
    seen.add(key)
    if (row.status === 'sending' && row.lease_until_ms >= now) {
      // Another consumer is on it; look again when its lease runs out, in case it died.
      later.push({ body: { t: 'send', key }, delaySeconds: Math.ceil((row.lease_until_ms - now) / 1000) + 1 })
      ackAfterWrite.push(message)
      continue
    }
    if (quiet) {
      const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.ceil((nextSendableMs(now) - now) / 1000))
      deferred.push({ key, status: 'deferred' })
      later.push({ body: { t: 'send', key }, delaySeconds })
      ackAfterWrite.push(message)
      continue
    }
    claims.push({ key, userId: row.user_id, kind: row.kind, leaseUntilMs: now + LEASE_MS })
    claimed.push({ message, row })
  }

  // Deferral is recorded before the delayed copy is queued, and the original acked only after both.
  if (deferred.length > 0) await finishDeliveries(env.DB, deferred, now, isoOf(now))
  if (later.length > 0) await queue.sendBatch(later)
  for (const m of ackAfterWrite) m.ack()
  if (claims.length === 0) return

  const owned = await claimDeliveries(env.DB, claims, now, isoOf(now))
  const outcomes: Outcome[] = []
  const afterWrite: (() => void)[] = []
  const toSend: { message: MessageLike; row: DeliveryRow; attempts: number }[] = []
  for (const { message, row } of claimed) {
    const claim = owned.get(row.key)
    if (!claim?.owned) {
      // Lost the race to another copy, which now holds the lease.
      message.ack()
      continue
    }
    if (!claim.allowance || row.template_id === null) {
      outcomes.push({ key: row.key, status: 'skipped', error: 'no_allowance', userId: row.user_id, kind: row.kind, clearAllowance: false })
      afterWrite.push(() => message.ack())
      continue
    }
    toSend.push({ message, row, attempts: claim.attempts })
  }

  const api = deps.api ?? (toSend.length > 0 ? wechatFromEnv(env) : undefined)
  const tokens = deps.tokens ?? (api ? new TokenCache(env, api) : undefined)
  await pool(toSend, SEND_CONCURRENCY, async ({ message, row, attempts }) => {
    let verdict: Verdict
    try {
      await sendOne(api as WeChatApi, tokens as TokenCache, row)
      verdict = { kind: 'sent' }
    } catch (err) {
      verdict = classify(err)
    }
    const base = { key: row.key, userId: row.user_id, kind: row.kind }
    if (verdict.kind === 'sent') {
      outcomes.push({ key: row.key, status: 'sent' })
      afterWrite.push(() => message.ack())
    } else if (verdict.kind === 'refused') {
      outcomes.push({ ...base, status: 'skipped', error: verdict.error, clearAllowance: true })
      afterWrite.push(() => message.ack())
    } else if (verdict.kind === 'final' || attempts >= MAX_SEND_ATTEMPTS) {
      outcomes.push({ ...base, status: 'failed', error: verdict.error, giveBack: true })
      afterWrite.push(() => message.ack())
      log.warn('reminder_failed', { key: row.key, attempts, error: verdict.error })
    } else {
      outcomes.push({ key: row.key, status: 'retrying', error: verdict.error })
      afterWrite.push(() => message.retry({ delaySeconds: backoffSeconds(attempts) }))
    }
  })
  await finishDeliveries(env.DB, outcomes, nowMs(), isoOf(nowMs()))
  for (const settle of afterWrite) settle()
}

async function sendOne(api: WeChatApi, tokens: TokenCache, row: DeliveryRow): Promise<void> {
  const message = { touser: row.openid, templateId: row.template_id as string, page: row.page, data: JSON.parse(row.data_json) as Record<string, { value: string }> }
  const token = await tokens.get()
  try {
    await api.sendSubscribeMessage(token, message)
  } catch (err) {
    if (!(err instanceof WeChatError) || err.kind !== 'token-invalid') throw err
    await api.sendSubscribeMessage(await tokens.renew(token), message)
  }
}

/**
 * The dead-letter queue: messages whose batch kept throwing. A delivery that never finished is counted as
 * failed (and its allowance given back) so the office sees it instead of a number that never moves.
 */
export async function consumeDeadLetters(messages: readonly MessageLike[], env: Env): Promise<void> {
  const keys = messages.map((m) => m.body).filter(isReminderMessage).flatMap((b) => (b.t === 'send' ? [b.key] : []))
  const rows = await loadDeliveries(env.DB, keys)
  const now = nowMs()
  const outcomes: Outcome[] = []
  for (const row of rows.values()) {
    if (row.status === 'sent' || row.status === 'failed' || row.status === 'skipped') continue
    outcomes.push({ key: row.key, status: 'failed', error: 'dead_letter', userId: row.user_id, kind: row.kind, giveBack: row.allowance_taken === 1 })
    log.error('reminder_dead_letter', { key: row.key })
  }
  await finishDeliveries(env.DB, outcomes, now, isoOf(now))
  for (const m of messages) m.ack()
}

