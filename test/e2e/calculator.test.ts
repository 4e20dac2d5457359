import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserForFile, newPhonePage, saveScreenshot } from './browser'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

// The calculator's defaults follow today's date; pin it so the expected figures do not drift with the calendar.
const TODAY_CST = new Date('2026-11-22T10:00:00+08:00')

async function openCalculator(): Promise<Page> {
  const page = await newPhonePage(browser())
  await page.clock.setFixedTime(TODAY_CST)
  await page.goto(`${baseUrl}/#/pages/calculator/index`)
  await page.locator('#calc-result').waitFor({ state: 'visible', timeout: 20_000 })
  return page
}

const text = (page: Page, selector: string) => page.locator(selector).innerText()

describe('offline calculator (H5)', () => {
  it('shows the Sichuan cap and no waiting for an on-time, continuous enrollment', async () => {
    const page = await openCalculator()
    // Paying on 2026-11-22 buys coverage year 2027 inside its enrollment period.
    await expect(text(page, '#calc-year')).resolves.toContain('2027年')
    await expect(text(page, '#calc-cap')).resolves.toBe('300,000元')
    await expect(text(page, '#calc-waiting')).resolves.toBe('没有等待期')
    await expect(text(page, '#calc-explanation')).resolves.toContain('川办发〔2025〕32号')
    await saveScreenshot(page, 'calculator-default')
  })

  it('a gap year adds a month of waiting and lowers the cap; back-paying it takes the month away', async () => {
    const page = await openCalculator()
    await page.locator('#calc-row-2026-gap').click()
    await expect(text(page, '#calc-waiting')).resolves.toBe('4个月')
    await expect(text(page, '#calc-cap')).resolves.toBe('296,000元')
    await expect(text(page, '#calc-benefit-start')).resolves.toBe('2027年5月1日')

    await page.locator('#calc-contribution input').fill('400')
    await page.locator('#calc-backpay-2026').click()
    await expect(text(page, '#calc-waiting')).resolves.toBe('3个月')
    await expect(text(page, '#calc-benefit-start')).resolves.toBe('2027年4月1日')
    // Back-payment shortens the wait only: the cap stays lowered (D11).
    await expect(text(page, '#calc-cap')).resolves.toBe('296,000元')
    await expect(text(page, '#calc-repair-cost')).resolves.toContain('共需400元')
    await saveScreenshot(page, 'calculator-back-pay')
  })

  it('keeps working with the network gone', async () => {
    const page = await openCalculator()
    await page.context().setOffline(true)
    await page.locator('#calc-province-36').click()
    await page.locator('#calc-base-cap input').fill('300000')
    await page.locator('#calc-row-2025-zero').click()
    // Jiangxi: one zero-claim year gives 3000 yuan.
    await expect(text(page, '#calc-cap')).resolves.toBe('303,000元')
    await page.context().setOffline(false)
  })
})

describe('elder mode', () => {
  it('makes the type at least 1.25 times larger on every page and remembers it', async () => {
    const page = await openCalculator()
    const titleSize = () =>
      page
        .locator('#calculator-page .card-title')
        .first()
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    const before = await titleSize()
    await page.goto(`${baseUrl}/#/pages/me/index`)
    await page.locator('#elder-mode-switch').click()
    await page.goto(`${baseUrl}/#/pages/calculator/index`)
    await page.reload()
    await page.locator('#calc-result').waitFor({ state: 'visible', timeout: 20_000 })
    const after = await titleSize()
    expect(after / before).toBeGreaterThanOrEqual(1.25)
    await saveScreenshot(page, 'calculator-elder-mode')
  })
})

describe('policy page', () => {
  it('explains each province in plain Chinese with the clause text', async () => {
    const page = await newPhonePage(browser())
    await page.goto(`${baseUrl}/#/packages/policy/index`)
    await page.getByText('连续参保和零报销激励', { exact: true }).waitFor({ state: 'visible', timeout: 20_000 })
    await expect(page.locator('#policy-page').innerText()).resolves.toContain('最高支付限额提高4000元')
    await page.locator('#policy-province-36').click()
    await expect(page.locator('#policy-page').innerText()).resolves.toContain('之前积累的连续参保激励额度予以保留')
    await page.getByText('(四) 激励与约束').click()
    await expect(page.locator('#policy-clauses').innerText()).resolves.toContain('前期积累的连续参保激励额度予以保留')
    await saveScreenshot(page, 'policy-jiangxi')
  })
})
