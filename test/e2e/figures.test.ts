import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { residentIdCheckChar } from '../../shared/api/resident-id'
import { SENSITIVE_PI_CONSENT_VERSION } from '@canbao/shared/api/identity'
import { browserForFile, saveScreenshot } from './browser'
import { devSession, openSignedIn, signInAs, type DevSession } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

// The two Nanchang office users come from the demo seed (functions/seed/demo.sql), as
// `tsx scripts/grant-office.ts --dev office-nanchang(-2) --province 36 --region 360100` would grant them.
const MAKER = 'office-nanchang'
const CHECKER = 'office-nanchang-2'

async function api(session: DevSession, method: string, path: string, body: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
}

/**
 * A Nanchang resident insured 2025 and 2026, not yet paid for 2027; the session never expires on the phone
 * (the page clock moves).
 */
async function nanchangResident(): Promise<DevSession> {
  const name = 'figures-e2e-resident'
  const first = await devSession(baseUrl, name)
  const first17 = '36010219700505' + '321'
  await api(first, 'PUT', '/api/me/profile', {
    name: '孙九',
    idNumber: first17 + residentIdCheckChar(first17),
    province: '36',
    region: '360100',
    sensitiveConsent: { version: SENSITIVE_PI_CONSENT_VERSION },
  })
  await api(first, 'PUT', '/api/me/history', {
    history: [
      { year: 2025, scheme: 'resident', paidOn: '2024-10-01' },
      { year: 2026, scheme: 'resident', paidOn: '2025-10-01' },
    ],
  })
  const session = await devSession(baseUrl, name)
  return { ...session, expiresAt: '2099-01-01T00:00:00.000Z' }
}

async function openFigures(devName: string): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await signInAs(page, baseUrl, devName)
  await page.goto(`${baseUrl}/#/packages/office/figures`)
  await page.locator('#figures-form').waitFor({ state: 'visible', timeout: 20_000 })
  return page
}

/**
 * The calculator on 2027-02-10, Jiangxi, 2025–2026 insured: the waiting it shows, computed on the phone with the
 * network gone. `staleVersion`: the figure set kept on the phone from an earlier visit is shown at once and then
 * revalidated; wait until the page shows a newer one before going offline (under load the stale one lingered).
 */
async function calculatorOffline(
  resident: DevSession,
  shot: string,
  staleVersion?: string,
): Promise<{ waiting: string; version: string }> {
  const page = await openSignedIn(browser(), baseUrl, resident, 'pages/calculator/index')
  await page.clock.setFixedTime(new Date('2027-02-10T10:00:00+08:00'))
  // The page fills in the resident's declared years when they arrive, unless the form was touched first: wait
  // for them before tapping, as a resident would see them appear (under load they came after the tap).
  const declared = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me/history', { timeout: 20_000 })
  await page.reload()
  await declared
  // The answer is applied a moment after it arrives: a tap before then keeps the blank form (2026 未参保).
  await expect
    .poll(() => page.locator('#calc-row-2026-resident').getAttribute('class'), { timeout: 20_000 })
    .toContain('choice-on')
  await page.locator('#calc-result').waitFor({ state: 'visible', timeout: 20_000 })
  await page.locator('#calc-province-36').click()
  await page
    .locator('#calc-figures-version')
    .getByText(/地区数据第\d+版/)
    .waitFor({ state: 'visible', timeout: 20_000 })
  if (staleVersion !== undefined) {
    await expect
      .poll(() => page.locator('#calc-figures-version').innerText(), { timeout: 20_000 })
      .not.toBe(staleVersion)
  }
  await page.context().setOffline(true)
  await page.locator('#calc-province-51').click()
  await page.locator('#calc-province-36').click()
  const result = {
    waiting: await page.locator('#calc-waiting').innerText(),
    version: await page.locator('#calc-figures-version').innerText(),
  }
  await page.locator('#calc-result').scrollIntoViewIfNeeded()
  await saveScreenshot(page, shot)
  await page.context().setOffline(false)
  await page.context().close()
  return result
}

async function openHome(resident: DevSession): Promise<Page> {
  const page = await openSignedIn(browser(), baseUrl, resident, 'pages/index/index')
  await page.locator('#status-year-2027').waitFor({ state: 'visible', timeout: 20_000 })
  return page
}

