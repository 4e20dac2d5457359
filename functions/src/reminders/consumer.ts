import { isQuietHour, nextSendableMs } from '@canbao/shared/reminders/quiet-hours'
import type { Env } from '../env'
import { failCampaignPlanning } from '../db/campaigns'
import {
  claimDeliveries,
  finishDeliveries,
  loadDeliveries,
  ownedBy,
  type DeliveryRow,
  type Outcome,
} from '../db/reminders'
import { nowMs } from '../lib/clock'
import { describeError, log } from '../lib/log'
import { WeChatError, wechatFromEnv } from '../wechat'
import type { WeChatApi } from '../wechat/types'
import { MAX_SEND_ATTEMPTS, backoffSeconds } from './config'
import {
  enqueueMessages,
  isReminderMessage,
  keyMessages,
  keysOf,
  type QueueLike,
  type ReminderMessage,
} from './messages'
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

/** How long one attempt owns its deliveries. */
const LEASE_MS = 60_000
/**
 * The longest one send can take — every step at its 5 s timeout: the token, the send, a renewal that asks twice,
 * the resend. No send starts with less than this left of the lease, so none is still under way when another
 * consumer may take the delivery over.
 */
const SEND_MAX_MS = 25_000
/** The queue delays a message by at most 12 hours; quiet hours last 11. */
const MAX_DELAY_SECONDS = 12 * 60 * 60
/**
 * Keys claimed, sent and recorded together: each group costs two D1 round trips whatever its size, and a
 * consumer that dies mid-group leaves at most this many deliveries waiting for their lease to run out.
 */
const GROUP_KEYS = 1000
/**
 * Sends in flight at once. Production allows six open connections per invocation and queues the rest; the
 * extra requests keep them busy while answers are parsed and outcomes recorded.
 */
const SEND_CONCURRENCY = 24
/** Tries of the write that records outcomes: after sends, a lost write means those residents are sent again. */
const FINISH_TRIES = 3

const isoOf = (ms: number) => new Date(ms).toISOString()

type Verdict =
  | { kind: 'sent' }
  | { kind: 'refused'; error: string }
  | { kind: 'final'; error: string }
  | { kind: 'retry'; error: string }

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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Keys to queue again, by delay: one message per hundred keys that wait equally long. */
class Later {
  private byDelay = new Map<number, string[]>()
  add(delaySeconds: number, key: string) {
    const delay = Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds))
    const keys = this.byDelay.get(delay)
    if (keys) keys.push(key)
    else this.byDelay.set(delay, [key])
  }
  messages(): { body: ReminderMessage; delaySeconds: number }[] {
    return [...this.byDelay].flatMap(([delaySeconds, keys]) =>
      keyMessages(keys).map((body) => ({ body, delaySeconds })),
    )
  }
}

interface SendMessage {
  message: MessageLike
  keys: readonly string[]
}

/** What the groups of one invocation share: the WeChat adapter and its token, created on the first send. */
class Sender {
  private api: WeChatApi | undefined
  private tokens: TokenCache | undefined
  constructor(
    readonly env: Env,
    readonly queue: QueueLike,
    private readonly deps: ConsumerDeps,
  ) {}

  /** A campaign's rows share one message text: parsed once, not once per resident. */
  private lastData: { json: string; data: Record<string, { value: string }> } | undefined
  private dataOf(json: string): Record<string, { value: string }> {
    if (this.lastData?.json !== json)
      this.lastData = { json, data: JSON.parse(json) as Record<string, { value: string }> }
    return this.lastData.data
  }

  /** Never bypassed with real WeChat: only a local benchmark may send at night, to the fake. */
  quiet(now: number): boolean {
    return isQuietHour(now) && !(this.env.WECHAT_MODE === 'fake' && this.env.REMINDERS_IGNORE_QUIET_HOURS === '1')
  }

  async send(row: DeliveryRow): Promise<void> {
    this.api ??= this.deps.api ?? wechatFromEnv(this.env)
    this.tokens ??= this.deps.tokens ?? new TokenCache(this.env, this.api)
    const message = {
      touser: row.openid,
      templateId: row.templateId as string,
      page: row.page,
      data: this.dataOf(row.dataJson),
    }
    const token = await this.tokens.get()
    try {
      await this.api.sendSubscribeMessage(token, message)
    } catch (err) {
      if (!(err instanceof WeChatError) || err.kind !== 'token-invalid') throw err
      await this.api.sendSubscribeMessage(await this.tokens.renew(token), message)
    }
  }
}

