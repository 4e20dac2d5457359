import { createScheduledController } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it } from 'vitest'
import handler from '../../functions/src/index'
import { FIELD_MAX_CHARS, dateFieldZh, fitData, fitField } from '@canbao/shared/reminders/fields'
import { isQuietHour, nextSendableMs } from '@canbao/shared/reminders/quiet-hours'
import { duePeriodReminders } from '@canbao/shared/reminders/schedule'
import { DEV_TEMPLATE_IDS } from '@canbao/shared/reminders/kinds'
import { TokenCache } from '../../functions/src/reminders/token-cache'
import { consumeReminders } from '../../functions/src/reminders/consumer'
import { insertDeliveries } from '../../functions/src/db/reminders'
import { call, fakeAdmin, json, login, makeId, officeUser, setProfile } from './helpers'
import { MemQueue, VirtualClock, beijing, callWithQueue, drain, privateWeChat } from './reminders-support'

const context = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext

async function openidOf(name: string): Promise<string> {
  return (await fakeAdmin('GET', `openid?name=${encodeURIComponent(name)}`)).openid
}

/** Messages the shared fake accepted for these residents (other test files send too). */
async function receivedBy(openids: string[]) {
  const all = (await fakeAdmin('GET', 'messages')).messages as {
    touser: string
    template_id: string
    page?: string
    data: Record<string, { value: string }>
  }[]
  return all.filter((m) => openids.includes(m.touser))
}

async function resident(name: string, province: string, region: string, seq: number) {
  const session = await login(name)
  await setProfile(session.token, { name: '张三', idNumber: makeId(region, '1985-03-02', seq), province, region })
  return { ...session, openid: await openidOf(name) }
}

async function consent(token: string, results: { templateId: string; result: string }[]) {
  return call('POST', '/api/reminders/consents', { token, json: { results } })
}

let clock: VirtualClock | null = null
afterEach(() => {
  clock?.stop()
  clock = null
})

describe('message fields fit WeChat’s limits', () => {
  it('cuts a long thing to 20 characters with an ellipsis and refuses what cannot be cut', () => {
    const long = '二〇二七年度城乡居民基本医疗保险集中缴费期开始啦'
    const cut = fitField('thing', long) as string
    expect(Array.from(cut)).toHaveLength(FIELD_MAX_CHARS.thing)
    expect(cut.endsWith('…')).toBe(true)
    expect(fitField('thing', '短通知')).toBe('短通知')
    expect(fitField('phrase', '已开始缴费了')).toBeNull()
    expect(fitField('phrase', '待缴费')).toBe('待缴费')
    expect(fitField('thing', '  \u0007 ')).toBeNull()
    expect(dateFieldZh('2026-09-01')).toBe('2026年9月1日')
    expect(fitData({ thing1: long, phrase2: '这不是五个字以内' })).toEqual({ ok: false, key: 'phrase2' })
  })
})

describe('quiet hours (21:00–08:00 Beijing time)', () => {
  it('knows the boundaries in Beijing time whatever UTC says', () => {
    expect(isQuietHour(beijing('2026-09-01', '20:59'))).toBe(false)
    expect(isQuietHour(beijing('2026-09-01', '21:00'))).toBe(true)
    expect(isQuietHour(beijing('2026-09-02', '07:59'))).toBe(true)
    expect(isQuietHour(beijing('2026-09-02', '08:00'))).toBe(false)
    // 01:00 UTC, when the cron fires, is 09:00 in Beijing.
    expect(isQuietHour(Date.parse('2026-09-01T01:00:00Z'))).toBe(false)
    expect(nextSendableMs(beijing('2026-09-01', '22:15'))).toBe(beijing('2026-09-02', '08:00'))
    expect(nextSendableMs(beijing('2026-09-02', '03:00'))).toBe(beijing('2026-09-02', '08:00'))
    expect(nextSendableMs(beijing('2026-09-02', '10:00'))).toBe(beijing('2026-09-02', '10:00'))
  })
})

describe('what is due on a day', () => {
  it('opens the period on its first day and warns 30, 7 and 1 days before its end', () => {
    expect(duePeriodReminders('51', '510100', '2026-09-01')).toEqual([
      { kind: 'period_open', year: 2027, offset: 0, start: '2026-09-01', end: '2026-12-31', daysLeft: 122 },
    ])
    expect(duePeriodReminders('51', '510100', '2026-12-01').map((d) => [d.kind, d.offset, d.daysLeft])).toEqual([
      ['deadline', 30, 31],
    ])
    expect(duePeriodReminders('14', null, '2026-12-24').map((d) => [d.kind, d.offset])).toEqual([['deadline', 7]])
    expect(duePeriodReminders('36', null, '2026-12-30').map((d) => [d.kind, d.offset])).toEqual([['deadline', 1]])
    expect(duePeriodReminders('51', '510100', '2026-12-15')).toEqual([])
    expect(duePeriodReminders('51', '510100', '2027-01-05')).toEqual([])
  })
})

