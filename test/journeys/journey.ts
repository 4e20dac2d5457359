import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { repoRoot } from '../../scripts/lib/proc'
import { newPhonePage } from '../e2e/browser'
import type { DevSession } from '../e2e/session'
import type { Browser } from 'playwright-core'

export const journeyDir = path.join(repoRoot, 'test-results', 'journeys')

/** One person's way through the app; every step leaves a full-page screenshot named after it. */
export class Journey {
  private n = 0
  constructor(
    readonly name: string,
    readonly page: Page,
  ) {}

  async step(what: string): Promise<string> {
    this.n += 1
    mkdirSync(journeyDir, { recursive: true })
    const file = path.join(journeyDir, `${this.name}-${String(this.n).padStart(2, '0')}-${what}.png`)
    // The H5 app scrolls inside its page element, not the document: grow the window to the content so the
    // screenshot holds everything a person would scroll through, then give the phone its size back.
    // Let Taro's page slide-in finish, or the shot holds half of two pages.
    await this.page.waitForTimeout(500)
    const viewport = this.page.viewportSize() ?? { width: 390, height: 844 }
    const height = await this.page.evaluate(() => {
      let tallest = document.documentElement.scrollHeight
      document.querySelectorAll<HTMLElement>('.taro_page, .taro-tabbar__panel, #app, body *').forEach((el) => {
        if (el.offsetParent !== null && el.scrollHeight > el.clientHeight + 4)
          tallest = Math.max(tallest, el.scrollHeight + (window.innerHeight - el.clientHeight))
      })
      return tallest
    })
    await this.page.setViewportSize({
      width: viewport.width,
      height: Math.min(Math.max(viewport.height, height), 8000),
    })
    await this.page.screenshot({ path: file, fullPage: true })
    await this.page.setViewportSize(viewport)
    return file
  }

  text(selector: string): Promise<string> {
    return this.page.locator(`${selector} >> visible=true`).first().innerText()
  }

  /** A tab, tapped as a person does (a tab cannot be reached by changing the address). */
  async tab(label: string): Promise<void> {
    await this.page
      .locator('.weui-tabbar__label, .taro-tabbar__label, [class*="tabbar"] span')
      .filter({ hasText: new RegExp(`^${label}$`) })
      .first()
      .click()
  }

  async visible(selector: string, timeout = 20_000): Promise<void> {
    // Taro H5 keeps pages of the stack in the DOM, hidden: wait for the one a person sees.
    await this.page.locator(`${selector} >> visible=true`).first().waitFor({ state: 'visible', timeout })
  }
}

/** A phone page signed in as `session`, optionally in 大字模式, opened at `hash`. */
export async function openAs(
  browser: Browser,
  baseUrl: string,
  session: DevSession | null,
  hash: string,
  options: { elder?: boolean } = {},
): Promise<Page> {
  const page = await newPhonePage(browser)
  await page.addInitScript(
    ({ value, elder }) => {
      if (value) localStorage.setItem('canbao.session', JSON.stringify({ data: value }))
      if (elder) localStorage.setItem('canbao.elderMode', JSON.stringify({ data: true }))
    },
    { value: session, elder: options.elder === true },
  )
  await page.goto(`${baseUrl}/#/${hash}`)
  return page
}

