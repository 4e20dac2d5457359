import { describe, expect, inject, it } from 'vitest'
import { residentIdCheckChar } from '../../shared/api/resident-id'
import { cstDate } from '../../shared/api/dates'
import { coverIfPaidToday } from '../../shared/family/index'
import { homeAnswer } from '../../miniapp/src/pages/index/status-model'
import { browserForFile } from '../e2e/browser'
import { devSession } from '../e2e/session'
import {
  Journey,
  apiSnapshot,
  brokenFigures,
  expectNoInternalIds,
  expectNoIsoDates,
  openAs,
  readableText,
} from './journey'

const baseUrl = inject('baseUrl')
const browser = browserForFile()
const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))

describe('journey: the payer (家庭共济)', () => {
  it('周建国 reads his own status, then the family tab with his relatives', async () => {
    const session = await devSession(baseUrl, 'demo-payer')
    const page = await openAs(browser(), baseUrl, session, 'pages/index/index')
    const j = new Journey('payer', page)
    await j.visible('#status-action')
    const snap = await apiSnapshot(baseUrl, session.token, thisYear())
    const expected = homeAnswer(snap, '510100')
    await expect(j.text('#status-action-detail')).resolves.toBe(expected.action.detail)
    // His own years are employee years: shown as such, not as 未参保.
    await expect(j.text(`#status-year-${thisYear()}`)).resolves.toContain('职工医保')
    // The headline agrees with the deadline beneath it: not "暂时不需要操作" above "请在…前参加居民医保".
    const title = await j.text('#status-action-title')
    expect(title).toBe(expected.action.title)
    if ((await j.text('#status-action-detail')).includes('前参加居民医保')) {
      expect(title).not.toBe('暂时不需要操作')
      expect(title).toContain('继续参加职工医保')
      // next year's employee record is still to come: amber, not the red of 未参保
      const next = page.locator(`#status-year-${thisYear() + 1}-status >> visible=true`)
      await expect(next.innerText()).resolves.toBe('还没有记录')
      await expect(next.getAttribute('class')).resolves.not.toContain('error-text')
    }
    expectNoInternalIds(await readableText(page))
    await j.step('home')
    await page.goto(`${baseUrl}/#/pages/family/index`)
    await page.getByText('刘秀英').first().waitFor({ state: 'visible', timeout: 20_000 })
    // "应缴400 / 元" over two lines read as two figures
    expect(await brokenFigures(page)).toEqual([])
    // late in the year a payment for it buys no cover in it: no plain "pay this year" button (finding 1)
    const today = cstDate(Date.now())
    if (coverIfPaidToday(thisYear(), today, null, { province: '51' }) !== 'in-year') {
      expect(await readableText(page)).not.toContain(`用个人账户缴${thisYear()}年度`)
    }
    expectNoInternalIds(await readableText(page))
    await j.step('family')
    await page.context().close()
  })
})

describe('journey: the relative', () => {
  it('刘秀英 reads her status with where each year came from', async () => {
    const session = await devSession(baseUrl, 'demo-mother')
    const page = await openAs(browser(), baseUrl, session, 'pages/index/index')
    const j = new Journey('relative', page)
    await j.visible('#status-action')
    const snap = await apiSnapshot(baseUrl, session.token, thisYear())
    const expected = homeAnswer(snap, '510100')
    await expect(j.text('#status-action-detail')).resolves.toBe(expected.action.detail)
    await expect(j.text('#status-provenance')).resolves.toBe(expected.provenance)
    expectNoInternalIds(await readableText(page))
    await j.step('home')
    await page.locator('#status-records >> visible=true').click()
    await page.locator('#records-page .records-year').first().waitFor({ state: 'visible', timeout: 20_000 })
    await j.step('records')
    await page.context().close()
  })
})

describe('journey: the office user', () => {
  it('成都 office clerk reaches the workbench from 我的 and sees the demo import', async () => {
    const session = await devSession(baseUrl, 'office-chengdu')
    const page = await openAs(browser(), baseUrl, session, 'pages/me/index')
    const j = new Journey('office', page)
    await j.visible('#go-office')
    await expect(j.text('#office-work')).resolves.toContain('成都')
    await j.step('me')
    await page.locator('#go-office').click()
    await page.getByText('演示数据.csv').first().waitFor({ state: 'visible', timeout: 20_000 })
    // The import history says the year of every import, in Beijing time.
    await expect(j.text('#office-history')).resolves.toMatch(/北京时间 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
    await j.step('workbench')

    // The figures page: a period the region has not published is not said to have "started" as if it had.
    await page.locator('#go-figures >> visible=true').click()
    await j.visible('#figures-form')
    for (const card of await page.locator('[id^="figures-year-"] >> visible=true').all()) {
      const text = await card.innerText()
      if (/尚未正式公布：.*集中参保期/.test(text)) expect(text).not.toContain('集中参保期已开始')
    }
    // (the proposal form shows the input format, 2026-09-15, on purpose: that is what a clerk types)
    for (const id of ['#figures-pending', '#figures-events'])
      if (await page.locator(`${id} >> visible=true`).count()) expectNoIsoDates(await j.text(id))
    for (const card of await page.locator('[id^="figures-year-"] >> visible=true').all())
      expectNoIsoDates(await card.innerText())
    await j.step('figures')
    await page.goBack()

    // The review page names people as a clerk knows them: masked IDs, dates, "您" — no internal ids.
    // A look-up by this clerk (through the API, as the desk tool does) puts a line in the audit log.
    const first17 = '51010419650405123'
    const lookup = await fetch(`${baseUrl}/api/office/residents/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ idNumber: first17 + residentIdCheckChar(first17) }),
    })
    expect(lookup.status, await lookup.clone().text()).toBeLessThan(500)
    await page.locator('#go-reviews >> visible=true').click()
    await j.visible('#office-audit')
    await page.locator('#office-audit .history-row').first().waitFor({ state: 'visible', timeout: 20_000 })
    const audit = await j.text('#office-audit')
    expect(audit).toContain('您')
    expect(audit).not.toMatch(/\bu_[A-Za-z0-9]{6,}|guardian-\d|fb_[A-Za-z0-9]/)
    const reviews = await j.text('#office-reviews')
    expect(reviews).not.toMatch(/guardian-\d|fb_[A-Za-z0-9]|\bu_[A-Za-z0-9]{6,}/)
    expectNoIsoDates(await readableText(page))
    await j.step('reviews')
    await page.context().close()
  })
})
