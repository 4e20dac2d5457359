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
    // Review 4 and 7: no decision id on the 依据 lines; a 不记得 year is named with that answer, not as unfilled.
    const result = await page.locator('body').innerText()
    expect(result).not.toMatch(/\bD\d+\b/)
    expect(result).not.toContain('没有填写基金报销金额')
    await expect(text(page, '#calc-assumptions')).resolves.toContain('选了“不记得”报销情况')
    // Review 15: the chart's title counts the bars it draws.
    await expect(text(page, '#calc-projection-title')).resolves.toBe('2027年至2037年继续连续参保，限额会这样变化')
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
  it('draws the cap chart from a zero axis: bar heights in proportion to the caps (review 15)', async () => {
    // Without the fixed clock: under it Taro's H5 canvas query never answers, and nothing is drawn.
    const page = await newPhonePage(browser())
    await page.goto(`${baseUrl}/#/pages/calculator/index`)
    await page.locator('#calc-projection').scrollIntoViewIfNeeded()
    const bars = () =>
      page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('#calc-projection canvas')
        const ctx = canvas?.getContext('2d')
        if (!canvas || !ctx || canvas.width === 0) return []
        const { width, height, data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
        // bar colours #0b6e4f and #1f9d74; each bar's height is its tallest column of those pixels
        const isBar = (i: number) =>
          (Math.abs((data[i] ?? 0) - 11) < 8 &&
            Math.abs((data[i + 1] ?? 0) - 110) < 8 &&
            Math.abs((data[i + 2] ?? 0) - 79) < 8) ||
          (Math.abs((data[i] ?? 0) - 31) < 8 &&
            Math.abs((data[i + 1] ?? 0) - 157) < 8 &&
            Math.abs((data[i + 2] ?? 0) - 116) < 8)
        const heights: number[] = []
        let current = 0
        for (let x = 0; x < width; x++) {
          let n = 0
          for (let y = 0; y < height; y++) if (isBar((y * width + x) * 4)) n++
          if (n > 0) current = Math.max(current, n)
          else if (current > 0) {
            heights.push(current)
            current = 0
          }
        }
        if (current > 0) heights.push(current)
        return heights
      })
    await expect.poll(async () => (await bars()).length, { timeout: 10_000 }).toBe(11)
    const heights = await bars()
    const caps = (await page.locator('#calc-projection .cap-chart-row').allInnerTexts()).map((t) =>
      Number(/：([\d,]+)元/.exec(t)?.[1]?.replace(/,/g, '')),
    )
    expect(caps).toHaveLength(11)
    const first = heights[0] as number
    const last = heights[heights.length - 1] as number
    // 300,000 against 336,000 is 0.89: an axis starting near the smallest cap drew it as a stub
    expect(first / last).toBeCloseTo((caps[0] as number) / (caps[caps.length - 1] as number), 1)
    await expect(text(page, '#calc-projection-title')).resolves.toMatch(/^\d{4}年至\d{4}年继续连续参保/)
    await saveScreenshot(page, 'calculator-chart')
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
    // Review 16: in large type the cap equation wraps between its terms, never after an operator.
    const terms = await page
      .locator('#calc-explanation .explain-sentence .figure-whole')
      .evaluateAll((els) => els.map((el) => ({ text: el.textContent ?? '', lines: el.getClientRects().length })))
    expect(terms.filter((t) => /^[+−=] /.test(t.text)).map((t) => t.text)).toEqual(['+ 0元', '− 0元', '= 300,000元'])
    for (const t of terms) expect(t.lines, t.text).toBe(1)
    await page.locator('#calc-explanation .explain-sentence', { hasText: '= 300,000元' }).scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'calculator-elder-equation')
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
