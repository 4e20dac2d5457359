import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from '../../scripts/lib/browser'
import { repoRoot } from '../../scripts/lib/proc'

export { launchBrowser } from '../../scripts/lib/browser'
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots')

/** One Chromium for a test file: launched before its tests, closed after them. Call once at the file's top. */
export function browserForFile(): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => {
    if (!browser) throw new Error('the browser is used before beforeAll launched it')
    return browser
  }
}

/** A phone-sized page, as residents see the app. */
export async function newPhonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  })
  return context.newPage()
}

/** What a person sees of a button: its text colour, fill and opacity as the browser computes them. */
export const looks = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const s = getComputedStyle(el)
      return { color: s.color, background: s.backgroundColor, opacity: s.opacity }
    })

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const file = path.join(screenshotDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
