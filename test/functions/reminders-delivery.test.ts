/**
 * Messages that carry many keys: a retry re-queues only the keys that need it, a message delivered again after
 * part of it was sent sends nothing twice, a planning message that dies leaves a visible, resumable campaign.
 */
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { consumeDeadLetters, consumeReminders, type MessageLike } from '../../functions/src/reminders/consumer'
import { insertDeliveries } from '../../functions/src/db/reminders'
import { TokenCache } from '../../functions/src/reminders/token-cache'
import type { ReminderMessage } from '../../functions/src/reminders/messages'
import type { WeChatApi } from '../../functions/src/wechat/types'
import { json, officeUser } from './helpers'
import {
  MemQueue,
  VirtualClock,
  beijing,
  callWithQueue,
  drain,
  privateWeChat,
  seedResidents,
  type SeededResident,
} from './reminders-support'

let clock: VirtualClock | null = null
afterEach(() => {
  clock?.stop()
  clock = null
  vi.restoreAllMocks()
})

/** The failures these tests cause on purpose are logged as errors: kept, for the tests that read them, not printed. */
const errorLog = () => {
  const lines: string[] = []
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)))
  return lines
}

/** Campaign deliveries queued straight into D1 for these residents, as a planner would have. */
async function plannedFor(residents: readonly SeededResident[], tag: string): Promise<string[]> {
  const rows = residents.map((r) => ({
    key: `${r.userId}:campaign:2027:${tag}`,
    userId: r.userId,
    kind: 'campaign' as const,
    year: 2027,
    offset: tag,
    campaignId: null,
    dataJson: JSON.stringify({ thing1: { value: '参保宣传' }, thing2: { value: '请按时缴费' } }),
    page: 'pages/index/index',
    status: 'queued' as const,
  }))
  await insertDeliveries(env.DB, rows, Date.now())
  return rows.map((r) => r.key)
}

/** A message as the runtime hands it over, remembering how the consumer settled it. */
function delivered(body: ReminderMessage, attempts = 1) {
  const settled: { how: 'ack' | 'retry' | null; delaySeconds?: number } = { how: null }
  const message: MessageLike = {
    body,
    attempts,
    ack: () => void Object.assign(settled, { how: 'ack' }),
    retry: (o) => void Object.assign(settled, { how: 'retry', delaySeconds: o?.delaySeconds }),
  }
  return { message, settled }
}

async function statuses(keys: readonly string[]) {
  const { results } = await env.DB.prepare(
    `SELECT key, status, attempts FROM reminder_deliveries WHERE key IN (SELECT value FROM json_each(?1))`,
  )
    .bind(JSON.stringify(keys))
    .all<{ key: string; status: string; attempts: number }>()
  return new Map(results.map((r) => [r.key, r]))
}

function perRecipient(messages: { touser: string }[]) {
  const counts = new Map<string, number>()
  for (const m of messages) counts.set(m.touser, (counts.get(m.touser) ?? 0) + 1)
  return counts
}

