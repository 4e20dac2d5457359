import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { residentIdCheckChar } from '@canbao/shared/api/resident-id'
import { SENSITIVE_PI_CONSENT_VERSION } from '@canbao/shared/api/identity'
import { cstDate } from '@canbao/shared/api/dates'
import { coverageYearBoughtOn } from '@canbao/shared/policy/index'
import { coverIfPaidToday } from '@canbao/shared/family/index'
import { browserForFile, looks, saveScreenshot } from './browser'
import { devSession, openSignedIn, verifyViaApi, type DevSession } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

// The year a contribution paid today is for: next year from September, this year before it.
const nextYear = coverageYearBoughtOn(cstDate(Date.now()), { province: '51' })
const run = Math.random().toString(36).slice(2, 8)
/** A resident-only person's ID number (sequence 000–899: the local fake platform knows no personal account). */
const idFor = (birth: string, sequence = Math.floor(Math.random() * 900)) => {
  const first17 = `510104${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}
/**
 * An employee's: the local fake platform gives sequence 9xx an employee personal account
 * (functions/fakes/platform/employees.ts).
 */
const employeeIdFor = (birth: string) => idFor(birth, 900 + Math.floor(Math.random() * 100))

async function signIn(name: string, profile?: { name: string; idNumber: string }) {
  const session = await devSession(baseUrl, name)
  if (profile) {
    const saved = await fetch(`${baseUrl}/api/me/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({
        ...profile,
        province: '51',
        region: '510100',
        sensitiveConsent: { version: SENSITIVE_PI_CONSENT_VERSION },
      }),
    })
    expect(saved.status).toBe(200)
    // family mutual aid is between verified people (the face check passes in the fake)
    session.user = { ...session.user, profile: await verifyViaApi(baseUrl, session.token) }
  }
  return session
}

/** Waits until the text shows up inside the element: pages reload their lists after each action. */
const shows = (page: Page, selector: string, text: string) =>
  page.locator(selector).getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 20_000 })

/** Opens the 家庭 tab already signed in. */
const openFamily = (session: DevSession) => openSignedIn(browser(), baseUrl, session, 'pages/family/index')

