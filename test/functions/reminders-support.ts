/**
 * Test doubles for the reminder pipeline: an in-memory queue with Cloudflare Queues' delivery rules (delays,
 * retries, max_retries then the dead-letter queue, and at-least-once: a batch's acks can be lost), a virtual
 * clock the consumer sees through Date, and bulk residents written straight into D1.
 */
import { env } from 'cloudflare:workers'
import { vi } from 'vitest'
import handler from '../../functions/src/index'
import { createFakeWeChat } from '../../functions/fakes/wechat/app'
import { WeChatHttpClient } from '../../functions/src/wechat/http-client'
import {
  consumeDeadLetters,
  consumeReminders,
  type ConsumerDeps,
  type MessageLike,
} from '../../functions/src/reminders/consumer'
import type { QueueLike, ReminderMessage } from '../../functions/src/reminders/messages'
import { BASE } from './helpers'

interface Queued {
  id: number
  body: ReminderMessage
  attempts: number
  visibleAtMs: number
}

/** wrangler.toml: max_batch_size and max_retries of the reminders consumer. */
const BATCH = 50
const MAX_RETRIES = 12
/** Cloudflare Queues: 128 KB a message, 256 KB a sendBatch call. */
const MESSAGE_BYTES = 128_000
const SEND_BATCH_BYTES = 256_000

export class MemQueue implements QueueLike {
  pending: Queued[] = []
  dead: Queued[] = []
  sentTotal = 0
  private ids = 0
  constructor(private readonly clock: () => number) {}

  async metrics() {
    return {
      backlogCount: this.pending.length,
      backlogBytes: this.pending.reduce((n, m) => n + JSON.stringify(m.body).length, 0),
    }
  }

  async send(body: ReminderMessage, options: { delaySeconds?: number } = {}) {
    this.sentTotal += 1
    this.pending.push({
      id: ++this.ids,
      body,
      attempts: 1,
      visibleAtMs: this.clock() + (options.delaySeconds ?? 0) * 1000,
    })
    return { metadata: { metrics: await this.metrics() } }
  }

  async sendBatch(messages: Iterable<{ body: ReminderMessage; delaySeconds?: number }>) {
    const list = [...messages]
    if (list.length > 100) throw new Error(`sendBatch of ${list.length} messages: Queues allow 100`)
    const sizes = list.map((m) => JSON.stringify(m.body).length)
    if (sizes.some((n) => n > MESSAGE_BYTES)) throw new Error('a message over 128 KB: Queues refuse it')
    if (sizes.reduce((a, b) => a + b, 0) > SEND_BATCH_BYTES)
      throw new Error('a sendBatch over 256 KB: Queues refuse it')
    for (const m of list) await this.send(m.body, { delaySeconds: m.delaySeconds })
    return { metadata: { metrics: await this.metrics() } }
  }
}

export interface DrainOptions {
  deps?: ConsumerDeps
  /** share of batches whose acks are lost after the consumer ran: every message comes again */
  lostAckRate?: number
  random?: () => number
  /** stop after this many batches (a runaway loop fails the test instead of hanging it) */
  maxBatches?: number
}

/** Virtual time: Date moves, timers do not (fetch timeouts stay real). */
export class VirtualClock {
  constructor(public nowMs: number) {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(nowMs)
  }
  advanceTo(ms: number) {
    if (ms > this.nowMs) this.nowMs = ms
    vi.setSystemTime(this.nowMs)
  }
  stop() {
    vi.useRealTimers()
  }
}

/** Delivers every message as the Queues runtime would, advancing the clock to each delayed one. */
export async function drain(queue: MemQueue, clock: VirtualClock, options: DrainOptions = {}) {
  const random = options.random ?? Math.random
  let batches = 0
  while (queue.pending.length > 0) {
    if (++batches > (options.maxBatches ?? 10_000)) throw new Error('queue did not drain')
    queue.pending.sort((a, b) => a.visibleAtMs - b.visibleAtMs || a.id - b.id)
    clock.advanceTo((queue.pending[0] as Queued).visibleAtMs)
    const ready = queue.pending.filter((m) => m.visibleAtMs <= clock.nowMs).slice(0, BATCH)
    const taken = new Set(ready.map((m) => m.id))
    queue.pending = queue.pending.filter((m) => !taken.has(m.id))
    const settled = new Map<number, { kind: 'ack' } | { kind: 'retry'; delaySeconds: number }>()
    const messages: MessageLike[] = ready.map((m) => ({
      body: m.body,
      attempts: m.attempts,
      ack: () => void settled.set(m.id, { kind: 'ack' }),
      retry: (o?: { delaySeconds?: number }) =>
        void settled.set(m.id, { kind: 'retry', delaySeconds: o?.delaySeconds ?? 0 }),
    }))
    let threw = false
    try {
      await consumeReminders(messages, env, options.deps)
    } catch {
      threw = true
    }
    const lostAcks = !threw && random() < (options.lostAckRate ?? 0)
    for (const m of ready) {
      const s = settled.get(m.id)
      if (s?.kind === 'ack' && !lostAcks) continue
      const delaySeconds = s?.kind === 'retry' ? s.delaySeconds : 1
      if (m.attempts > MAX_RETRIES) queue.dead.push(m)
      else queue.pending.push({ ...m, attempts: m.attempts + 1, visibleAtMs: clock.nowMs + delaySeconds * 1000 })
    }
    if (queue.dead.length > 0) {
      const dead = queue.dead.splice(0)
      await consumeDeadLetters(
        dead.map((m) => ({ body: m.body, attempts: m.attempts, ack() {}, retry() {} })),
        env,
      )
    }
  }
  return { batches }
}