describe('a message of many keys', () => {
  it('sends what it can and queues again only the keys that need another try', async () => {
    clock = new VirtualClock(beijing('2026-09-05', '10:00'))
    const residents = await seedResidents('mk', 10, { province: '51', region: '510100', allowances: { campaign: 1 } })
    const keys = await plannedFor(residents, 'multi')
    const { api, admin } = privateWeChat(1000)
    await admin('POST', 'known-openids', { openids: residents.map((r) => r.openid) })
    const busy = residents.slice(0, 3)
    for (const r of busy) await admin('POST', 'faults', { api: 'subscribe_send', errcode: -1, code: r.openid })

    const queue = new MemQueue(() => clock!.nowMs)
    const deps = { api, queue, tokens: new TokenCache(env, api) }
    const { message, settled } = delivered({ t: 'sends', keys })
    await consumeReminders([message], env, deps)

    // The message is done with: its successes are recorded, its three failures travel on in a new message.
    expect(settled.how).toBe('ack')
    const first = (await admin('GET', 'messages')).messages as { touser: string }[]
    expect(first).toHaveLength(7)
    expect(queue.pending).toHaveLength(1)
    const again = queue.pending[0]!
    expect(again.body).toEqual({ t: 'sends', keys: keys.slice(0, 3) })
    // 10 s, give or take the jitter
    expect(again.visibleAtMs - clock.nowMs).toBeGreaterThanOrEqual(7_000)
    expect(again.visibleAtMs - clock.nowMs).toBeLessThanOrEqual(13_000)
    const mid = await statuses(keys)
    expect(keys.map((k) => mid.get(k)?.status)).toEqual([...Array(3).fill('retrying'), ...Array(7).fill('sent')])

    await drain(queue, clock, { deps })
    const all = (await admin('GET', 'messages')).messages as { touser: string }[]
    const counts = perRecipient(all)
    expect(residents.every((r) => counts.get(r.openid) === 1)).toBe(true)
    const end = await statuses(keys)
    expect(keys.every((k) => end.get(k)?.status === 'sent')).toBe(true)
    expect(busy.map((r) => end.get(`${r.userId}:campaign:2027:multi`)?.attempts)).toEqual([2, 2, 2])
  })

  it('sends nothing twice when the whole message comes again after part of it was sent', async () => {
    clock = new VirtualClock(beijing('2026-09-06', '10:00'))
    const residents = await seedResidents('rd', 12, { province: '51', region: '510100', allowances: { campaign: 1 } })
    const keys = await plannedFor(residents, 'again')
    const { api, admin } = privateWeChat(1000)
    await admin('POST', 'known-openids', { openids: residents.map((r) => r.openid) })
    for (const r of residents.slice(0, 4))
      await admin('POST', 'faults', { api: 'subscribe_send', errcode: -1, code: r.openid })

    // The queue refuses the retry message once: the consumer cannot finish the message, so it comes again.
    const queue = new MemQueue(() => clock!.nowMs)
    const refuse = { once: true }
    const flaky = {
      metrics: queue.metrics.bind(queue),
      send: queue.send.bind(queue),
      sendBatch: async (messages: Iterable<{ body: ReminderMessage; delaySeconds?: number }>) => {
        if (refuse.once) {
          refuse.once = false
          throw new Error('queue unavailable')
        }
        return queue.sendBatch(messages)
      },
    }
    const tokens = new TokenCache(env, api)
    const errors = errorLog()
    const first = delivered({ t: 'sends', keys })
    await consumeReminders([first.message], env, { api, queue: flaky, tokens })
    expect(first.settled.how).toBe('retry')
    expect(errors.some((l) => l.includes('reminder_group_failed'))).toBe(true)
    expect((await admin('GET', 'messages')).messages).toHaveLength(8)

    // The same message again (the runtime's retry), alongside a stray copy of it in the same batch.
    const second = delivered({ t: 'sends', keys }, 2)
    const copy = delivered({ t: 'sends', keys: keys.slice(2, 9) }, 1)
    await consumeReminders([second.message, copy.message], env, { api, queue: flaky, tokens })
    expect([second.settled.how, copy.settled.how]).toEqual(['ack', 'ack'])
    await drain(queue, clock, { deps: { api, queue, tokens } })

    const stats = await admin('GET', 'message-stats')
    expect(stats).toMatchObject({ total: 12, recipients: 12, duplicates: 0 })
    const end = await statuses(keys)
    expect(keys.every((k) => end.get(k)?.status === 'sent')).toBe(true)
    // Allowances were taken once each, never twice for a resident whose message was handled twice.
    const left = await env.DB.prepare(
      `SELECT SUM(allowance) AS n FROM reminder_subscriptions WHERE user_id LIKE 'u_rd_%' AND kind = 'campaign'`,
    ).first<{ n: number }>()
    expect(left?.n).toBe(0)
  })

  it('gives back deliveries it cannot start inside its lease, without counting an attempt', async () => {
    clock = new VirtualClock(beijing('2026-09-07', '10:00'))
    const residents = await seedResidents('ls', 40, { province: '51', region: '510100', allowances: { campaign: 1 } })
    const keys = await plannedFor(residents, 'lease')
    const { api, admin } = privateWeChat(1000)
    await admin('POST', 'known-openids', { openids: residents.map((r) => r.openid) })
    // WeChat hangs on the first sends long enough that the lease is nearly gone before the rest can start.
    let calls = 0
    const slow: WeChatApi = {
      code2Session: api.code2Session.bind(api),
      getStableAccessToken: api.getStableAccessToken.bind(api),
      sendSubscribeMessage: async (token, m) => {
        if (++calls === 1) clock!.advanceTo(clock!.nowMs + 50_000)
        return api.sendSubscribeMessage(token, m)
      },
    }
    const queue = new MemQueue(() => clock!.nowMs)
    const { message, settled } = delivered({ t: 'sends', keys })
    await consumeReminders([message], env, { api: slow, queue, tokens: new TokenCache(env, api) })
    expect(settled.how).toBe('ack')
    const mid = await statuses(keys)
    const released = keys.filter((k) => mid.get(k)?.status === 'retrying')
    expect(released.length).toBeGreaterThan(0)
    expect(released.every((k) => mid.get(k)?.attempts === 0)).toBe(true)
    expect((await admin('GET', 'messages')).messages).toHaveLength(keys.length - released.length)

    await drain(queue, clock, { deps: { api, queue, tokens: new TokenCache(env, api) } })
    expect(await admin('GET', 'message-stats')).toMatchObject({ total: 40, recipients: 40, duplicates: 0 })
  })
})

