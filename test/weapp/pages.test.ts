import { describe, expect, inject, it } from 'vitest'
import { launchPerTest, allPages, forwardTo, readAppJson } from './harness'

const worker = forwardTo(inject('weappWorkerUrl'))
const routes = allPages(readAppJson())

/**
 * What a resident sees first on each page. A page added to app.json without an entry here fails below:
 * every page must be proven to render on the WeChat build, not only to exist.
 */
const KEY_TEXT: Record<string, string> = {
  // Signed out: the sign-in prompt (the service-status card is for office users only).
  'pages/index/index': '参保助手',
  'pages/calculator/index': '算一算大病保险限额和等待期',
  'pages/me/index': '大字模式',
  'packages/policy/index': '参保长效机制',
  // Signed out, it asks to sign in first under its own title.
  'packages/records/index': '我的参保年度',
  // Signed out, the office area says who it is for instead of showing the upload.
  'packages/office/index': '仅限医保经办人员',
  'pages/reminders/index': '参保提醒',
  'pages/family/index': '家庭共济',
  'packages/office/campaign': '仅限医保经办人员',
  'packages/office/figures': '仅限医保经办人员',
  'packages/office/reviews': '仅限医保经办人员',
}

const launch = launchPerTest()

describe('every page of the WeChat build', () => {
  it('lists main-package and sub-package pages', () => {
    expect(routes.length).toBeGreaterThan(0)
    expect(routes).toContain('pages/index/index')
  })

  it.each(routes)('%s opens without an error and shows its key text', async (route) => {
    const keyText = KEY_TEXT[route]
    if (!keyText)
      throw new Error(
        `${route} is in app.json but has no key text in test/weapp/pages.test.ts: add what a resident sees first`,
      )
    const app = await launch({ path: route, request: worker })
    expect(app.page.route).toBe(route)
    await app.page.waitForText(keyText)
    await app.settle()
    expect(app.problems()).toEqual([])
  })
})