/** A private fake WeChat in this isolate (chaos on the shared one would reach other test files). */
export function privateWeChat(timeoutMs = 40) {
  const fake = createFakeWeChat({ appid: env.WECHAT_APPID, secret: env.WECHAT_SECRET ?? '' })
  // The fake's app ignores abort signals; the network would not: a late answer is a timeout.
  const fetch = (url: string, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init?.signal
      signal?.addEventListener('abort', () => reject(signal.reason ?? new DOMException('timeout', 'TimeoutError')))
      Promise.resolve(fake.fetch(new Request(url, init))).then(resolve, reject)
    })
  const api = new WeChatHttpClient({
    baseUrl: 'http://wechat.private',
    appid: env.WECHAT_APPID,
    secret: env.WECHAT_SECRET ?? '',
    fetch,
    timeoutMs,
  })
  const admin = async (method: string, path: string, body?: unknown) =>
    (
      await fake.fetch(
        new Request(`http://wechat.private/__admin/${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      )
    ).json() as Promise<any>
  return { fake, api, admin }
}

export interface SeededResident {
  userId: string
  openid: string
}

/**
 * Residents written straight into D1 (the API would take minutes for ten thousand): a user, a profile in the
 * region, and optionally allowances per reminder kind.
 */
export async function seedResidents(
  prefix: string,
  count: number,
  options: {
    province: string
    region: string | null
    allowances?: Record<string, number>
    paidYear?: number
    paidEvery?: number
  },
): Promise<SeededResident[]> {
  const residents: SeededResident[] = Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(6, '0')
    return { userId: `u_${prefix}_${n}`, openid: `o${prefix}${n}`.padEnd(28, 'x').slice(0, 28) }
  })
  const now = new Date().toISOString()
  for (let i = 0; i < residents.length; i += 2000) {
    const chunk = residents.slice(i, i + 2000)
    const json = JSON.stringify(chunk.map((r, j) => [r.userId, r.openid, i + j]))
    const statements = [
      env.DB.prepare(
        `INSERT INTO users (id, openid, created_at, last_login_at)
         SELECT j.value ->> 0, j.value ->> 1, ?2, ?2 FROM json_each(?1) j`,
      ).bind(json, now),
      env.DB.prepare(
        `INSERT INTO profiles (user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at)
         SELECT j.value ->> 0, '测试', 'x', 'h_' || (j.value ->> 0), '5101**********0000', '1990-01-01', ?2, ?3, ?4
         FROM json_each(?1) j`,
      ).bind(json, options.province, options.region, now),
    ]
    for (const [kind, allowance] of Object.entries(options.allowances ?? {})) {
      statements.push(
        env.DB.prepare(
          `INSERT INTO reminder_subscriptions (user_id, kind, template_id, allowance, enabled, last_result,
             last_result_at, updated_at)
           SELECT j.value ->> 0, ?2, ?3, ?4, 1, 'accept', ?5, ?5 FROM json_each(?1) j`,
        ).bind(json, kind, `dev-tpl-${kind.replace(/_/g, '-')}`, allowance, now),
      )
    }
    if (options.paidYear !== undefined) {
      statements.push(
        env.DB.prepare(
          `INSERT INTO self_records (user_id, year, scheme, paid_on)
           SELECT j.value ->> 0, ?2, 'resident', NULL FROM json_each(?1) j WHERE (j.value ->> 2) % ?3 = 0`,
        ).bind(json, options.paidYear, options.paidEvery ?? 1),
      )
    }
    await env.DB.batch(statements)
  }
  return residents
}

const context = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext

/** The Worker's fetch with the queue binding swapped for a MemQueue: nothing reaches the real queue. */
export async function callWithQueue(
  queue: QueueLike,
  method: string,
  path: string,
  options: { token?: string; json?: unknown } = {},
) {
  const headers = new Headers()
  if (options.token) headers.set('authorization', `Bearer ${options.token}`)
  if (options.json !== undefined) headers.set('content-type', 'application/json')
  const request = new Request(`${BASE}${path}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  })
  return handler.fetch(request as never, { ...env, REMINDERS: queue } as never, context)
}

/** 09:30 Beijing time on a date: inside sending hours. */
export const beijing = (date: string, time = '09:30') => Date.parse(`${date}T${time}:00+08:00`)
