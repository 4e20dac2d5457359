import { createScheduledController } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it } from 'vitest'
import handler from '../../functions/src/index'
import { DEV_TEMPLATE_IDS } from '@canbao/shared/reminders/kinds'
import { DAILY_CRON } from '../../functions/src/lib/schedule'
import { call, fakeAdmin, json } from './helpers'
import { childBinding, consentedParent, pay, payer, setStandard } from './family-support'
import { MemQueue, VirtualClock, drain } from './reminders-support'

const context = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext

async function openidOf(name: string): Promise<string> {
  return (await fakeAdmin('GET', `openid?name=${encodeURIComponent(name)}`)).openid
}

async function receivedBy(openid: string) {
  const all = (await fakeAdmin('GET', 'messages')).messages as {
    touser: string
    template_id: string
    page?: string
    data: Record<string, { value: string }>
  }[]
  return all.filter((m) => m.touser === openid)
}

const acceptRelativeDue = (token: string, times = 1) =>
  call('POST', '/api/reminders/consents', {
    token,
    json: {
      results: Array.from({ length: times }, () => ({ templateId: DEV_TEMPLATE_IDS.relative_due, result: 'accept' })),
    },
  })

let clock: VirtualClock | null = null
afterEach(() => {
  clock?.stop()
  clock = null
})

describe("a bound relative's contribution is due", () => {
  it('tells the payer on the countdown days which relatives have not paid, once a day, and links to 家庭', async () => {
    // 30 days before Sichuan's deadline for 2027, 09:00 Beijing time.
    clock = new VirtualClock(Date.parse('2026-12-01T01:00:00Z'))
    await setStandard('510100', 2027, 40_000)
    const p = await payer('rel-due-payer', 200_000)
    const { member: mother } = await consentedParent(p.token, 'rel-due-mother', '刘秀英', '1956-03-03')
    const kid = await childBinding(p.token, '2016-06-06')
    // the child is paid for; the mother is not
    expect((await json(await pay(p.token, 'rel-due-kid-01', { relativeId: kid, year: 2027 }))).payment.status).toBe(
      'succeeded',
    )
    await acceptRelativeDue(p.token, 2)

    // A payer who did not ask hears nothing.
    const quiet = await payer('rel-due-quiet', 200_000)
    await childBinding(quiet.token, '2017-07-07')

    const queue = new MemQueue(() => clock!.nowMs)
    const cron = () =>
      handler.scheduled(
        createScheduledController({ scheduledTime: clock!.nowMs, cron: DAILY_CRON }),
        { ...env, REMINDERS: queue } as never,
        context,
      )
    await cron()
    await drain(queue, clock, { deps: { queue } })
    await cron()
    await drain(queue, clock, { deps: { queue } })

    const got = await receivedBy(await openidOf('rel-due-payer'))
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({
      template_id: DEV_TEMPLATE_IDS.relative_due,
      page: 'pages/family/index',
      data: {
        name1: { value: '刘秀英' },
        thing2: { value: '2027年度城乡居民医保' },
        date3: { value: '2026年12月31日' },
      },
    })
    expect(await receivedBy(await openidOf('rel-due-quiet'))).toEqual([])
    // one of the two allowances was used
    const groups = (await json(await call('GET', '/api/reminders', { token: p.token }))).groups
    const tpl = groups.flatMap((g: any) => g.templates).find((t: any) => t.kind === 'relative_due')
    expect(tpl.allowance).toBe(1)
    expect(mother.relationshipZh).toBe('父母')
  })

  it('says nothing once every bound relative has paid, or on a day that is not a countdown day', async () => {
    clock = new VirtualClock(Date.parse('2026-12-01T01:00:00Z'))
    await setStandard('510100', 2027, 40_000)
    const p = await payer('rel-due-allpaid', 200_000)
    const kid = await childBinding(p.token, '2018-08-08')
    await pay(p.token, 'rel-due-all-01', { relativeId: kid, year: 2027 })
    await acceptRelativeDue(p.token)

    const queue = new MemQueue(() => clock!.nowMs)
    await handler.scheduled(
      createScheduledController({ scheduledTime: clock.nowMs, cron: DAILY_CRON }),
      { ...env, REMINDERS: queue } as never,
      context,
    )
    await drain(queue, clock, { deps: { queue } })
    expect(await receivedBy(await openidOf('rel-due-allpaid'))).toEqual([])

    const other = await payer('rel-due-otherday', 200_000)
    await childBinding(other.token, '2019-09-09')
    await acceptRelativeDue(other.token)
    clock.advanceTo(Date.parse('2026-12-02T01:00:00Z'))
    await handler.scheduled(
      createScheduledController({ scheduledTime: clock.nowMs, cron: DAILY_CRON }),
      { ...env, REMINDERS: queue } as never,
      context,
    )
    await drain(queue, clock, { deps: { queue } })
    expect(await receivedBy(await openidOf('rel-due-otherday'))).toEqual([])
  })
})