describe('家庭 tab (H5)', () => {
  it('invite → the relative accepts with their sign-in → pay with confirmation → both see the receipt', async () => {
    const payer = await signIn(`e2e-fam-payer-${run}`, { name: '陈志强', idNumber: employeeIdFor('1980-03-03') })
    const spouseId = idFor('1983-08-08')
    const spouse = await signIn(`e2e-fam-spouse-${run}`, { name: '李芳', idNumber: spouseId })

    const page = await openFamily(payer)
    await expect(page.locator('#family-balance').innerText({ timeout: 20_000 })).resolves.toBe('2,000元')
    await page.locator('#family-invite-name input').fill('李芳')
    await page.locator('#family-invite-id input').fill(spouseId)
    await page.locator('#family-invite-submit').click()
    const codeBox = page.locator('#family-invite-code')
    await codeBox.waitFor({ state: 'visible', timeout: 20_000 })
    const code = (await codeBox.innerText()).trim()
    expect(code).toMatch(/^[A-Z2-9]{8}$/)
    await shows(page, '#family-members', '等待对方确认')
    await saveScreenshot(page, 'family-invited')

    // the payer typing their own code is told who it is for
    await page.locator('#family-accept-code input').fill(code)
    await page.locator('#family-accept-submit').click()
    await expect(page.locator('#family-accept-result').innerText({ timeout: 20_000 })).resolves.toContain(
      '这是您自己发出的邀请码',
    )
    await saveScreenshot(page, 'family-own-code')

    const relativePage = await openFamily(spouse)
    // the spouse has only resident insurance: what 家庭共济 is, no balance, no invite form
    await relativePage.locator('#family-explain').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(relativePage.locator('#family-balance').count()).resolves.toBe(0)
    await expect(relativePage.locator('#family-invite').count()).resolves.toBe(0)
    await relativePage.locator('#family-accept-code input').fill(code)
    await relativePage.locator('#family-accept-submit').click()
    await expect(relativePage.locator('#family-accept-result').innerText({ timeout: 20_000 })).resolves.toContain(
      '已同意 陈志强',
    )
    await shows(relativePage, '#family-payers', '陈志强')

    await page.reload()
    const payButton = page.locator(`[id^="family-pay-"][id$="-${nextYear}-resident-contribution"]`)
    await payButton.waitFor({ state: 'visible', timeout: 20_000 })
    await shows(page, '#family-members', '已绑定')
    // late in a year a payment for it buys no cover in it (finding 1): next year is the primary button, first;
    // this year's says what it is only for
    const today = cstDate(Date.now())
    const thisYear = Number(today.slice(0, 4))
    if (nextYear !== thisYear && coverIfPaidToday(thisYear, today, null, { province: '51' }) !== 'in-year') {
      const buttons = page.locator('#family-members [id^="family-pay-"]')
      await expect(buttons.first().innerText()).resolves.toBe(`用个人账户缴${nextYear}年度`)
      await expect(buttons.first().getAttribute('class')).resolves.toContain('button-primary')
      await expect(buttons.nth(1).innerText()).resolves.toBe(`缴${thisYear}年度（只为不算断保）`)
      const members = await page.locator('#family-members').innerText()
      expect(members).toContain(`${thisYear}年内`)
      expect(members).toMatch(/年内(很可能)?已享受不到待遇/)
      expect(members).toContain(`但${thisYear}年不算断保`)
      await saveScreenshot(page, 'family-late-year')
    }
    await payButton.click()
    await expect(page.locator('#family-confirm-amount').innerText()).resolves.toBe('金额：400元')
    await expect(page.locator('#family-confirm-after').innerText()).resolves.toBe('缴后余额：1,600元')
    // the spouse has no records in Canbao yet: no guessed start date, a pointer to where it will show
    await expect(page.locator('#family-confirm-benefit').innerText()).resolves.toContain('李芳')
    // 取消 is readable: dark-green text on white, not 60% white on grey
    const cancel = await looks(page, '#family-confirm-cancel')
    expect(cancel).toEqual({ color: 'rgb(11, 110, 79)', background: 'rgb(255, 255, 255)', opacity: '1' })
    expect((await looks(page, '#family-confirm-pay')).color).toBe('rgb(255, 255, 255)')
    await saveScreenshot(page, 'family-confirm')
    await page.locator('#family-confirm-pay').click()
    const result = page.locator('#family-result')
    await expect(result.innerText({ timeout: 20_000 })).resolves.toContain('缴费成功')
    await expect(result.innerText()).resolves.toContain(`陈志强为李芳`)
    await expect(result.innerText()).resolves.toMatch(/平台流水号 \S+ · \d{4}年\d{1,2}月\d{1,2}日/)
    await shows(page, '#family-balance', '1,600元')
    // the new balance is dated as computed after the payment, not by the old check alone (finding 8)
    await expect(page.locator('#family-synced').innerText()).resolves.toMatch(
      /^缴费后余额：.*核对的余额减去.*的缴费算出/,
    )
    // the receipt repeats what the confirmation said about when cover starts
    await expect(result.innerText()).resolves.toContain('待遇：')
    await shows(page, '#family-members', `${nextYear}年度城乡居民医保个人缴费：已由家庭共济缴费`)
    // the receipt and the balance line above it, as the payer reads them right after paying
    await page.locator('#family-account').scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'family-paid')

    await relativePage.reload()
    await shows(relativePage, '#family-receipts', '陈志强为李芳')
    await shows(relativePage, '#family-receipts', '400元')
    await saveScreenshot(relativePage, 'family-receipt-relative')

    // leaving asks first and says what stops; 不解除 keeps the bond
    await relativePage.locator('[id^="family-leave-"]').first().click()
    const dialog = relativePage.locator('.taro__modal')
    await expect(dialog.innerText({ timeout: 20_000 })).resolves.toContain('不能再用其个人账户为您缴费')
    // Taro's H5 modal fades in over 0.2 s: the screenshot shows it once it is fully drawn, as a person reads it.
    await relativePage.waitForFunction(() =>
      Array.from(document.querySelectorAll('.taro__modal')).some((m) => getComputedStyle(m).opacity === '1'),
    )
    await saveScreenshot(relativePage, 'family-leave-confirm')
    await dialog.getByText('不解除', { exact: true }).click()
    await relativePage.waitForTimeout(500)
    await expect(relativePage.locator('#family-payers').isVisible()).resolves.toBe(true)
  })

  it('starts the demo payer with 2,000 yuan and two consented relatives unpaid for next year', async () => {
    const page = await openFamily(await signIn('demo-payer'))
    await expect(page.locator('#family-balance').innerText({ timeout: 20_000 })).resolves.toBe('2,000元')
    await shows(page, '#family-members', '刘秀英')
    await shows(page, '#family-members', '周小雨')
    await shows(page, '#family-members', '（试用示例金额，以当地公布为准）')
    await saveScreenshot(page, 'family-demo-payer')

    // the mother has her own records: the confirmation says when her benefits start, from the engine
    await page.locator(`#family-pay-fb_de0000000000000000000001-${nextYear}-resident-contribution`).click()
    await expect(page.locator('#family-confirm-benefit').innerText()).resolves.toMatch(
      /^今天缴费，刘秀英(没有等待期|有\d+个月待遇等待期)，\d{4}年\d{1,2}月\d{1,2}日起享受医保待遇。$/,
    )
    await saveScreenshot(page, 'family-demo-confirm')
    await page.locator('#family-confirm-cancel').click()

    // unbinding asks first; 不解除 keeps her
    await page.locator('#family-unbind-fb_de0000000000000000000001').click()
    const dialog = page.locator('.taro__modal')
    await expect(dialog.innerText({ timeout: 20_000 })).resolves.toContain('解除与刘秀英的绑定？')
    await expect(dialog.innerText()).resolves.toContain('不能再用个人账户为刘秀英缴费')
    await dialog.getByText('不解除', { exact: true }).click()
    await page.waitForTimeout(500)
    await shows(page, '#family-members', '刘秀英')
  })

  for (const [who, login, elder] of [
    ['张三 (resident scheme only)', 'zhangsan', false],
    ["the payer's mother, in 大字模式", 'demo-mother', true],
  ] as const) {
    it(`shows ${who} what 家庭共济 is instead of an account and an invite form`, async () => {
      const session = await signIn(login)
      const page = await openSignedIn(browser(), baseUrl, session, 'pages/family/index')
      if (elder)
        await page.addInitScript(() => localStorage.setItem('canbao.elderMode', JSON.stringify({ data: true })))
      if (elder) await page.reload()
      const explain = page.locator('#family-explain')
      await explain.waitFor({ state: 'visible', timeout: 20_000 })
      await expect(explain.innerText()).resolves.toContain('只有参加职工医保、有个人账户的本人才能发起代缴')
      await expect(page.locator('#family-balance').count()).resolves.toBe(0)
      await expect(page.locator('#family-invite').count()).resolves.toBe(0)
      expect(await page.locator('body').innerText()).not.toContain('2,000元')
      await saveScreenshot(page, `family-not-employee-${login}${elder ? '-elder' : ''}`)
    })
  }

  it('shows a new user the explanation too, with or without a profile yet', async () => {
    const withProfile = await openFamily(
      await signIn(`e2e-fam-new-${run}`, { name: '新用户', idNumber: idFor('1990-01-01') }),
    )
    await withProfile.locator('#family-explain').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(withProfile.locator('#family-invite').count()).resolves.toBe(0)
    const bare = await openFamily(await signIn(`e2e-fam-bare-${run}`))
    await bare.locator('#family-explain').waitFor({ state: 'visible', timeout: 20_000 })
    await expect(bare.locator('#family-explain-you').innerText()).resolves.toContain(
      '请先在“我的”里填写本人的参保人信息',
    )
    await saveScreenshot(bare, 'family-new-user')
    // and a button that goes there (finding 52)
    await bare.locator('#family-go-me').click()
    await bare.locator('#me-page').waitFor({ state: 'visible', timeout: 20_000 })
  })
})

