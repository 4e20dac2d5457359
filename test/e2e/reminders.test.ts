import { describe, expect, inject, it } from 'vitest'
import { DEV_TEMPLATE_IDS } from '@canbao/shared/reminders/kinds'
import { browserForFile, saveScreenshot } from './browser'
import { devSession, openSignedIn } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()
const run = Math.random().toString(36).slice(2, 8)

describe('提醒 tab on H5', () => {
  it('says subscribe messages need WeChat, not failing buttons; no switch without a subscription', async () => {
    const session = await devSession(baseUrl, `e2e-rem-new-${run}`)
    const page = await openSignedIn(browser(), baseUrl, session, 'pages/reminders/index')
    const note = page.locator('#reminders-h5-note')
    await note.waitFor({ state: 'visible', timeout: 20_000 })
    await expect(note.innerText()).resolves.toContain('网页版不能订阅微信提醒')
    await page.locator('#reminder-state-period_open').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(page.locator('#reminder-state-period_open').innerText()).resolves.toBe('还没有订阅')
    await expect(page.locator('[id^="reminders-subscribe-"]').count()).resolves.toBe(0)
    await expect(page.locator('[id^="reminder-switch-"]').count()).resolves.toBe(0)
    expect(await page.locator('body').innerText()).not.toContain('微信没有返回订阅结果')
    await saveScreenshot(page, 'reminders-h5-new')
  })

  it('shows a subscription as plain text with no switch on H5, in 大字模式 too', async () => {
    const session = await devSession(baseUrl, `e2e-rem-sub-${run}`)
    const consent = await fetch(`${baseUrl}/api/reminders/consents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ results: [{ templateId: DEV_TEMPLATE_IDS.deadline, result: 'accept' }] }),
    })
    expect(consent.status).toBe(200)
    const page = await openSignedIn(browser(), baseUrl, session, 'pages/reminders/index')
    await page.evaluate(() => localStorage.setItem('canbao.elderMode', JSON.stringify({ data: true })))
    await page.reload()
    await page.locator('#reminder-state-deadline').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(page.locator('#reminder-state-deadline').innerText()).resolves.toBe('已订阅，还可以收到 1 次')
    // Review 46: H5 cannot subscribe, so no switch that looks as if it could be changed here.
    await expect(page.locator('[id^="reminder-switch-"]').count()).resolves.toBe(0)
    const size = await page
      .locator('#reminder-state-deadline')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(17)
    await saveScreenshot(page, 'reminders-h5-subscribed-elder')
  })
})