describe('consent: one accept is one message', () => {
  it('counts accepts, keeps them through a reject, clears them on ban, and lets the resident switch off', async () => {
    const { token } = await resident('rem-consent', '51', '510100', 201)
    const first = await json(await call('GET', '/api/reminders', { token }))
    expect(first.groups.map((g: any) => g.id)).toEqual(['enrollment', 'family', 'campaign'])
    const deadlineOf = (body: any) => body.groups[0].templates.find((t: any) => t.kind === 'deadline')
    expect(deadlineOf(first)).toMatchObject({
      templateId: DEV_TEMPLATE_IDS.deadline,
      allowance: 0,
      enabled: true,
      lastResult: null,
    })

    await consent(token, [
      { templateId: DEV_TEMPLATE_IDS.deadline, result: 'accept' },
      { templateId: DEV_TEMPLATE_IDS.period_open, result: 'reject' },
    ])
    const twice = await json(await consent(token, [{ templateId: DEV_TEMPLATE_IDS.deadline, result: 'accept' }]))
    expect(deadlineOf(twice)).toMatchObject({ allowance: 2, lastResult: 'accept' })
    expect(twice.groups[0].templates.find((t: any) => t.kind === 'period_open')).toMatchObject({
      allowance: 0,
      lastResult: 'reject',
    })
    const rejected = await json(await consent(token, [{ templateId: DEV_TEMPLATE_IDS.deadline, result: 'reject' }]))
    expect(deadlineOf(rejected).allowance).toBe(2)

    const off = await json(
      await call('PUT', '/api/reminders/subscriptions/deadline', { token, json: { enabled: false } }),
    )
    expect(deadlineOf(off)).toMatchObject({ enabled: false, allowance: 2 })
    const on = await json(await consent(token, [{ templateId: DEV_TEMPLATE_IDS.deadline, result: 'accept' }]))
    expect(deadlineOf(on)).toMatchObject({ enabled: true, allowance: 3 })
    const banned = await json(await consent(token, [{ templateId: DEV_TEMPLATE_IDS.deadline, result: 'ban' }]))
    expect(deadlineOf(banned).allowance).toBe(0)
  })

  it('refuses unknown templates and malformed reports, and strangers', async () => {
    const { token } = await login('rem-bad')
    const unknown = await consent(token, [{ templateId: 'not-ours', result: 'accept' }])
    expect(unknown.status).toBe(422)
    expect((await json(unknown)).error.issues[0].message).toContain('刷新')
    expect((await consent(token, [{ templateId: DEV_TEMPLATE_IDS.deadline, result: 'yes' }])).status).toBe(422)
    expect((await consent(token, [])).status).toBe(422)
    expect((await call('PUT', '/api/reminders/subscriptions/nope', { token, json: { enabled: false } })).status).toBe(
      404,
    )
    expect((await call('GET', '/api/reminders')).status).toBe(401)
  })
})

