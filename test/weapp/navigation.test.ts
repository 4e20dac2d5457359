import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { WeappApp, allPages, distDir, forwardTo, parseUrl, readAppJson, tabPages } from './harness'

const app = readAppJson()
const routes = allPages(app)
const tabs = tabPages(app)

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? jsFiles(full) : full.endsWith('.js') ? [full] : []
  })
}

/** Every `wx.navigateTo({url:"/…"})`-style call in the built code, with the route its literal url names. */
function navigationCalls(): { api: string; route: string; file: string }[] {
  return jsFiles(distDir).flatMap((file) => {
    const code = readFileSync(file, 'utf8')
    return [...code.matchAll(/\.(navigateTo|redirectTo|switchTab|reLaunch)\(\{url:["'`]([^"'`]+)["'`]/g)].map((m) => ({
      api: m[1] as string,
      route: parseUrl(m[2] as string, '').route,
      file: path.relative(distDir, file),
    }))
  })
}

describe('navigation in the WeChat build', () => {
  it.each(routes)('page %s is built (js, json, wxml)', (route) => {
    for (const ext of ['js', 'json', 'wxml'])
      expect(existsSync(path.join(distDir, `${route}.${ext}`)), `${route}.${ext}`).toBe(true)
  })

  it('has every tab in the main package, as WeChat requires', () => {
    expect(tabs.length).toBeGreaterThan(0)
    for (const tab of tabs) expect(app.pages, `tab ${tab}`).toContain(tab)
  })

  it('ships every tab icon, within WeChat’s 40 KB per icon', () => {
    const icons = (app.tabBar?.list ?? [])
      .flatMap((t) => [t.iconPath, t.selectedIconPath])
      .filter((p): p is string => Boolean(p))
    for (const icon of icons) {
      const file = path.join(distDir, icon)
      expect(existsSync(file), icon).toBe(true)
      expect(statSync(file).size, icon).toBeLessThanOrEqual(40 * 1024)
    }
  })

  it('only navigates to pages that exist, with the API their kind allows', () => {
    const calls = navigationCalls()
    expect(calls.length).toBeGreaterThan(0)
    for (const call of calls) {
      expect(routes, `${call.api} in ${call.file}`).toContain(call.route)
      // WeChat refuses switchTab to a plain page and navigateTo/redirectTo to a tab.
      if (call.api === 'switchTab') expect(tabs, `${call.api} in ${call.file}`).toContain(call.route)
      if (call.api === 'navigateTo' || call.api === 'redirectTo')
        expect(tabs, `${call.api} in ${call.file}`).not.toContain(call.route)
    }
  })
})

describe('tabs and home page buttons on the WeChat build', () => {
  const worker = forwardTo(inject('weappWorkerUrl'))
  let running: WeappApp | undefined
  afterEach(() => {
    running?.close()
    running = undefined
  })

  it('看政策原文 opens the policy sub-package page on top of home', async () => {
    running = await WeappApp.launch({ request: worker })
    await running.page.tap('看政策原文')
    expect(running.wx.callsTo('navigateTo')).toHaveLength(1)
    expect(running.pages.map((p) => p.route)).toEqual(['pages/index/index', 'packages/policy/index'])
    await running.page.waitForText('参保长效机制')
  })

  it.each(app.tabBar?.list ?? [])('tab bar item $text opens $pagePath', async (tab) => {
    running = await WeappApp.launch({ request: worker })
    await running.tapTab(tab.text)
    expect(running.pages.map((p) => p.route)).toEqual([tab.pagePath])
    expect(running.page.text()).not.toBe('')
  })

  it('算一算我的待遇 switches to the calculator tab', async () => {
    running = await WeappApp.launch({ request: worker })
    await running.page.tap('算一算我的待遇')
    expect(running.wx.callsTo('switchTab')).toHaveLength(1)
    expect(running.page.route).toBe('pages/calculator/index')
    await running.page.waitForText('算一算大病保险限额和等待期')
  })
})
