import type { Page } from 'playwright-core'

/** Signs in through the 我的 tab with a local dev code, as a developer or tester does on H5. */
export async function signInAs(page: Page, baseUrl: string, devName: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/me/index`)
  await page.locator('#dev-login-name input').fill(devName)
  await page.locator('#dev-login').click()
  await page.locator('#account').waitFor({ state: 'visible', timeout: 20_000 })
}