describe('the daily cron and the queue consumer', () => {
  it('picks subscribers whose period reminder is due, sends each once, and a 43101 clears the allowance', async () => {
    clock = new VirtualClock(Date.parse('2026-12-01T01:00:00Z'))
    const a = await resident('rem-cron-a', '51', '510100', 211)
    const b = await resident('rem-cron-b', '14', '140100', 212)
    const none = await resident('rem-cron-none', '51', '510100', 213)
    const other = await resident('rem-cron-other', '52', '520100', 214)
    await consent(a.token, [
      { templateId: DEV_TEMPLATE_IDS.deadline, result: 'accept' },
      { templateId: DEV_TEMPLATE_IDS.deadline, result: 'accept' },
    ])
    await consent(b.token, [{ templateId: DEV_TEMPLATE_IDS.deadline, result: 'accept' }])
    // Subscribed to the opening only: nothing on a deadline day.
    await consent(other.token, [{ templateId: DEV_TEMPLATE_IDS.period_open, result: 'accept' }])
    await fakeAdmin('POST', 'faults', { api: 'subscribe_send', errcode: 43101, code: b.openid })

    const queue = new MemQueue(() => clock!.nowMs)
    const cron = () =>
      handler.scheduled(
        createScheduledController({ scheduledTime: Date.parse('2026-12-01T01:00:00Z'), cron: '0 1 * * *' }),
        { ...env, REMINDERS: queue } as never,
        context,
      )
    await cron()
    await drain(queue, clock, { deps: { queue } })
    // The cron runs again the same day (a retry of the trigger): nothing is sent twice.
    await cron()
    await drain(queue, clock, { deps: { queue } })

    const got = await receivedBy([a.openid, b.openid, none.openid, other.openid])
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({
      touser: a.openid,
      template_id: DEV_TEMPLATE_IDS.deadline,
      page: 'pages/index/index',
      data: {
        thing1: { value: '2027年度城乡居民医保' },
        date2: { value: '2026年12月31日' },
        thing3: { value: '还剩31天' },
      },
    })
    const view = async (token: string) =>
      (await json(await call('GET', '/api/reminders', { token }))).groups[0].templates.find(
        (t: any) => t.kind === 'deadline',
      )
    expect((await view(a.token)).allowance).toBe(1)
    expect((await view(b.token)).allowance).toBe(0)
    const rows = await env.DB.prepare(
      `SELECT user_id, status, last_error FROM reminder_deliveries
       WHERE kind = 'deadline' AND year = 2027 AND offset = '30'`,
    ).all<any>()
    expect(
      rows.results.map((r) => [r.user_id === a.user.id ? 'a' : r.user_id === b.user.id ? 'b' : '?', r.status]).sort(),
    ).toEqual([
      ['a', 'sent'],
      ['b', 'skipped'],
    ])
  })

  it('tells a resident the day their waiting period ends, by the rules engine, and nobody else', async () => {
    // Paid for 2025–2026, missed 2027–2028, paid late for 2029: benefits start 2029-06-01
    // (policy case sc-gap-two-years).
    clock = new VirtualClock(Date.parse('2029-06-01T01:00:00Z'))
    const late = await resident('rem-wait-late', '51', '510100', 241)
    const steady = await resident('rem-wait-steady', '51', '510100', 242)
    const history = (years: number[]) =>
      years.map((year) => ({ year, scheme: 'resident', paidOn: `${year - 1}-11-01` }))
    await call('PUT', '/api/me/history', {
      token: late.token,
      json: { history: [...history([2025, 2026]), { year: 2029, scheme: 'resident', paidOn: '2028-11-10' }] },
    })
    await call('PUT', '/api/me/history', {
      token: steady.token,
      json: { history: history([2025, 2026, 2027, 2028, 2029]) },
    })
    for (const r of [late, steady])
      await consent(r.token, [{ templateId: DEV_TEMPLATE_IDS.waiting_end, result: 'accept' }])
    const queue = new MemQueue(() => clock!.nowMs)
    await handler.scheduled(
      createScheduledController({ scheduledTime: clock.nowMs, cron: '0 1 * * *' }),
      { ...env, REMINDERS: queue } as never,
      context,
    )
    await drain(queue, clock, { deps: { queue } })
    const got = await receivedBy([late.openid, steady.openid])
    expect(got.map((m) => m.touser)).toEqual([late.openid])
    expect(got[0]?.data).toMatchObject({ thing1: { value: '2029年度城乡居民医保' }, date2: { value: '2029年6月1日' } })
  })

  it('holds messages in quiet hours and sends them at 08:00 Beijing time', async () => {
    clock = new VirtualClock(beijing('2026-09-10', '22:30'))
    const office = await officeUser('rem-night-office', '23', '230100')
    const r = await resident('rem-night', '23', '230100', 221)
    await consent(r.token, [{ templateId: DEV_TEMPLATE_IDS.campaign, result: 'accept' }])
    const queue = new MemQueue(() => clock!.nowMs)
    const created = await json(
      await callWithQueue(queue, 'POST', '/api/campaigns', {
        token: office.token,
        json: { title: '参保宣传', content: '请按时缴费', deadline: '2026-12-31', audience: 'all' },
      }),
    )
    // One consumer pass at 22:30: planned, then deferred rather than sent.
    const plan = queue.pending.splice(0)
    await consumeReminders(
      plan.map((m) => ({ body: m.body, attempts: 1, ack() {}, retry() {} })),
      env,
      { queue },
    )
    const sends = queue.pending.splice(0)
    await consumeReminders(
      sends.map((m) => ({ body: m.body, attempts: 1, ack() {}, retry() {} })),
      env,
      { queue },
    )
    const mid = await json(
      await callWithQueue(queue, 'GET', `/api/campaigns/${created.campaign.id}`, { token: office.token }),
    )
    expect(mid.campaign.counters).toMatchObject({ deferred: 1, sent: 0 })
    expect(await receivedBy([r.openid])).toHaveLength(0)
    expect(queue.pending[0]?.visibleAtMs).toBe(beijing('2026-09-11', '08:00'))

    await drain(queue, clock, { deps: { queue } })
    expect(clock.nowMs).toBeGreaterThanOrEqual(beijing('2026-09-11', '08:00'))
    expect(await receivedBy([r.openid])).toHaveLength(1)
    const done = await json(
      await callWithQueue(queue, 'GET', `/api/campaigns/${created.campaign.id}`, { token: office.token }),
    )
    expect(done.campaign).toMatchObject({ status: 'done', counters: { audience: 1, sent: 1, deferred: 0, queued: 0 } })
  })
})

