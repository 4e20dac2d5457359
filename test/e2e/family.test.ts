import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { residentIdCheckChar } from '@canbao/shared/api/resident-id'
import { SENSITIVE_PI_CONSENT_VERSION } from '@canbao/shared/api/identity'
import { cstDate } from '@canbao/shared/api/dates'
import { coverageYearBoughtOn } from '@canbao/shared/policy/index'
import { browserForFile, saveScreenshot } from './browser'
import { devSession, openSignedIn, verifyViaApi, type DevSession } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

// The year a contribution paid today is for: next year from September, this year before it.
const nextYear = coverageYearBoughtOn(cstDate(Date.now()), { province: '51' })
const run = Math.random().toString(36).slice(2, 8)
const idFor = (birth: string) => {
  const first17 = `510104${birth.replace(/-/g, '')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}

async function signIn(name: string, profile?: { name: string; idNumber: string }) {
  const session = await devSession(baseUrl, name)
  if (profile) {
    const saved = await fetch(`${baseUrl}/api/me/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ ...profile, province: '51', region: '510100', sensitiveConsent: { version: SENSITIVE_PI_CONSENT_VERSION } }),
    })
    expect(saved.status).toBe(200)
    // family mutual aid is between verified people (the face check passes in the fake)
    session.user = { ...session.user, profile: await verifyViaApi(baseUrl, session.token) }
  }
  return session
}

/** Waits until the text shows up inside the element: pages reload their lists after each action. */
const shows = (page: Page, selector: string, text: string) => page.locator(selector).getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 20_000 })

/** Opens the 家庭 tab already signed in. */
const openFamily = (session: DevSession) => openSignedIn(browser(), baseUrl, session, 'pages/family/index')

describe('家庭 tab (H5)', () => {
  it('invite → the relative accepts with their own sign-in → pay with confirmation → both see the receipt', async () => {
    const payer = await signIn(`e2e-fam-payer-${run}`, { name: '陈志强', idNumber: idFor('1980-03-03') })
    const spouseId = idFor('1983-08-08')
    const spouse = await signIn(`e2e-fam-spouse-${run}`, { name: '李芳', idNumber: spouseId })

    const page = await openFamily(payer)
    await expect(page.locator('#family-balance').innerText({ timeout: 20_000 })).resolves.toBe('2000.00 元')
    await page.locator('#family-invite-name input').fill('李芳')
    await page.locator('#family-invite-id input').fill(spouseId)
    await page.locator('#family-invite-submit').click()
    const codeBox = page.locator('#family-invite-code')
    await codeBox.waitFor({ state: 'visible', timeout: 20_000 })
    const code = (await codeBox.innerText()).trim()
    expect(code).toMatch(/^[A-Z2-9]{8}$/)
    await shows(page, '#family-members', '等待对方确认')
    await saveScreenshot(page, 'family-invited')

    const relativePage = await openFamily(spouse)
    await relativePage.locator('#family-accept-code input').fill(code)
    await relativePage.locator('#family-accept-submit').click()
    await expect(relativePage.locator('#family-accept-result').innerText({ timeout: 20_000 })).resolves.toContain('已同意 陈志强')
    await shows(relativePage, '#family-payers', '陈志强')

    await page.reload()
    const payButton = page.locator(`[id^="family-pay-"][id$="-${nextYear}-resident-contribution"]`)
    await payButton.waitFor({ state: 'visible', timeout: 20_000 })
    await shows(page, '#family-members', '已绑定')
    await payButton.click()
    await expect(page.locator('#family-confirm-amount').innerText()).resolves.toContain('400.00 元')
    await expect(page.locator('#family-confirm-after').innerText()).resolves.toContain('1600.00 元')
    await saveScreenshot(page, 'family-confirm')
    await page.locator('#family-confirm-pay').click()
    const result = page.locator('#family-result')
    await expect(result.innerText({ timeout: 20_000 })).resolves.toContain('缴费成功')
    await expect(result.innerText()).resolves.toContain(`为 李芳`)
    await shows(page, '#family-balance', '1600.00 元')
    await shows(page, '#family-members', `${nextYear} 年度城乡居民医保个人缴费：已由家庭共济缴费`)
    await saveScreenshot(page, 'family-paid')

    await relativePage.reload()
    await shows(relativePage, '#family-receipts', '陈志强 为 李芳')
    await shows(relativePage, '#family-receipts', '400.00 元')
    await saveScreenshot(relativePage, 'family-receipt-relative')
  })

  it('starts the demo payer with 2,000 yuan and two consented relatives unpaid for next year', async () => {
    const page = await openFamily(await signIn('demo-payer'))
    await expect(page.locator('#family-balance').innerText({ timeout: 20_000 })).resolves.toBe('2000.00 元')
    await shows(page, '#family-members', '刘秀英')
    await shows(page, '#family-members', '周小雨')
    await shows(page, '#family-members', '（演示数据）')
  })
})
