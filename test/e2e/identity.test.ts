import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { residentIdCheckChar } from '../../shared/api/resident-id'
import { browserForFile, newPhonePage, saveScreenshot } from './browser'
import { devSession, signInAs } from './session'

const baseUrl = inject('baseUrl')
const browser = browserForFile()

const first17 = '51010419880808' + '627'
const ID = first17 + residentIdCheckChar(first17)

/** The Chengdu office imports a 2025 record for `idNumber`, through the API as the office page does. */
async function officeImports(idNumber: string) {
  const office = await devSession(baseUrl, 'office-chengdu')
  const csv = `身份证号,年度,险种,缴费日期\n${idNumber},2025,居民,2024-11-05\n`
  const res = await fetch(`${baseUrl}/api/office/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${office.token}`, 'content-type': 'text/csv', 'x-file-name': 'e2e.csv' },
    body: csv,
  })
  expect(res.status).toBe(201)
  const { job } = (await res.json()) as { job: { id: string } }
  for (let i = 0; i < 120; i++) {
    const state = (await (
      await fetch(`${baseUrl}/api/office/imports/${job.id}`, { headers: { authorization: `Bearer ${office.token}` } })
    ).json()) as { job: { status: string } }
    if (state.job.status === 'done') return
    if (state.job.status === 'failed') throw new Error('import failed')
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('import did not finish')
}

async function provenance(page: Page): Promise<string> {
  await page.goto(`${baseUrl}/#/pages/index/index`)
  // a tab page stays mounted: load it afresh, as reopening the mini-program does
  await page.reload()
  const line = page.locator('#status-provenance')
  await line.waitFor({ state: 'visible', timeout: 20_000 })
  return line.innerText()
}

async function fillProfile(page: Page) {
  await page.locator('#profile-name input').fill('实名测试')
  await page.locator('#profile-id input').fill(ID)
  await page.locator('#profile-save').waitFor({ state: 'visible' })
  await expect(page.locator('#profile-blockers').innerText()).resolves.toContain('请阅读并勾选同意')
  await page.locator('#profile-consent').first().click()
  await page.locator('#profile-save').click()
  await page.locator('#profile-summary').waitFor({ state: 'visible', timeout: 20_000 })
}