describe('a campaign whose planning message dies', () => {
  it('ends failed with a Chinese explanation, sends what it planned once resumed, and sends nobody twice', async () => {
    clock = new VirtualClock(beijing('2026-09-08', '10:00'))
    const office = await officeUser('dlq-office', '45', '450100')
    const residents = await seedResidents('dq', 30, { province: '45', region: '450100', allowances: { campaign: 1 } })
    const { api, admin } = privateWeChat(1000)
    await admin('POST', 'known-openids', { openids: residents.map((r) => r.openid) })

    // Queuing keys fails every time: the planning step never completes and its message reaches the dead-letter queue.
    const queue = new MemQueue(() => clock!.nowMs)
    const broken = {
      metrics: queue.metrics.bind(queue),
      send: queue.send.bind(queue),
      sendBatch: async () => {
        throw new Error('queue unavailable')
      },
    }
    const errors = errorLog()
    const created = await callWithQueue(queue, 'POST', '/api/campaigns', {
      token: office.token,
      json: {
        title: '全民参保集中宣传月',
        content: '2027年度居民医保开始缴费',
        deadline: '2026-12-31',
        audience: 'all',
      },
    })
    expect(created.status).toBe(202)
    const { campaign } = await json(created)
    await drain(queue, clock, { deps: { api, queue: broken, tokens: new TokenCache(env, api) } })
    expect(queue.dead).toHaveLength(0)
    expect(errors.filter((l) => l.includes('campaign_plan_failed'))).toHaveLength(13)
    expect(errors.some((l) => l.includes('campaign_plan_dead_letter'))).toBe(true)

    const failed = (
      await json(await callWithQueue(queue, 'GET', `/api/campaigns/${campaign.id}`, { token: office.token }))
    ).campaign
    expect(failed.status).toBe('failed')
    expect(failed.resumable).toBe(true)
    expect(failed.failureZh).toContain('继续发送')
    expect((await admin('GET', 'messages')).messages).toHaveLength(0)

    // The office resumes it: planning picks up where it stopped, and everyone hears once.
    const resumed = await callWithQueue(queue, 'POST', `/api/campaigns/${campaign.id}/resume`, { token: office.token })
    expect(resumed.status).toBe(202)
    expect((await json(resumed)).campaign.status).toBe('planning')
    await drain(queue, clock, { deps: { api, queue, tokens: new TokenCache(env, api) } })
    const done = (
      await json(await callWithQueue(queue, 'GET', `/api/campaigns/${campaign.id}`, { token: office.token }))
    ).campaign
    expect(done).toMatchObject({ status: 'done', counters: { audience: 30, sent: 30, queued: 0, failed: 0 } })
    expect(done.failureZh).toBeUndefined()
    expect(await admin('GET', 'message-stats')).toMatchObject({ total: 30, recipients: 30, duplicates: 0 })

    // Only a stopped campaign resumes.
    const again = await callWithQueue(queue, 'POST', `/api/campaigns/${campaign.id}/resume`, { token: office.token })
    expect(again.status).toBe(409)
    expect((await json(again)).error.message).toBe('这条通知没有中断，无需继续发送。')
  })

  it('counts the keys of a dead-lettered message as failed and gives their allowances back', async () => {
    clock = new VirtualClock(beijing('2026-09-09', '10:00'))
    const residents = await seedResidents('dk', 5, { province: '51', region: '510100', allowances: { campaign: 1 } })
    const keys = await plannedFor(residents, 'dead')
    const { api, admin } = privateWeChat(1000)
    await admin('POST', 'known-openids', { openids: residents.map((r) => r.openid) })
    for (const r of residents) await admin('POST', 'faults', { api: 'subscribe_send', errcode: -1, code: r.openid })
    const queue = new MemQueue(() => clock!.nowMs)
    const tokens = new TokenCache(env, api)
    // A first attempt takes each allowance, WeChat is busy, the keys go back on the queue…
    await consumeReminders([delivered({ t: 'sends', keys }).message], env, { api, queue, tokens })
    expect(queue.pending).toHaveLength(1)
    const taken = await env.DB.prepare(
      `SELECT SUM(allowance) AS n FROM reminder_subscriptions WHERE user_id LIKE 'u_dk_%' AND kind = 'campaign'`,
    ).first<{ n: number }>()
    expect(taken?.n).toBe(0)

    const errors = errorLog()
    // …and from then on every batch holding them fails (D1 is down) until the queue hands them to the
    // dead-letter queue.
    const down = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') return async () => Promise.reject(new Error('D1 unavailable'))
        const value = Reflect.get(target, prop) as unknown
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
    for (let round = 0; queue.pending.length > 0 && round < 20; round++) {
      const m = queue.pending.shift()!
      const d = delivered(m.body, m.attempts)
      await consumeReminders([d.message], { ...env, DB: down } as never, { api, queue, tokens })
      expect(d.settled.how).toBe('retry')
      if (m.attempts > 12) queue.dead.push(m)
      else queue.pending.push({ ...m, attempts: m.attempts + 1 })
    }
    expect(queue.dead).toHaveLength(1)
    await consumeDeadLetters(
      queue.dead.map((m) => delivered(m.body, m.attempts).message),
      env,
    )
    expect(errors.some((l) => l.includes('"event":"reminder_dead_letter","keys":5'))).toBe(true)

    const end = await statuses(keys)
    expect(keys.every((k) => end.get(k)?.status === 'failed')).toBe(true)
    const back = await env.DB.prepare(
      `SELECT SUM(allowance) AS n FROM reminder_subscriptions WHERE user_id LIKE 'u_dk_%' AND kind = 'campaign'`,
    ).first<{ n: number }>()
    expect(back?.n).toBe(5)
    expect((await admin('GET', 'messages')).messages).toHaveLength(0)
  })
})
