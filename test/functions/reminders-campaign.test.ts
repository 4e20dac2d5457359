import { env } from 'cloudflare:workers'
import { afterAll, describe, expect, it } from 'vitest'
import { TokenCache } from '../../functions/src/reminders/token-cache'
import { json, officeUser } from './helpers'
import {
  MemQueue,
  VirtualClock,
  beijing,
  callWithQueue,
  drain,
  privateWeChat,
  seedResidents,
} from './reminders-support'

const USERS = 10_000

/** mulberry32, so a failing run can be replayed with the same lost acks. */
function seeded(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('a September campaign to 10,000 residents while WeChat fails 30% of sends', () => {
  const clock = new VirtualClock(beijing('2026-09-01', '10:00'))
  afterAll(() => clock.stop())

  it('sends every allowed resident exactly once, counts the rest, and loses nothing', async () => {
    // 10,000 subscribers in Chengdu; 200 more never subscribed; 300 switched the campaign off.
    const subscribed = await seedResidents('cs', USERS, {
      province: '51',
      region: '510100',
      allowances: { campaign: 1 },
    })
    const never = await seedResidents('cn', 200, { province: '51', region: '510100' })
    const off = await seedResidents('co', 300, { province: '51', region: '510100', allowances: { campaign: 2 } })
    await env.DB.prepare(`UPDATE reminder_subscriptions SET enabled = 0 WHERE user_id LIKE 'u_co_%'`).run()
    // Residents of another prefecture must not hear from Chengdu's office.
    await seedResidents('cx', 50, { province: '51', region: '510300', allowances: { campaign: 1 } })

    const { fake, api, admin } = privateWeChat(40)
    await admin('POST', 'known-openids', { openids: [...subscribed, ...never, ...off].map((r) => r.openid) })
    // 43101 for 25 residents: they cancelled in WeChat's settings after subscribing.
    const cancelled = subscribed.slice(0, 25)
    for (const r of cancelled)
      await admin('POST', 'faults', { api: 'subscribe_send', errcode: 43101, code: r.openid, times: 100 })
    await admin('POST', 'chaos', { rate: 0.3, seed: 7, delayMs: 120 })

    const queue = new MemQueue(() => clock.nowMs)
    const office = await officeUser('campaign-office', '51', '510100')
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

    const tokens = new TokenCache(env, api)
    const { batches } = await drain(queue, clock, {
      deps: { api, queue, tokens },
      lostAckRate: 0.05,
      random: seeded(11),
    })

    const stats = await admin('GET', 'message-stats')
    const received = (await admin('GET', 'messages')).messages as { touser: string }[]
    const perUser = new Map<string, number>()
    for (const m of received) perUser.set(m.touser, (perUser.get(m.touser) ?? 0) + 1)

    const allowed = subscribed.slice(25)
    const view = await json(await callWithQueue(queue, 'GET', `/api/campaigns/${campaign.id}`, { token: office.token }))
    const counters = view.campaign.counters
    // Exactly once for every allowed resident, never for anyone else. Ten tries at a 30% failure rate leave a
    // resident unsent about once in 170 such campaigns: such a one is counted failed, never silently lost.
    expect(stats.duplicates).toBe(0)
    expect(received).toHaveLength(counters.sent)
    expect(allowed.every((r) => (perUser.get(r.openid) ?? 0) <= 1)).toBe(true)
    expect(allowed.filter((r) => perUser.get(r.openid) === 1).length).toBe(counters.sent)
    expect(counters.sent + counters.failed).toBe(allowed.length)
    expect(counters.failed).toBeLessThanOrEqual(3)
    expect(stats.chaosFailures).toBeGreaterThan(USERS * 0.3 * 0.8)
    expect(counters).toMatchObject({ audience: USERS + 500, queued: 0, deferred: 0, skipped: 25 + 200 + 300 })
    expect(view.campaign.status).toBe('done')

    // Allowances: spent by the sent, cleared by 43101, untouched for those who switched off.
    const left = await env.DB.prepare(
      `SELECT substr(user_id, 1, 5) AS who, SUM(allowance) AS n FROM reminder_subscriptions
       WHERE kind = 'campaign' GROUP BY who ORDER BY who`,
    ).all<{ who: string; n: number }>()
    expect(Object.fromEntries(left.results.map((r) => [r.who, r.n]))).toEqual({
      u_co_: 600,
      u_cs_: counters.failed,
      u_cx_: 50,
    })
    expect(batches).toBeLessThan(2000)
    expect(fake).toBeDefined()
  })
})