/**
 * One batch of the reminders queue. Exactly once from the resident's view over at-least-once delivery: each
 * delivery row (keyed by idempotency key) was written before its key was queued; an attempt first takes a
 * lease on it and one allowance in one transaction, then sends, then records the outcome. A second copy of a
 * message finds the row sent, or leased, and sends nothing.
 *
 * A message carries up to a hundred keys. Its keys are settled one by one: sent, skipped and final failures
 * are recorded; keys that need another try go back on the queue in a new, delayed message, so a retry never
 * repeats the sends that succeeded. The message is acknowledged once all of that is written; if any of it
 * fails, the message comes again and finds its finished keys finished.
 */
export async function consumeReminders(
  messages: readonly MessageLike[],
  env: Env,
  deps: ConsumerDeps = {},
): Promise<void> {
  const queue = deps.queue ?? env.REMINDERS
  const plans: { message: MessageLike; campaignId: string }[] = []
  const sends: SendMessage[] = []
  for (const message of messages) {
    const body = message.body
    if (!isReminderMessage(body)) message.ack()
    else if (body.t === 'plan') plans.push({ message, campaignId: body.campaignId })
    else sends.push({ message, keys: keysOf(body) })
  }
  // Planning is mostly D1 work and sending mostly waits for WeChat: they overlap.
  await Promise.all([planAll(env, queue, plans), sendAll(new Sender(env, queue, deps), sends)])
}

async function planAll(
  env: Env,
  queue: QueueLike,
  plans: readonly { message: MessageLike; campaignId: string }[],
): Promise<void> {
  for (const { message, campaignId } of plans) {
    try {
      await planCampaignStep(env, queue, campaignId)
      message.ack()
    } catch (err) {
      log.error('campaign_plan_failed', { campaign: campaignId, attempt: message.attempts, error: describeError(err) })
      message.retry({ delaySeconds: backoffSeconds(message.attempts) })
    }
  }
}

/** Whole messages into groups of about GROUP_KEYS keys, so a failing group sends back only its own messages. */
function groupsOf(sends: readonly SendMessage[]): SendMessage[][] {
  const groups: SendMessage[][] = []
  let group: SendMessage[] = []
  let size = 0
  for (const send of sends) {
    if (group.length > 0 && size + send.keys.length > GROUP_KEYS) {
      groups.push(group)
      group = []
      size = 0
    }
    group.push(send)
    size += send.keys.length
  }
  if (group.length > 0) groups.push(group)
  return groups
}

async function sendAll(sender: Sender, sends: readonly SendMessage[]): Promise<void> {
  // A key twice in one batch (at-least-once delivery) is worked on once; the copy's message is settled with it.
  const seen = new Set<string>()
  for (const group of groupsOf(sends)) {
    const keys: string[] = []
    for (const { keys: ks } of group) {
      for (const key of ks) {
        if (seen.has(key)) continue
        seen.add(key)
        keys.push(key)
      }
    }
    try {
      await sendGroup(sender, keys)
      for (const { message } of group) message.ack()
    } catch (err) {
      log.error('reminder_group_failed', { keys: keys.length, error: describeError(err) })
      for (const { message } of group) message.retry({ delaySeconds: backoffSeconds(message.attempts) })
    }
  }
}

