import { accessSync, constants, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { WeappApp, allPages, distDir, forwardTo, readAppJson, signedInStorage, type RequestHandler } from './harness'
import { compileWxml, compileWxss, compilerBinaries, unsupportedPlatform } from './harness/compiler'
import { wxElements, wxText, type WxElement } from './harness/view'

const workerUrl = inject('weappWorkerUrl')
const worker = forwardTo(workerUrl)
const noNetwork: RequestHandler = (request) => ({
  fail: `request:fail this page must not need the network (${request.method} ${request.url})`,
})

const bins = compilerBinaries()
if (!bins.ok) console.warn(`test/weapp/render.test.ts skipped: ${bins.reason}`)

let app: WeappApp | undefined
afterEach(() => {
  app?.close()
  app = undefined
})

/** Text of the element with `id` in WeChat's element tree (not in the page data). */
function drawnText(id: string): string {
  const render = app?.page.wxml()
  if (!render) throw new Error('the page has not rendered')
  const el = [...wxElements(render.root)].find((e) => e.attr.id === id)
  if (!el) throw new Error(`WeChat's tree has no #${id}; it shows:\n${app?.page.text()}`)
  return wxText(el).trim()
}

function drawnElements(test: (el: WxElement) => boolean): WxElement[] {
  const render = app?.page.wxml()
  return render ? [...wxElements(render.root)].filter(test) : []
}

describe.skipIf(!bins.ok)('the WeChat build through WeChat’s own compilers', () => {
  it('wcc compiles every page’s WXML and wcsc every WXSS, with its lint on', () => {
    const wxml = compileWxml(distDir)
    const wxss = compileWxss(distDir)
    for (const route of allPages(readAppJson())) {
      expect(wxml.files).toContain(`${route}.wxml`)
      expect(wxss.css.has(`${route}.wxss`), `${route}.wxss`).toBe(true)
    }
    // rpx is converted for a 375 pt screen: app.wxss sets the page's font to 32rpx.
    expect(wxss.css.get('app.wxss')).toMatch(/body\{[^}]*font-size:16px/)
  })

  it('home, signed in: the cap, the enrollment deadline and the next step are in WeChat’s tree', async () => {
    app = await WeappApp.launch({ request: worker, storage: await signedInStorage(workerUrl, 'zhangsan') })
    await app.page.waitForText('大病保险最高支付限额')
    const caps = drawnElements((e) =>
      String(e.attr.class ?? '')
        .split(' ')
        .includes('status-cap'),
    ).map((e) => wxText(e))
    expect(caps.length).toBe(2)
    for (const cap of caps) expect(cap).toMatch(/^\d{1,3}(,\d{3})*元$/)
    expect(drawnText('status-window')).toMatch(/集中参保期.*\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日/)
    expect(drawnText('status-action')).not.toBe('')
  })

  it(
    'calculator: cap, waiting months and amount due come out of the templates, ' + 'and each tap hits a drawn element',
    async () => {
      app = await WeappApp.launch({ path: 'pages/calculator/index', request: noNetwork })
      await app.page.waitForText('大病保险最高支付限额')
      expect(drawnText('calc-cap')).toMatch(/^\d{1,3}(,\d{3})*元$/)
      expect(drawnText('calc-waiting')).toMatch(/^(\d+个月|没有等待期)$/)
      expect(drawnText('calc-benefit-start')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/)
      const gaps = drawnElements((e) => /^calc-row-\d{4}-gap$/.test(String(e.attr.id)))
      expect(gaps.length).toBeGreaterThan(0)
      const gapId = String(gaps[gaps.length - 1]?.attr.id)
      const year = gapId.slice('calc-row-'.length, -'-gap'.length)
      expect(gaps[gaps.length - 1]?.attr.bindtap).toBe('eh')
      await app.page.tap(`#${gapId}`)
      expect(drawnText('calc-waiting')).toMatch(/^\d+个月$/)
      await app.page.input('#calc-contribution', '400')
      await app.page.tap(`#calc-backpay-${year}`)
      expect(drawnText('calc-repair-cost')).toContain('共需400元')
      expect(app.problems()).toEqual([])
    },
  )

  it('家庭, the demo payer: each relative’s amount due and deadline are drawn', async () => {
    app = await WeappApp.launch({
      path: 'pages/family/index',
      request: worker,
      storage: await signedInStorage(workerUrl, 'demo-payer'),
    })
    // family.test.ts pays from the same demo account in parallel: wait for the rows, not for a balance.
    await app.page.waitForText('应缴')
    const drawn = wxText(app.page.wxml()?.root as WxElement)
    expect(drawn).toMatch(/应缴[\d,]+(\.\d{2})?元/)
    // dates in prose (one format module): 请在2026年12月31日前缴纳 / 已于2025年12月31日结束
    expect(drawn).toMatch(/请在\d{4}年\d{1,2}月\d{1,2}日前缴纳|已于\d{4}年\d{1,2}月\d{1,2}日结束/)
  })
})

describe('where miniprogram-compiler has no binary', () => {
  it('says which platform and what the package covers, so the skip is not silent', () => {
    expect(unsupportedPlatform('0.2.3', 'linux', 'arm64')).toBe(
      'miniprogram-compiler 0.2.3 has no wcc/wcsc for linux-arm64 (only linux-x64, macOS and Windows)',
    )
    expect(unsupportedPlatform('0.2.3', 'freebsd', 'x64')).toMatch(/freebsd-x64/)
    expect(unsupportedPlatform('0.2.3', 'linux', 'x64')).toBeNull()
    expect(unsupportedPlatform('0.2.3', 'darwin', 'arm64')).toBeNull()
  })

  it('leaves the binaries runnable even though npm unpacks the Linux ones without their run bit', () => {
    if (!bins.ok) return
    expect(() => accessSync(bins.wcc, constants.X_OK)).not.toThrow()
    expect(() => accessSync(bins.wcsc, constants.X_OK)).not.toThrow()
  })
})

/** A copy of the build to break on purpose: each check must fail on a defect only the real templates show. */
describe.skipIf(!bins.ok)('what only WeChat’s templates catch', () => {
  let broken: string
  beforeAll(() => {
    broken = mkdtempSync(path.join(tmpdir(), 'canbao-weapp-broken-'))
  })
  afterAll(() => rmSync(broken, { recursive: true, force: true }))

  function brokenBuild(name: string, edit: (dir: string) => void): string {
    const dir = path.join(broken, name)
    cpSync(distDir, dir, { recursive: true, filter: (src) => !src.endsWith('.map') })
    edit(dir)
    return dir
  }
  const editFile = (file: string, change: (text: string) => string) => {
    const before = readFileSync(file, 'utf8')
    const after = change(before)
    if (after === before)
      throw new Error(`the edit of ${file} changed nothing: the build's templates look different now`)
    writeFileSync(file, after)
  }

  it('a template the generated code cannot find fails the page (`Template … not found`)', async () => {
    // The <text> component's template, renamed: every Text on the page then points at nothing.
    const dir = brokenBuild('missing-template', (d) =>
      editFile(path.join(d, 'base.wxml'), (t) => t.replace(/name="tmpl_0_5"/, 'name="tmpl_0_5_gone"')),
    )
    await expect(WeappApp.launch({ distDir: dir, request: () => ({ fail: 'request:fail offline' }) })).rejects.toThrow(
      /Template `tmpl_0_5` not found/,
    )
  })

  it('text the data holds but the template does not show fails the page', async () => {
    const dir = brokenBuild('no-text', (d) =>
      editFile(path.join(d, 'base.wxml'), (t) => t.replace(/\{\{i\.v\}\}/g, '')),
    )
    await expect(WeappApp.launch({ distDir: dir, request: () => ({ fail: 'request:fail offline' }) })).rejects.toThrow(
      /shows no text where the data has/,
    )
  })

  it('an element the page taps that WeChat’s deeper templates draw without bindtap fails the page', async () => {
    // The harness reads events from the depth-0 templates; WeChat picks a nested view's template by its depth.
    // The policy page's clause headings are tappable views three levels down.
    const dir = brokenBuild('no-tap', (d) =>
      editFile(path.join(d, 'base.wxml'), (t) =>
        t.replace(/(<template name="tmpl_[1-9]\d*_\w+">\s*<view[^>]*?) bindtap="eh"/g, '$1'),
      ),
    )
    await expect(WeappApp.launch({ distDir: dir, path: 'packages/policy/index', request: noNetwork })).rejects.toThrow(
      /listens for "tap"[^\n]*binds no tap/,
    )
  })

  it('a WXSS rule wcsc refuses fails before any page opens', async () => {
    const dir = brokenBuild('bad-wxss', (d) =>
      editFile(path.join(d, 'pages/index/index.wxss'), (t) => `${t}\n*{margin:0}`),
    )
    await expect(WeappApp.launch({ distDir: dir, request: noNetwork })).rejects.toThrow(
      /wcsc refused the build[\s\S]*ERR: pages\/index\/index\.wxss/,
    )
  })
})
