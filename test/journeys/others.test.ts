import { describe, expect, inject, it } from 'vitest'
import { homeAnswer } from '../../miniapp/src/pages/index/status-model'
import { browserForFile } from '../e2e/browser'
import { devSession } from '../e2e/session'
import { Journey, apiSnapshot, expectNoInternalIds, openAs, readableText } from './journey'

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
    await expect(j.text('#status-action-detail')).resolves.toBe(homeAnswer(snap, '510100').action.detail)
    // His own years are employee years: shown as such, not as 未参保.
    await expect(j.text(`#status-year-${thisYear()}`)).resolves.toContain('职工医保')
    expectNoInternalIds(await readableText(page))
    await j.step('home')
    await page.goto(`${baseUrl}/#/pages/family/index`)
    await page.getByText('刘秀英').first().waitFor({ state: 'visible', timeout: 20_000 })
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
    await expect(j.text('#account')).resolves.toContain('成都')
    await j.step('me')
    await page.locator('#go-office').click()
    await page.getByText('演示数据.csv').first().waitFor({ state: 'visible', timeout: 20_000 })
    await j.step('workbench')
    await page.context().close()
  })
})