describe('allowance accounting in one consumer batch', () => {
  it('gives two messages of one kind to one resident only as many sends as allowances', async () => {
    clock = new VirtualClock(beijing('2026-09-03', '10:00'))
    const one = await resident('rem-batch-one', '51', '510100', 251)
    const two = await resident('rem-batch-two', '51', '510100', 252)
    await consent(one.token, [{ templateId: DEV_TEMPLATE_IDS.campaign, result: 'accept' }])
    for (let i = 0; i < 2; i++) await consent(two.token, [{ templateId: DEV_TEMPLATE_IDS.campaign, result: 'accept' }])
    const rows = [one, one, two, two].map((r, i) => ({
      key: `batch-test-${i}`,
      userId: r.user.id,
      kind: 'campaign' as const,
      year: 2027,
      offset: `c${i}`,
      campaignId: null,
      dataJson: JSON.stringify({ thing1: { value: `第${i}条` } }),
      page: 'pages/index/index',
      status: 'queued' as const,
    }))
    await insertDeliveries(env.DB, rows, Date.now())
    const queue = new MemQueue(() => clock!.nowMs)
    // Every key twice in the same batch, as an at-least-once queue may deliver them.
    const messages = [...rows, ...rows].map((r) => ({
      body: { t: 'send' as const, key: r.key },
      attempts: 1,
      ack() {},
      retry() {},
    }))
    await consumeReminders(messages, env, { queue })
    expect(await receivedBy([one.openid])).toHaveLength(1)
    expect(await receivedBy([two.openid])).toHaveLength(2)
    const statuses = await env.DB.prepare(
      `SELECT key, status FROM reminder_deliveries WHERE key LIKE 'batch-test-%' ORDER BY key`,
    ).all<{ key: string; status: string }>()
    expect(statuses.results.map((r) => r.status).sort()).toEqual(['sent', 'sent', 'sent', 'skipped'])
  })
})

describe('the access token', () => {
  it('is fetched once, kept until shortly before it expires, and renewed when WeChat calls it stale', async () => {
    const { api, admin } = privateWeChat(1000)
    let tokenCalls = 0
    const counting = {
      ...api,
      code2Session: api.code2Session.bind(api),
      sendSubscribeMessage: api.sendSubscribeMessage.bind(api),
      getStableAccessToken: (force?: boolean) => {
        tokenCalls += 1
        return api.getStableAccessToken(force)
      },
    }
    clock = new VirtualClock(beijing('2026-09-01', '10:00'))
    const tokens = new TokenCache(env, counting)
    // Start from nothing cached in D1 either.
    await env.DB.prepare('DELETE FROM wechat_tokens').run()
    const first = await tokens.get()
    expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual([first, first, first])
    expect(tokenCalls).toBe(1)
    // 100 minutes on: still valid (7200 s, renewed 6 minutes early).
    clock.advanceTo(clock.nowMs + 100 * 60_000)
    expect(await tokens.get()).toBe(first)
    expect(tokenCalls).toBe(1)
    // 115 minutes on: inside the margin, a new one is fetched.
    clock.advanceTo(clock.nowMs + 15 * 60_000)
    await admin('POST', 'expire-token')
    const second = await tokens.get()
    expect(second).not.toBe(first)
    expect(tokenCalls).toBe(2)
    // WeChat revokes it early (42001): renew asks once more and gets a fresh one.
    await admin('POST', 'expire-token')
    const third = await tokens.renew(second)
    expect(third).not.toBe(second)
    expect(tokenCalls).toBe(3)
    expect(await tokens.get()).toBe(third)
  })
})

