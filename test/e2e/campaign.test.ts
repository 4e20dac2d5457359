import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DEV_TEMPLATE_IDS } from '@canbao/shared/reminders/kinds'
import { browserForFile, saveScreenshot } from './browser'
import { devSession, openSignedIn, type DevSession } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

const signIn = (name: string) => devSession(baseUrl, name)
const openAs = (session: DevSession, hash: string) => openSignedIn(browser(), baseUrl, session, hash)

const counter = async (row: ReturnType<Page['locator']>, label: string) =>
  Number(/\d+/.exec((await row.getByText(label).innerText()).replace(label, ''))?.[0] ?? NaN)

describe('office campaign page (H5)', () => {
  it('previews the message as WeChat shows it, sends it, and counts it for a subscribed resident', async () => {
    // A Chengdu resident (demo seed) subscribes to campaign notices.
    const resident = await signIn('zhangsan')
    const consent = await fetch(`${baseUrl}/api/reminders/consents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${resident.token}` },
      body: JSON.stringify({ results: [{ templateId: DEV_TEMPLATE_IDS.campaign, result: 'accept' }] }),
    })
    expect(consent.status).toBe(200)

    const page = await openAs(await signIn('office-chengdu'), 'packages/office/campaign')
    await page.getByText('发送宣传通知').waitFor({ state: 'visible', timeout: 20_000 })

    // Too long for WeChat's 20-character field: the office is told before anything is sent.
    await page.locator('#campaign-content input').fill('2027年度城乡居民医保集中缴费已经开始，请尽快缴纳以免断保')
    await page.locator('#campaign-preview').click()
    await expect(page.locator('#campaign-error').innerText()).resolves.toContain('通知内容最多 20 个字')

    await page.locator('#campaign-content input').fill('2027年度居民医保开始缴费')
    await page.locator('#campaign-audience-all').click()
    await page.locator('#campaign-preview').click()
    const card = page.locator('#campaign-preview-card')
    await card.waitFor({ state: 'visible', timeout: 10_000 })
    const shown = await card.innerText()
    for (const text of [
      '医保宣传通知',
      '通知主题',
      '全民参保集中宣传月',
      '2027年度居民医保开始缴费',
      '成都市医疗保障局',
      '进入小程序查看',
    ])
      expect(shown).toContain(text)
    await saveScreenshot(page, 'office-campaign-preview')

    await page.locator('#campaign-send').click()
    await page.locator('#campaign-sent').waitFor({ state: 'visible', timeout: 10_000 })
    const row = page.locator('.campaign-row').first()
    await expect(row.innerText()).resolves.toContain('全民参保集中宣传月')
    // The queue works in the background; the page polls. Sent by day, held until 08:00 by night.
    const deadline = Date.now() + 30_000
    let sent = 0
    let deferred = 0
    while (Date.now() < deadline) {
      sent = await counter(row, '已发送')
      deferred = await counter(row, '夜间推迟')
      if (sent + deferred >= 1 && (await counter(row, '排队')) === 0) break
      await page.waitForTimeout(500)
    }
    expect(await counter(row, '对象')).toBeGreaterThanOrEqual(1)
    expect(sent + deferred).toBeGreaterThanOrEqual(1)
    expect(await counter(row, '失败')).toBe(0)
    // Review 11: everyone in 对象 is counted somewhere (the unsubscribed as 未订阅跳过).
    let accounted = 0
    for (const label of ['已发送', '未订阅跳过', '夜间推迟', '排队', '失败']) accounted += await counter(row, label)
    expect(accounted).toBe(await counter(row, '对象'))
    await saveScreenshot(page, 'office-campaign-counters')
  })

  it('shows a campaign whose audience walk stopped, with the reason, and continues it on a tap', async () => {
    // The stop itself (a planning message in the dead-letter queue) is driven in
    // test/functions/reminders-delivery.test.ts; here the server's answer for the campaign made above is turned into
    // that state, to see what the office sees.
    const page = await openAs(await signIn('office-chengdu'), 'packages/office/campaign')
    const reason = '查找发送对象时多次出错，已暂停。'
    let interrupted = true
    let resumed: string | null = null
    let shown: Record<string, unknown> | null = null
    await page.route(
      (url) => url.pathname === '/api/campaigns',
      async (route) => {
        if (route.request().method() !== 'GET') return route.fallback()
        const response = await route.fetch()
        const body = (await response.json()) as { campaigns: Record<string, unknown>[] }
        const first = body.campaigns[0]
        if (first && interrupted) body.campaigns[0] = { ...first, status: 'failed', failureZh: reason, resumable: true }
        shown = first ?? null
        await route.fulfill({ response, json: body })
      },
    )
    await page.route(
      (url) => /^\/api\/campaigns\/[^/]+\/resume$/.test(url.pathname),
      async (route) => {
        resumed = new URL(route.request().url()).pathname.split('/')[3] ?? null
        interrupted = false
        await route.fulfill({ status: 202, json: { campaign: { ...shown, status: 'sending' } } })
      },
    )
    // The page asked for the list while it opened, maybe before the routes above existed: ask again through them.
    await page.reload()
    const row = page.locator('.campaign-row').first()
    await row.getByText('已中断').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(row.locator('.campaign-failure').innerText()).resolves.toContain(reason)
    await saveScreenshot(page, 'office-campaign-interrupted')
    await row.locator('.campaign-resume').click()
    await row.locator('.campaign-resume').waitFor({ state: 'detached', timeout: 10_000 })
    expect(resumed).toMatch(/\S/)
    await expect(row.innerText()).resolves.not.toContain('已中断')
  })

  it('tells a resident the page is for office staff', async () => {
    const page = await openAs(await signIn('lisi'), 'packages/office/campaign')
    await page.getByText('仅限医保经办人员').waitFor({ state: 'visible', timeout: 20_000 })
  })
})