describe('guardian switch layout (H5, review 9)', () => {
  for (const elder of [false, true]) {
    const title = `keeps the switch beside its label, apart from the 承诺书, with a tall consent row${elder ? ' 大字' : ''}`
    it(title, async () => {
      const payer = await devSession(baseUrl, 'demo-payer')
      const page = await openFamily(payer)
      if (elder) {
        await page.addInitScript(() => localStorage.setItem('canbao.elderMode', JSON.stringify({ data: true })))
        await page.reload()
      }
      await page.locator('#family-invite').waitFor({ state: 'visible', timeout: 20_000 })
      await page.locator('#family-invite-guardian').click()
      await page.locator('#family-commitment').waitFor({ state: 'visible', timeout: 20_000 })
      const box = async (selector: string) => {
        const b = await page.locator(selector).first().boundingBox()
        if (!b) throw new Error(`${selector} is not drawn`)
        return b
      }
      const label = await box('#family-guardian-label')
      const toggle = await box('#family-invite-guardian')
      const commitment = await box('#family-commitment')
      const consent = await box('#family-commitment-agree')
      const consentRow = await box('#family-commitment .consent-row')
      // the switch is to the right of the label, not over it, and on the same line (centres within 8 px)
      expect(toggle.x).toBeGreaterThanOrEqual(label.x + label.width)
      expect(Math.abs(toggle.y + toggle.height / 2 - (label.y + label.height / 2))).toBeLessThanOrEqual(8)
      // the 承诺书 starts at least 16 px under the switch row
      expect(commitment.y - Math.max(label.y + label.height, toggle.y + toggle.height)).toBeGreaterThanOrEqual(16)
      // the consent row is a finger's height, whatever the box's own size
      expect(consentRow.height).toBeGreaterThanOrEqual(44)
      expect(consent.height).toBeGreaterThan(0)
      const fits = await page.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth)
      expect(fits).toBe(true)
      await page.locator('#family-guardian-row').scrollIntoViewIfNeeded()
      await saveScreenshot(page, `family-guardian-switch${elder ? '-elder' : ''}`)
    })
  }
})
