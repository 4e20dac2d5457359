import { describe, expect, inject, it } from 'vitest'
import { browserForFile, newPhonePage, saveScreenshot } from './browser'
import { signInAs } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

describe('a seeded resident on H5', () => {
  it('signs in with a dev code and sees a masked ID, never the whole number', async () => {
    const page = await newPhonePage(browser())
    await signInAs(page, baseUrl, 'zhangsan')
    const masked = await page.locator('#profile-id-masked').innerText()
    expect(masked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/)
    expect(await page.locator('body').innerText()).not.toMatch(/\d{17}[\dX]/)
    await saveScreenshot(page, 'me-signed-in')
  })

  it('sees this and next year on the status card, with figures from the API and where they came from', async () => {
    const page = await newPhonePage(browser())
    await signInAs(page, baseUrl, 'zhangsan')
    const entitlementCalls: string[] = []
    page.on('request', (req) => {
      if (req.url().includes('/api/me/entitlement')) entitlementCalls.push(req.url())
    })
    await page.goto(`${baseUrl}/#/pages/index/index`)
    await page.locator('#status-action').waitFor({ state: 'visible', timeout: 20_000 })
    const card = await page.locator('#status-card').innerText()
    // Sichuan's base cap is province-wide, so the cap is a real figure, not a placeholder.
    expect(card).toMatch(/大病保险最高支付限额\s*\d{3},\d{3}元/)
    expect(card).toMatch(/\d{4}年度\s*(已参保|未参保)/)
    await expect(page.locator('#status-provenance').innerText()).resolves.toMatch(/记录来源|还没有参保记录/)
    expect(entitlementCalls.length).toBeGreaterThanOrEqual(2)
    await saveScreenshot(page, 'home-status')
  })

  it('still shows the last status, with its age, when the API cannot be reached', async () => {
    const page = await newPhonePage(browser())
    await signInAs(page, baseUrl, 'zhangsan')
    await page.goto(`${baseUrl}/#/pages/index/index`)
    await page.locator('#status-action').waitFor({ state: 'visible', timeout: 20_000 })
    await page.route('**/api/me/**', (route) => route.abort('internetdisconnected'))
    await page.reload()
    const stale = page.locator('#status-stale')
    await stale.waitFor({ state: 'visible', timeout: 20_000 })
    // Review 47: the time of the figures in Beijing time, not "刚刚".
    await expect(stale.innerText()).resolves.toMatch(
      /网络连接失败.*下面是北京时间\d{1,2}月\d{1,2}日 \d{2}:\d{2}的数据/s,
    )
    await expect(page.locator('#status-action').isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'home-status-offline')
  })
})