describe('office campaigns', () => {
  it('previews the message as WeChat shows it and keeps each office to its own area', async () => {
    const office = await officeUser('rem-office-a', '51', '510100')
    const province = await officeUser('rem-office-p', '51', null)
    const body = {
      title: '全民参保集中宣传月',
      content: '2027年度城乡居民医保集中缴费开始了，请及时缴纳',
      deadline: '2026-12-31',
      audience: 'unpaid',
    }
    const tooLong = await call('POST', '/api/campaigns/preview', { token: office.token, json: body })
    expect(tooLong.status).toBe(422)
    expect((await json(tooLong)).error.issues[0]).toMatchObject({ path: 'content', message: '通知内容最多 20 个字' })
    const preview = await json(
      await call('POST', '/api/campaigns/preview', {
        token: office.token,
        json: { ...body, content: '2027年度居民医保开始缴费' },
      }),
    )
    expect(preview.preview).toEqual({
      templateTitleZh: '医保宣传通知',
      fields: [
        { key: 'thing1', labelZh: '通知主题', value: '全民参保集中宣传月' },
        { key: 'thing2', labelZh: '通知内容', value: '2027年度居民医保开始缴费' },
        { key: 'date3', labelZh: '截止日期', value: '2026年12月31日' },
        { key: 'thing4', labelZh: '发布单位', value: '成都市医疗保障局' },
      ],
      page: 'pages/index/index?from=campaign',
    })
    const elsewhere = await call('POST', '/api/campaigns/preview', {
      token: office.token,
      json: { ...body, content: '请缴费', region: '510300' },
    })
    expect(elsewhere.status).toBe(422)
    expect(
      (
        await call('POST', '/api/campaigns/preview', {
          token: province.token,
          json: { ...body, content: '请缴费', region: '510300' },
        })
      ).status,
    ).toBe(200)

    const queue = new MemQueue(() => Date.now())
    const created = await json(
      await callWithQueue(queue, 'POST', '/api/campaigns', {
        token: office.token,
        json: { ...body, content: '请缴费' },
      }),
    )
    expect(created.campaign).toMatchObject({ status: 'planning', audience: 'unpaid', year: expect.any(Number) })
    expect(queue.pending.map((m) => m.body)).toEqual([{ t: 'plan', campaignId: created.campaign.id }])
    // Another office, and a resident, learn nothing about it.
    expect((await call('GET', `/api/campaigns/${created.campaign.id}`, { token: province.token })).status).toBe(404)
    const { token } = await login('rem-office-resident')
    expect((await call('GET', '/api/campaigns', { token })).status).toBe(403)
    const list = await json(await call('GET', '/api/campaigns', { token: office.token }))
    expect(list.campaigns.map((c: any) => c.id)).toContain(created.campaign.id)
  })

  it('sends an "unpaid" campaign only to residents with no record of the year', async () => {
    clock = new VirtualClock(beijing('2026-11-02', '10:00'))
    const office = await officeUser('rem-unpaid-office', '36', '360100')
    const paid = await resident('rem-unpaid-paid', '36', '360100', 231)
    const unpaid = await resident('rem-unpaid-not', '36', '360100', 232)
    for (const r of [paid, unpaid])
      await consent(r.token, [{ templateId: DEV_TEMPLATE_IDS.campaign, result: 'accept' }])
    await call('PUT', '/api/me/history', {
      token: paid.token,
      json: {
        history: [
          { year: 2026, scheme: 'resident' },
          { year: 2027, scheme: 'resident', paidOn: '2026-10-01' },
        ],
      },
    })
    const queue = new MemQueue(() => clock!.nowMs)
    const created = await json(
      await callWithQueue(queue, 'POST', '/api/campaigns', {
        token: office.token,
        json: {
          title: '缴费提醒',
          content: '2027年度还未缴费',
          deadline: '2026-12-31',
          audience: 'unpaid',
          year: 2027,
        },
      }),
    )
    await drain(queue, clock, { deps: { queue } })
    expect(await receivedBy([paid.openid])).toHaveLength(0)
    expect(await receivedBy([unpaid.openid])).toHaveLength(1)
    const view = await json(
      await callWithQueue(queue, 'GET', `/api/campaigns/${created.campaign.id}`, { token: office.token }),
    )
    expect(view.campaign.counters).toMatchObject({ audience: 1, sent: 1 })
  })
})