describe('real-name verification on H5 (fake WeChat)', () => {
  it('an office record shows only after the face check; 大字模式 still reads', async () => {
    await officeImports(ID)
    const page = await newPhonePage(browser())
    await signInAs(page, baseUrl, 'e2e-verify')
    await expect(page.locator('#verification-badge').innerText()).resolves.toBe('未实名')
    await saveScreenshot(page, 'me-unverified-form')
    await fillProfile(page)
    await expect(page.locator('#verification-badge').innerText()).resolves.toBe('未实名')
    await expect(page.locator('#verification').innerText()).resolves.toMatch(/经办机构导入的您的参保缴费记录/)
    await saveScreenshot(page, 'me-unverified')
    expect(await provenance(page)).not.toMatch(/医保部门导入\d+年/)

    await page.goto(`${baseUrl}/#/pages/me/index`)
    await page.locator('#verify-start').click()
    const message = page.locator('#verification-message')
    await message.waitFor({ state: 'visible', timeout: 20_000 })
    // in the demo the resident is told the face check was not a real one, without developer words
    await expect(message.innerText()).resolves.toMatch(/^实名认证成功。这是演示版本：不会打开相机/)
    await expect(message.innerText()).resolves.not.toMatch(/开发|模拟|fake/i)
    await expect(page.locator('#verification-badge').innerText()).resolves.toBe('已实名')
    await saveScreenshot(page, 'me-verified')
    await provenance(page)
    // the card first shows the cached status, then the fresh one
    await expect
      .poll(() => page.locator('#status-provenance').innerText(), { timeout: 20_000 })
      .toContain('医保部门导入1年')

    await page.goto(`${baseUrl}/#/pages/me/index`)
    await page.locator('#elder-mode-switch').click()
    await page.locator('#verification-badge').waitFor({ state: 'visible' })
    await saveScreenshot(page, 'me-verified-elder')
    await page.locator('#elder-mode-switch').click()
  })

  it('a cancelled face check says so in Chinese and leaves the profile unverified', async () => {
    const wechatUrl = inject('wechatUrl')
    const page = await newPhonePage(browser())
    await signInAs(page, baseUrl, 'e2e-cancel')
    await page.locator('#profile-name input').fill('取消测试')
    const other = '51010419770707' + '118'
    await page.locator('#profile-id input').fill(other + residentIdCheckChar(other))
    await page.locator('#profile-consent').first().click()
    await page.locator('#profile-save').click()
    await page.locator('#profile-summary').waitFor({ state: 'visible', timeout: 20_000 })
    await fetch(`${wechatUrl}/__admin/face/next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e-cancel', outcome: 90003 }),
    })
    await page.locator('#verify-start').click()
    const message = page.locator('#verification-message')
    await message.waitFor({ state: 'visible', timeout: 20_000 })
    await expect(message.innerText()).resolves.toMatch(/已取消/)
    await expect(page.locator('#verification-badge').innerText()).resolves.toBe('未实名')
  })
})

describe('导出 and 注销 on H5', () => {
  it('exports my data as a file and then deletes the account after a clear confirmation', async () => {
    const page = await newPhonePage(browser())
    await signInAs(page, baseUrl, 'e2e-rights')
    const mine = '51010419660606' + '226'
    await page.locator('#profile-name input').fill('权利测试')
    await page.locator('#profile-id input').fill(mine + residentIdCheckChar(mine))
    await page.locator('#profile-consent').first().click()
    await page.locator('#profile-save').click()
    await page.locator('#profile-summary').waitFor({ state: 'visible', timeout: 20_000 })

    const download = page.waitForEvent('download')
    await page.locator('#export-data').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^参保助手-我的数据-\d{4}-\d{2}-\d{2}\.json$/)
    const text = await (await file.createReadStream())
      .toArray()
      .then((chunks) => Buffer.concat(chunks).toString('utf8'))
    const data = JSON.parse(text)
    expect(data.profile.name).toBe('权利测试')
    expect(text).not.toContain(mine + residentIdCheckChar(mine))
    await page.locator('#export-summary').waitFor({ state: 'visible' })
    await saveScreenshot(page, 'me-exported')

    await page.locator('#delete-account').click()
    const confirm = page.getByText('确认注销', { exact: true })
    await confirm.waitFor({ state: 'visible', timeout: 10_000 })
    const dialogText = await page.locator('body').innerText()
    expect(dialogText).toMatch(/不可撤销/)
    expect(dialogText).toMatch(/身份证号/)
    await page.waitForTimeout(500) // the dialog fades in
    await saveScreenshot(page, 'me-delete-confirm')
    await confirm.click()
    await page.locator('#sign-in').waitFor({ state: 'visible', timeout: 20_000 })
    // The old session is gone on the server too.
    const token = await page.evaluate(() => localStorage.getItem('canbao.session'))
    expect(token).toBeNull()
  })
})

describe('H5 security headers', () => {
  it('the app and the API forbid framing and sniffing, and the app has a CSP without inline scripts', async () => {
    for (const path of ['/', '/js/', '/api/health']) {
      const url = path === '/js/' ? `${baseUrl}/rem.js` : `${baseUrl}${path}`
      const res = await fetch(url)
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), url).toBe('DENY')
      expect(res.headers.get('content-security-policy'), url).toMatch(/frame-ancestors 'none'/)
    }
    const csp = (await fetch(`${baseUrl}/`)).headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self'(;|$)/)
  })

  it('the page runs under that CSP: no violation while signing in', async () => {
    const page = await newPhonePage(browser())
    const violations: string[] = []
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text())
    })
    await signInAs(page, baseUrl, 'e2e-csp')
    expect(violations).toEqual([])
  })
})