/** The API's own answers for this resident, as the home page fetches them. */
export async function apiSnapshot(baseUrl: string, token: string, year: number) {
  const get = async (p: string) => {
    const res = await fetch(`${baseUrl}${p}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status, p).toBe(200)
    return res.json() as Promise<any>
  }
  const [thisYear, nextYear, history] = await Promise.all([
    get(`/api/me/entitlement?year=${year}`),
    get(`/api/me/entitlement?year=${year + 1}`),
    get('/api/me/history'),
  ])
  return { thisYear, nextYear, history }
}

/** What a person reads on the page: everything, the small 依据 lines too (review 4: no ids there either). */
export async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText)
}

/** Internal decision ids and codes, and developers' notes, never appear in a sentence a resident reads. */
export function expectNoInternalIds(text: string) {
  const found = /决策\s*D\d|按决策|\bD\d{1,2}\b|开发|模拟|\bfake\b|\bdemo\b|TODO/i.exec(text)
  expect(found ? text.slice(Math.max(0, found.index - 60), found.index + 20) : null).toBeNull()
  expect(text).not.toMatch(/[A-Z]{3,}_[A-Z_]+/)
}

/** Dates a person reads are in words (2026年12月1日), never ISO (2026-12-01, 2026-12-01T08:00). */
export function expectNoIsoDates(text: string) {
  const found = /\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?/.exec(text)
  expect(found ? text.slice(Math.max(0, found.index - 30), found.index + 30) : null).toBeNull()
}

/** The cap chart is drawn (pixels on the canvas) or says in words why there is none: never a blank box. */
export async function capChartState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const why = document.querySelector<HTMLElement>('#calc-chart-why')
    if (why && why.offsetParent !== null) return `words:${why.innerText}`
    const canvas = document.querySelector<HTMLCanvasElement>('#calc-projection canvas')
    if (!canvas) return 'none'
    const ctx = canvas.getContext('2d')
    if (!ctx || canvas.width === 0) return 'blank'
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return 'drawn'
    return 'blank'
  })
}

/**
 * Every piece of text a person can see whose type is smaller than `minPx` (CSS px on the 390 px phone), as
 * "size px: text". 大字模式 promises large type everywhere, so one small line is a defect. The tab bar is
 * left out: it keeps its own height, and its labels are checked separately.
 */
export async function smallTexts(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim()
      const el = node.parentElement
      if (!text || !el || el.closest('.taro-tabbar__tabbar, .weui-tabbar, #taro-navigation-bar, canvas')) continue
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0 || el.closest('[style*="display: none"]')) continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) continue
      const size = parseFloat(style.fontSize)
      if (size < min) out.push(`${size.toFixed(1)}px: ${text.slice(0, 30)}`)
    }
    return out
  }, minPx)
}

/**
 * Figure rows where the label is squeezed beside its value (more than two lines) or the value itself breaks
 * over lines, as "label | value". At 390 px a long value must go under its label, both readable.
 */
export async function squeezedFigures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    document.querySelectorAll<HTMLElement>('.figure-row').forEach((row) => {
      if (row.offsetParent === null) return
      const label = row.querySelector<HTMLElement>('.figure-label')
      const value = row.querySelector<HTMLElement>('.figure-value')
      if (!label || !value) return
      const lines = (el: HTMLElement) => {
        const lh = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5
        return Math.round(el.getBoundingClientRect().height / lh)
      }
      const overflow =
        value.scrollWidth > value.clientWidth + 1 ||
        value.getBoundingClientRect().right > row.getBoundingClientRect().right + 1
      if (lines(label) > 2 || lines(value) > 1 || overflow)
        out.push(
          `${label.innerText} (${lines(label)} lines) | ` +
            `${value.innerText} (${lines(value)} lines${overflow ? ', cut' : ''})`,
        )
    })
    return out
  })
}

/**
 * Amounts and month counts that the phone broke over two lines ("3个 / 月", "304000 / 元"), as they read.
 * Looks at the rendered lines of every visible text, so it holds whatever markup the page uses.
 */
export async function brokenFigures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement
      if (!el || el.offsetParent === null) continue
      const text = node.textContent ?? ''
      for (const m of text.matchAll(/[+−-]?\d[\d,]*(?:\.\d+)?(?:元|个月)/g)) {
        const range = document.createRange()
        range.setStart(node, m.index ?? 0)
        range.setEnd(node, (m.index ?? 0) + m[0].length)
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)))
        if (tops.size > 1) out.push(m[0])
      }
    }
    return out
  })
}
