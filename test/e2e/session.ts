import type { Browser, Page } from 'playwright-core'
import { newPhonePage } from './browser'

export interface DevSession {
  token: string
  expiresAt: string
  user: Record<string, unknown>
}

/** A session from the Worker's dev sign-in (`dev:<name>` through the fake WeChat), as the app stores it. */
export async function devSession(baseUrl: string, devName: string): Promise<DevSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `dev:${devName}` }),
  })
  if (res.status !== 200) throw new Error(`dev sign-in as ${devName} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as DevSession
}

/** Puts the session where the H5 app keeps it (Taro storage, i.e. localStorage) before the page's scripts run. */
export async function storeSession(page: Page, session: DevSession): Promise<void> {
  await page.addInitScript((value) => localStorage.setItem('canbao.session', JSON.stringify({ data: value })), session)
}

/**
 * A phone page already signed in (the H5 app keeps its session in Taro storage, i.e. localStorage), opened at `hash`.
 */
export async function openSignedIn(
  browser: Browser,
  baseUrl: string,
  session: DevSession,
  hash: string,
): Promise<Page> {
  const page = await newPhonePage(browser)
  await storeSession(page, session)
  await page.goto(`${baseUrl}/#/${hash}`)
  return page
}

/** Signs in through the 我的 tab with a local dev code, as a developer or tester does on H5. */
export async function signInAs(page: Page, baseUrl: string, devName: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/me/index`)
  await page.locator('#dev-login-name input').fill(devName)
  await page.locator('#dev-login').click()
  await page.locator('#account').waitFor({ state: 'visible', timeout: 20_000 })
}

/**
 * 人脸核身 through the API, as the 我的 page does against the fake WeChat (which passes the check unless told
 * otherwise): the account becomes the verified holder of its profile's ID number.
 */
export async function verifyViaApi(baseUrl: string, token: string): Promise<Record<string, unknown>> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
  const start = await fetch(`${baseUrl}/api/me/verification`, { method: 'POST', headers })
  if (start.status !== 200) throw new Error(`verification start answered ${start.status}: ${await start.text()}`)
  const { verifyId } = (await start.json()) as { verifyId: string }
  const done = await fetch(`${baseUrl}/api/me/verification/result`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ verifyId }),
  })
  if (done.status !== 200) throw new Error(`verification answered ${done.status}: ${await done.text()}`)
  return ((await done.json()) as { profile: Record<string, unknown> }).profile
}
