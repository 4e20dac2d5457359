import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { residentIdCheckChar } from '@canbao/shared/api/resident-id'
import { GUARDIAN_COMMITMENT_VERSION } from '@canbao/shared/family/commitment'
import { browserForFile, saveScreenshot } from './browser'
import { devSession, openSignedIn, signInAs } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

/** A 1×1 PNG: stands in for the photographed household register page. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

const childId = () => {
  const digit = (n: number) => Math.floor(Math.random() * n)
  const first17 = `51010420170${digit(9) + 1}1${digit(9)}${String(digit(1000)).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}

async function api(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body instanceof Uint8Array ? {} : body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body:
      body instanceof Uint8Array
        ? (body as Uint8Array<ArrayBuffer>)
        : body === undefined
          ? undefined
          : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

/**
 * The payer binds, as guardian, a child the household register does not know (a fresh name and ID number each
 * time): the binding waits for the office to see the 户口本 page.
 */
async function inviteUnregisteredChild(token: string): Promise<{ name: string; member: any }> {
  const pick = (chars: string) => chars[Math.floor(Math.random() * chars.length)]
  const name = `小${pick('明红军华丽强伟芳')}${pick('一二三四五六七八')}`
  const invited = await api(token, 'POST', '/api/family/invitations', {
    relationship: 'child',
    name,
    idNumber: childId(),
    province: '51',
    region: '510100',
    guardian: true,
    commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
  })
  expect(invited.status, JSON.stringify(invited.body)).toBe(201)
  return { name, member: invited.body.member }
}

async function openReviews(): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await signInAs(page, baseUrl, 'office-chengdu')
  await page.locator('#go-office').click()
  await page.locator('#go-reviews').click()
  await page.locator('#office-reviews').waitFor({ state: 'visible', timeout: 20_000 })
  return page
}

describe('office review of a guardian binding (H5)', () => {
  it('the Chengdu office sees the pending child, opens the 户口本 page, confirms; the payer can then pay', async () => {
    // The demo payer (face-verified in the seed) binds a child the household register does not know.
    const payer = await devSession(baseUrl, 'demo-payer')
    const { name, member } = await inviteUnregisteredChild(payer.token)
    expect(member).toMatchObject({ status: 'invited', years: [], guardianReview: { status: 'pending' } })
    const id = member.id as string
    expect(
      (
        await api(payer.token, 'POST', `/api/family/members/${id}/household-proof`, new Uint8Array(PNG), {
          'content-type': 'image/png',
        })
      ).status,
    ).toBe(200)

    const page = await openReviews()
    const card = page.locator(`#review-${id}`)
    await card.waitFor({ state: 'visible', timeout: 20_000 })
    await expect(card.innerText()).resolves.toContain(`申请作为监护人绑定子女 ${name}`)
    await card.locator('.review-show').click()
    await card.locator('.review-proof').waitFor({ state: 'visible', timeout: 20_000 })
    // Refusing needs a reason: nothing is sent without one.
    await card.locator('.review-refuse').click()
    await expect(card.innerText()).resolves.toContain('请填写不予确认的原因')
    // review finding 21: the two decisions never touch (side by side or stacked, at least 12 px apart)
    const gap = await card.evaluate((el) => {
      const a = el.querySelector('.review-confirm')?.getBoundingClientRect()
      const b = el.querySelector('.review-refuse')?.getBoundingClientRect()
      if (!a || !b) return -1
      const sideBySide = Math.abs(a.top - b.top) < 2
      return sideBySide ? b.left - a.right : b.top - a.bottom
    })
    expect(gap).toBeGreaterThanOrEqual(12)
    // at a desktop's 1280 px the page is at rest: nothing sideways, the card whole on screen (review finding 1)
    const layout = await card.evaluate((el) => {
      const r = el.getBoundingClientRect()
      const fits = (document.scrollingElement?.scrollWidth ?? 0) <= innerWidth
      return { fits, scrollX, inside: r.left >= 0 && r.right <= innerWidth }
    })
    expect(layout).toEqual({ fits: true, scrollX: 0, inside: true })
    await saveScreenshot(page, 'office-review-pending')
    await card.locator('.review-confirm').click()
    // The list reloads without it once confirmed.
    await page.locator(`#review-${id}`).waitFor({ state: 'detached', timeout: 20_000 })
    // and the clerk is told it worked, naming whose binding it was
    await expect(page.locator('#review-decided').innerText()).resolves.toContain(
      `已确认周建国是${name}（子女）的监护人，绑定已生效，周建国现在可以为孩子缴费。`,
    )
    const audit = page.locator('#office-audit')
    await expect(audit.innerText()).resolves.toContain('浏览户口本审核列表')
    // the decision is logged with a short review number, not the raw binding id
    await audit
      .getByText(/确认监护关系（户口本审核），审核编号尾号 [0-9A-Z]{4}/)
      .first()
      .waitFor({ timeout: 20_000 })
    await expect(audit.innerText()).resolves.not.toMatch(/审核编号 fb_/)
    await saveScreenshot(page, 'office-review-confirmed')

    const members = await api(payer.token, 'GET', '/api/family/members')
    expect(members.body.members.find((m: any) => m.id === id)).toMatchObject({
      status: 'active',
      consent: { kind: 'guardian' },
      guardianReview: { status: 'confirmed', confirmedBy: 'office' },
    })
  })
})

describe('guardian binding on 家庭 (H5)', () => {
  it(
    'shows the 监护人承诺书 with the guardian switch, ' +
      'and a child the register does not know as pending with an upload',
    async () => {
      const payer = await devSession(baseUrl, 'demo-payer')
      const page = await openSignedIn(browser(), baseUrl, payer, 'pages/family/index')
      await page.locator('#family-invite').waitFor({ state: 'visible', timeout: 20_000 })
      await expect(page.locator('#family-commitment').count()).resolves.toBe(0)
      await page.locator('#family-invite-guardian').click()
      await expect(page.locator('#family-commitment').innerText({ timeout: 20_000 })).resolves.toContain('监护人承诺书')
      await page.locator('#family-commitment').scrollIntoViewIfNeeded()
      await saveScreenshot(page, 'family-guardian-commitment')

      // The relationship picker is a scroll wheel on H5: the binding itself goes through the API.
      const { member } = await inviteUnregisteredChild(payer.token)
      await page.reload()
      const row = page.locator(`#family-member-${member.id}`)
      await row.waitFor({ state: 'visible', timeout: 20_000 })
      await expect(row.innerText()).resolves.toContain('等待核实户籍关系')
      await row.locator(`#family-household-upload-${member.id}`).waitFor({ state: 'visible', timeout: 20_000 })
      await expect(row.innerText()).resolves.not.toMatch(/年度.*(未缴|已缴)/)
      await row.scrollIntoViewIfNeeded()
      await saveScreenshot(page, 'family-guardian-pending')
    },
  )
})