async function sendGroup(sender: Sender, keys: readonly string[]): Promise<void> {
  const { env, queue } = sender
  const now = nowMs()
  const later = new Later()
  if (sender.quiet(now)) {
    // Nothing is claimed at night: open deliveries are marked deferred, then queued again for 08:00.
    const rows = await loadDeliveries(env.DB, keys)
    const deferred: Outcome[] = []
    for (const row of rows.values()) {
      if (row.status === 'sent' || row.status === 'failed' || row.status === 'skipped') continue
      if (row.status === 'sending' && row.leaseUntilMs >= now) later.add(leaseLeftSeconds(row, now), row.key)
      else {
        deferred.push({ key: row.key, status: 'deferred' })
        later.add(Math.ceil((nextSendableMs(now) - now) / 1000), row.key)
      }
    }
    // Deferral is recorded before the delayed copy is queued, and the message acked only after both.
    if (deferred.length > 0) await finishDeliveries(env.DB, deferred, now, isoOf(now))
    await enqueueMessages(queue, later.messages())
    return
  }

  const leaseUntilMs = now + LEASE_MS
  const claim = await claimDeliveries(env.DB, keys, leaseUntilMs, now, isoOf(now))
  const outcomes: Outcome[] = []
  const toSend: { row: DeliveryRow; token: string }[] = []
  for (const row of claim.rows.values()) {
    if (!ownedBy(claim, row)) {
      // Held by another consumer: look again when its lease runs out, in case it died. Anything else is finished.
      if (row.status === 'sending' && row.leaseUntilMs >= now) later.add(leaseLeftSeconds(row, now), row.key)
      continue
    }
    if (row.allowanceTaken !== 1 || row.templateId === null)
      outcomes.push({
        key: row.key,
        status: 'skipped',
        error: 'no_allowance',
        token: claim.token,
        clearAllowance: false,
      })
    else toSend.push({ row, token: claim.token })
  }

  const retries = new Map<number, string[]>()
  const startBy = leaseUntilMs - SEND_MAX_MS
  await pool(toSend, SEND_CONCURRENCY, async ({ row, token }) => {
    const key = row.key
    if (nowMs() > startBy) {
      // Too late to start inside the lease: given back untouched, for the next consumer.
      outcomes.push({ key, status: 'released', token })
      later.add(1, key)
      return
    }
    let verdict: Verdict
    try {
      await sender.send(row)
      verdict = { kind: 'sent' }
    } catch (err) {
      verdict = classify(err)
    }
    if (verdict.kind === 'sent') outcomes.push({ key, status: 'sent', token })
    else if (verdict.kind === 'refused')
      outcomes.push({ key, status: 'skipped', error: verdict.error, token, clearAllowance: true })
    else if (verdict.kind === 'final' || row.attempts >= MAX_SEND_ATTEMPTS) {
      outcomes.push({ key, status: 'failed', error: verdict.error, token })
      log.warn('reminder_failed', { key, attempts: row.attempts, error: verdict.error })
    } else {
      outcomes.push({ key, status: 'retrying', error: verdict.error, token })
      const same = retries.get(row.attempts)
      if (same) same.push(key)
      else retries.set(row.attempts, [key])
    }
  })
  await finishWithTries(env, outcomes)
  // One backoff per message of keys on the same attempt: jitter still spreads the messages apart.
  const retryMessages = [...retries].flatMap(([attempts, ks]) =>
    keyMessages(ks).map((body) => ({ body, delaySeconds: backoffSeconds(attempts) })),
  )
  await enqueueMessages(queue, [...retryMessages, ...later.messages()])
}

const leaseLeftSeconds = (row: DeliveryRow, now: number) => Math.ceil((row.leaseUntilMs - now) / 1000) + 1

async function finishWithTries(env: Env, outcomes: readonly Outcome[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const at = nowMs()
      await finishDeliveries(env.DB, outcomes, at, isoOf(at))
      return
    } catch (err) {
      if (attempt >= FINISH_TRIES) throw err
      log.warn('reminder_finish_retry', { attempt, error: describeError(err) })
      await pause(250 * attempt)
    }
  }
}

/**
 * The dead-letter queue: messages whose batch kept failing. A delivery that never finished is counted as
 * failed (and its allowance given back) so the office sees it instead of a number that never moves; one that
 * a live consumer holds is left to it. A campaign whose planning message died ends `failed`, not "planning"
 * forever: the office sees why, and what was planned so far is still sent.
 */
export async function consumeDeadLetters(messages: readonly MessageLike[], env: Env): Promise<void> {
  const bodies = messages.map((m) => m.body).filter(isReminderMessage)
  const keys = [...new Set(bodies.flatMap(keysOf))]
  const now = nowMs()
  for (let i = 0; i < keys.length; i += GROUP_KEYS) {
    const chunk = keys.slice(i, i + GROUP_KEYS)
    await finishDeliveries(
      env.DB,
      chunk.map((key) => ({ key, status: 'failed', error: 'dead_letter', token: null })),
      now,
      isoOf(now),
    )
  }
  if (keys.length > 0) log.error('reminder_dead_letter', { keys: keys.length })
  for (const campaignId of new Set(bodies.flatMap((b) => (b.t === 'plan' ? [b.campaignId] : [])))) {
    if (await failCampaignPlanning(env.DB, campaignId, 'planning_stopped'))
      log.error('campaign_plan_dead_letter', { campaign: campaignId })
  }
  for (const m of messages) m.ack()
}
