import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { residentIdCheckChar } from '../../shared/api/resident-id'
import { browserForFile, saveScreenshot } from './browser'
import { signInAs } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

/** A valid Chengdu (5101xx) resident ID for the n-th test person. */
function chengduId(n: number): string {
  const birth = `${1960 + n}0${(n % 9) + 1}${10 + (n % 18)}`
  const first17 = `510104${birth}${String(n).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}

const HEADER = '身份证号,年度,险种,缴费日期,基金支付金额分,使用激励,职工医保终止日期'

/**
 * The shown page at rest, as a clerk sees it on a 1280 px desktop: Taro's H5 router slides every new page in from
 * the right (300 ms), and a screenshot or tap in that time caught the page half off-screen (review finding 1:
 * the campaign form started at x≈870, the import error lost its "第N行"). Waits for the slide to end, then asks
 * that nothing of the page sticks out sideways and nothing is scrolled sideways.
 */
async function expectPageAtRest(page: Page, pageId: string): Promise<void> {
  // The page is found by its own root id, not as "the last shown page": right after a tap the new page may not
  // carry Taro's shown class yet, and the page before it, at rest, answered for it.
  const offset = () =>
    page.evaluate((id) => {
      const shown = document.getElementById(id)?.closest('.taro_page')
      if (!shown) return 'no page'
      const moving = shown.getAnimations({ subtree: false }).length > 0
      return moving ? 'moving' : shown.getBoundingClientRect().left
    }, pageId)
  await expect.poll(offset, { timeout: 10_000 }).toBe(0)
  const layout = await page.evaluate((id) => {
    const shown = document.getElementById(id)?.closest('.taro_page') as HTMLElement
    const outside = Array.from(shown.querySelectorAll('*'))
      .filter((el) => {
        const r = el.getBoundingClientRect()
        return r.width > 0 && (r.left < 0 || r.right > innerWidth)
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
    const scrolled = [document.documentElement, document.body, shown].some((el) => el.scrollLeft !== 0)
    return { fits: (document.scrollingElement?.scrollWidth ?? 0) <= innerWidth, scrollX, scrolled, outside }
  }, pageId)
  expect(layout).toEqual({ fits: true, scrollX: 0, scrolled: false, outside: [] })
}

async function openOffice(): Promise<Page> {
  // Office staff work on a desktop browser.
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await signInAs(page, baseUrl, 'office-chengdu')
  await page.locator('#go-office').click()
  await page.locator('#office-history').waitFor({ state: 'visible', timeout: 20_000 })
  await expectPageAtRest(page, 'office-page')
  return page
}

async function upload(page: Page, name: string, csv: string) {
  const chooser = page.waitForEvent('filechooser')
  await page.locator('#office-upload').click()
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
}

describe('office import on H5', () => {
  it('rejects a file with bad lines, naming each line in Chinese, and imports nothing', async () => {
    const page = await openOffice()
    const csv = [
      HEADER,
      `${chengduId(1)},2026,resident,2025-11-02,0,否,`,
      `${chengduId(2)},2026,居民医保,2025-02-30,,,`,
      `12345,2026,resident,2025-11-02,,,`,
    ].join('\n')
    await upload(page, 'bad.csv', csv)
    const errors = page.locator('#office-errors')
    await errors.waitFor({ state: 'visible', timeout: 30_000 })
    const text = await errors.innerText()
    expect(text).toContain('第3行')
    expect(text).toContain('第4行')
    // Review 25: the row number once per line, not "第3行（缴费日期）：第 3 行：…".
    expect(text).not.toMatch(/第 ?\d+ ?行[^\n]*第 ?\d+ ?行：/)
    expect(text).toContain('整个文件都没有导入')
    // every error line starts with its row number, fully on screen
    const lines = await errors.locator('.line-error').allInnerTexts()
    expect(lines.length).toBe(2)
    for (const line of lines) expect(line).toMatch(/^第\d+行/)
    await expectPageAtRest(page, 'office-page')
    await saveScreenshot(page, 'office-import-rejected')
  })

  it('imports a good file with progress, and a second import of it changes nothing', async () => {
    const page = await openOffice()
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${chengduId(i + 10)},2026,resident,2025-11-0${(i % 9) + 1},0,否,`,
    )
    const csv = '\uFEFF' + [HEADER, ...rows].join('\r\n')
    await upload(page, 'chengdu-2026.csv', csv)
    await expect(page.locator('#office-errors').count()).resolves.toBe(0)
    const result = page.locator('#office-result')
    await result.waitFor({ state: 'visible', timeout: 60_000 })
    await expect(result.innerText()).resolves.toContain('新增30条')
    await expectPageAtRest(page, 'office-page')
    // The result is where the clerk is looking, right under the upload button, not below every other card.
    const seen = await page.locator('#office-progress').evaluate((el) => {
      const r = el.getBoundingClientRect()
      const upload = document.querySelector('#office-upload')?.getBoundingClientRect()
      const next = document.querySelector('#go-figures')?.getBoundingClientRect()
      return {
        inView: r.top >= 0 && r.bottom <= window.innerHeight,
        belowButton: !!upload && r.top > upload.bottom,
        aboveNext: !!next && r.bottom < next.top,
      }
    })
    expect(seen).toEqual({ inView: true, belowButton: true, aboveNext: true })
    // The history reloads after the result shows; wait for it rather than reading it once.
    await page
      .locator('#office-history')
      .getByText('chengdu-2026.csv', { exact: true })
      .waitFor({ state: 'visible', timeout: 20_000 })
    // the import's time as a Beijing clock reads it, never the UTC one, and with its year: it is a record
    const beijing = new Date(Date.now() + 8 * 3600 * 1000)
    const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:`
    const history = await page.locator('#office-history').innerText()
    expect(history).toContain(
      `北京时间 ${beijing.getUTCFullYear()}年${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日 ${hhmm(beijing)}`,
    )
    await saveScreenshot(page, 'office-import-done')

    await upload(page, 'chengdu-2026-again.csv', csv)
    await page.getByText('chengdu-2026-again.csv：已完成').waitFor({ state: 'visible', timeout: 60_000 })
    await expect(page.locator('#office-result').innerText()).resolves.toContain('新增0条，更新0条，未变化30条')
  })

  it('leads from the import page to the campaign page', async () => {
    const page = await openOffice()
    const bar = page.locator('#taro-navigation-bar')
    await expect(bar.locator('.taro-navigation-bar-title').innerText()).resolves.toBe('经办工作台')
    await page.locator('#go-campaign').click()
    await page.getByText('发送宣传通知', { exact: true }).waitFor({ state: 'visible', timeout: 20_000 })
    await expect(bar.locator('.taro-navigation-bar-title').innerText()).resolves.toBe('经办：宣传通知')
    // the whole title is drawn, not cut to "医保经…"
    const title = bar.locator('.taro-navigation-bar-title')
    await expect(title.evaluate((el) => el.scrollWidth <= el.clientWidth)).resolves.toBe(true)
    await expectPageAtRest(page, 'campaign-page')
    // the form starts at the page's left padding, and every audience button carries its words
    const formLeft = await page.locator('#campaign-title').evaluate((el) => el.getBoundingClientRect().left)
    expect(formLeft).toBeLessThan(100)
    for (const text of await page.locator('[id^="campaign-audience-"]').allInnerTexts())
      expect(text.trim()).not.toBe('')
    await saveScreenshot(page, 'office-campaign-titled')
    // and back to the import page
    await expect(bar.locator('.taro-navigation-bar-back').isVisible()).resolves.toBe(true)
    await bar.locator('.taro-navigation-bar-back').click()
    await page.locator('#go-campaign').waitFor({ state: 'visible', timeout: 20_000 })
    await expect
      .poll(() => bar.locator('.taro-navigation-bar-title').innerText(), { timeout: 10_000 })
      .toBe('经办工作台')
  })

  it('is closed to a resident who is not office staff', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await signInAs(page, baseUrl, 'lisi')
    await expect(page.locator('#go-office').count()).resolves.toBe(0)
    await page.goto(`${baseUrl}/#/packages/office/index`)
    await page.getByText('仅限医保经办人员').waitFor({ state: 'visible', timeout: 20_000 })
  })
})
