import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { repoRoot } from '../../scripts/lib/proc'
import { launchBrowser } from '../e2e/browser'
import { WeappApp, allPages, forwardTo, readAppJson, signedInStorage } from './harness'
import { compilerBinaries } from './harness/compiler'
import { SCREEN, drawPage, stylesFromOtherPages } from './harness/draw'

const workerUrl = inject('weappWorkerUrl')
const worker = forwardTo(workerUrl)
const drawingDir = path.join(repoRoot, 'test-results', 'weapp')

const bins = compilerBinaries()
if (!bins.ok) console.warn(`test/weapp/drawing.test.ts skipped: ${bins.reason}`)

/** One state of each page worth looking at, with what shows it has loaded. Every app.json page has one. */
const SCENES: { name: string; route: string; as?: string; ready: string }[] = [
  { name: 'home-signed-out', route: 'pages/index/index', ready: '登录后查看您今年和明年的参保状态' },
  { name: 'home', route: 'pages/index/index', as: 'zhangsan', ready: '大病保险最高支付限额' },
  { name: 'calculator', route: 'pages/calculator/index', ready: '大病保险最高支付限额' },
  // Not the balance: family.test.ts pays from the same demo account while this runs.
  { name: 'family', route: 'pages/family/index', as: 'demo-payer', ready: '我的家人' },
  { name: 'reminders', route: 'pages/reminders/index', as: 'zhangsan', ready: '参保提醒' },
  { name: 'me', route: 'pages/me/index', as: 'zhangsan', ready: '张三' },
  // A clerk's 我的: the workbench comes before the resident part.
  { name: 'me-office', route: 'pages/me/index', as: 'office-chengdu', ready: '医保经办工作台' },
  { name: 'policy', route: 'packages/policy/index', ready: '参保长效机制' },
  // 张三's office-imported years, read-only beside the ones he declared.
  { name: 'records', route: 'packages/records/index', as: 'zhangsan', ready: '医保部门导入' },
  { name: 'office', route: 'packages/office/index', ready: '仅限医保经办人员' },
  { name: 'office-workbench', route: 'packages/office/index', as: 'office-chengdu', ready: '导入记录' },
  { name: 'campaign', route: 'packages/office/campaign', ready: '仅限医保经办人员' },
  { name: 'figures', route: 'packages/office/figures', ready: '仅限医保经办人员' },
  { name: 'figures-office', route: 'packages/office/figures', as: 'office-nanchang', ready: '南昌市的地区数据' },
  { name: 'reviews', route: 'packages/office/reviews', ready: '仅限医保经办人员' },
  { name: 'reviews-office', route: 'packages/office/reviews', as: 'office-chengdu', ready: '监护关系审核（户口本）' },
]

let browser: Browser | undefined
let phone: BrowserContext | undefined
let app: WeappApp | undefined

describe.skipIf(!bins.ok)('each page drawn from WeChat’s element tree and WXSS, at 375×667 and in 大字模式', () => {
  beforeAll(async () => {
    browser = await launchBrowser()
    // An iPhone 8 sized screen, the width rpx is converted for.
    phone = await browser.newContext({
      viewport: SCREEN,
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      javaScriptEnabled: false,
    })
    mkdirSync(drawingDir, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(() => {
    app?.close()
    app = undefined
  })

  it('has a scene for every page of app.json', () => {
    expect(allPages(readAppJson()).filter((r) => !SCENES.some((s) => s.route === r))).toEqual([])
  })

  it.each(
    SCENES.flatMap((s) => [
      { ...s, elder: false },
      { ...s, elder: true },
    ]),
  )('$name (elder: $elder)', async ({ name, route, as, ready, elder }) => {
    const storage = as ? await signedInStorage(workerUrl, as) : new Map<string, string>()
    if (elder) storage.set('canbao.elderMode', 'true')
    app = await WeappApp.launch({ path: route, request: worker, storage })
    await app.page.waitForText(ready)
    await app.settle()
    expect(app.page.root()?.children[0]?.className.split(' ').includes('elder')).toBe(elder)
    // WeChat scopes each page's WXSS to that page; a class styled only by another page is bare here.
    expect(stylesFromOtherPages(app.page), `${route}: classes without a style on WeChat`).toEqual([])
    const drawing = drawPage(app.page)
    const file = `${name}${elder ? '-elder' : ''}`
    writeFileSync(path.join(drawingDir, `${file}.html`), drawing.html)

    const page = await (phone as BrowserContext).newPage()
    try {
      await page.setContent(drawing.html, { waitUntil: 'load' })
      // The text that shows the page loaded is laid out and visible in the drawing, not only in the tree.
      expect(await page.locator('body').innerText()).toContain(ready)
      await page.screenshot({ path: path.join(drawingDir, `${file}.png`) })
      await page.evaluate(() => document.documentElement.classList.add('full-page'))
      await page.screenshot({ path: path.join(drawingDir, `${file}-full.png`), fullPage: true })
      // Nothing may push the page sideways: on a phone that is a page the resident has to pan.
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth
        return Array.from(document.body.querySelectorAll('*'))
          .filter((el) => el.getBoundingClientRect().right > width + 0.5)
          .map((el) => {
            const id = el.id ? `#${el.id}` : ''
            const classes = el.className ? `.${String(el.className).split(' ').join('.')}` : ''
            return `<${el.tagName.toLowerCase()}${id}${classes}> right=${el.getBoundingClientRect().right.toFixed(0)}`
          })
      })
      expect(overflow, `${file}: elements past the right edge of a ${SCREEN.width}px screen`).toEqual([])
    } finally {
      await page.close()
    }
  })
})