describe('region figures: propose, approve, and residents see them (H5)', () => {
  it('publishes Nanchang’s enrollment window only after a second office user approves it', async () => {
    const resident = await nanchangResident()

    const homeBefore = await openHome(resident)
    await expect(homeBefore.locator('#status-figure-2027-periods').innerText()).resolves.toBe(
      '南昌市2027年度集中参保期尚未公布',
    )
    await expect(homeBefore.locator('#status-window').innerText()).resolves.toContain('2026年12月31日')
    await saveScreenshot(homeBefore, 'figures-home-before')
    await homeBefore.context().close()
    const before = await calculatorOffline(resident, 'figures-calculator-before')
    expect(before.waiting).toBe('3个月')

    // The maker: the 2027 period has started (D2: 2026-09-01), so the form asks for a reason next to its field.
    const maker = await openFigures(MAKER)
    await expect(maker.locator('#figure-2027-periods').innerText()).resolves.toContain('缺失')
    await maker.locator('#figure-year-2027').click()
    await maker.locator('#figure-kind-periods').click()
    await maker.locator('#figure-windows textarea').fill('2026-09-15 至 2027-03-01\n2027-02-20 至 2027-02-28')
    await maker.locator('#figure-docno input').fill('洪医保发〔2026〕9号')
    await maker.locator('#figure-title input').fill('关于做好2027年度城乡居民医保集中参保工作的通知')
    await maker.locator('#figure-issuer input').fill('南昌市医疗保障局')
    await maker.locator('#figure-issuedon input').fill('2026-08-20')
    await maker.locator('#figure-submit').click()
    await expect(maker.locator('#figure-error-windows').innerText()).resolves.toContain('第2段必须在第1段结束')
    await expect(maker.locator('#figure-error-reason').innerText()).resolves.toContain('需要填写修改原因')
    await saveScreenshot(maker, 'figures-office-validation')
    await maker.locator('#figure-windows textarea').fill('2026-09-15 至 2027-02-28')
    await maker.locator('#figure-reason input').fill('市局通知集中参保期延长至2月28日')
    await maker.locator('#figure-submit').click()
    await maker.locator('#figures-notice').waitFor({ state: 'visible', timeout: 20_000 })
    await maker.locator('#proposal-own-0').waitFor({ state: 'visible', timeout: 20_000 })
    await maker.locator('#figures-pending').scrollIntoViewIfNeeded()
    await expect(maker.locator('#proposal-approve-0').count()).resolves.toBe(0)
    await saveScreenshot(maker, 'figures-office-proposed')
    await maker.context().close()

    // Proposed is not published: the resident still sees the default.
    const homePending = await openHome(resident)
    await expect(homePending.locator('#status-figure-2027-periods').innerText()).resolves.toBe(
      '南昌市2027年度集中参保期尚未公布',
    )
    await homePending.context().close()

    // The checker approves.
    const checker = await openFigures(CHECKER)
    await expect(checker.locator('#proposal-0').innerText()).resolves.toContain('2026年9月15日至2027年2月28日')
    await checker.locator('#proposal-approve-0').click()
    await checker.locator('#figures-notice').getByText('已审核通过').waitFor({ state: 'visible', timeout: 20_000 })
    await checker.locator('#figure-2027-periods').getByText('已公布').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(checker.locator('#figures-events').innerText()).resolves.toContain('审核通过')
    await checker.locator('#figures-year-2027').scrollIntoViewIfNeeded()
    await saveScreenshot(checker, 'figures-office-approved')
    await checker.context().close()

    const home = await openHome(resident)
    const line = home.locator('#status-figure-2027-periods')
    await line.getByText('南昌市医疗保障局 洪医保发〔2026〕9号').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(line.innerText()).resolves.toBe(
      '集中参保期：2026年9月15日至2027年2月28日（南昌市医疗保障局 洪医保发〔2026〕9号）',
    )
    await home.locator('#status-window').getByText('2027年2月28日').waitFor({ state: 'visible', timeout: 20_000 })
    await line.click()
    await home
      .getByText('关于做好2027年度城乡居民医保集中参保工作的通知')
      .waitFor({ state: 'visible', timeout: 10_000 })
    // Review 22: the issue date in words, not a raw ISO date that wraps as "2026 / -08-20".
    const dialog = await home.locator('body').innerText()
    expect(dialog).toMatch(/发文日期：\d{4}年\d{1,2}月\d{1,2}日/)
    expect(dialog).not.toMatch(/发文日期：\d{4}-/)
    // Let the modal finish fading in before the picture.
    await home.waitForTimeout(600)
    await saveScreenshot(home, 'figures-home-after')
    await home.context().close()

    const after = await calculatorOffline(resident, 'figures-calculator-after', before.version)
    expect(after.waiting).toBe('没有等待期')
    expect(after.version).not.toBe(before.version)
  })
})
