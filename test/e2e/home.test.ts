import { describe, expect, inject, it } from 'vitest'
import pkg from '../../package.json'
import { browserForFile, newPhonePage, saveScreenshot } from './browser'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

describe('H5 home page served by the Worker', () => {
  it('shows the health result that came from /api/health', async () => {
    const page = await newPhonePage(browser())
    const healthCall = page.waitForResponse((res) => res.url().endsWith('/api/health'))
    await page.goto(`${baseUrl}/`)
    expect((await healthCall).status()).toBe(200)
    const status = page.locator('#health-status')
    await status.waitFor({ state: 'visible', timeout: 20_000 })
    await expect(status.innerText()).resolves.toContain('服务正常，数据库已连接')
    await expect(status.innerText()).resolves.toContain(`版本 ${pkg.version}`)
    await saveScreenshot(page, 'home-health-ok')
  })

  it('shows a Chinese error with a retry button when the API cannot be reached, and recovers on retry', async () => {
    const page = await newPhonePage(browser())
    await page.route('**/api/health', (route) => route.abort('connectionrefused'))
    await page.goto(`${baseUrl}/`)
    const error = page.locator('#health-error')
    await error.waitFor({ state: 'visible', timeout: 20_000 })
    await expect(error.innerText()).resolves.toContain('网络连接失败')
    await saveScreenshot(page, 'home-health-error')

    await page.unroute('**/api/health')
    await page.locator('#health-retry').click()
    await page.locator('#health-status').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(page.locator('#health-error').count()).resolves.toBe(0)
  })

  it('opens the policy tab', async () => {
    const page = await newPhonePage(browser())
    await page.goto(`${baseUrl}/#/packages/policy/index`)
    await page.getByText('参保长效机制', { exact: true }).waitFor({ state: 'visible', timeout: 20_000 })
  })
})
