import { env, exports } from 'cloudflare:workers'
import { residentIdCheckChar } from '@canbao/shared/api/resident-id'
import { SENSITIVE_PI_CONSENT_VERSION } from '@canbao/shared/api/identity'
import handler from '../../functions/src/index'

const worker = (exports as unknown as { default: { fetch: (req: Request) => Promise<Response> } }).default

export const BASE = 'http://canbao.local'

let ipCounter = 0
/** A distinct client address per call, so the per-address login limit only bites where a test wants it. */
export const freshIp = () => `198.51.100.${(ipCounter++ % 250) + 1}:${ipCounter}`

export interface CallOptions {
  token?: string
  json?: unknown
  body?: BodyInit
  headers?: Record<string, string>
}

export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  return worker.fetch(buildRequest(method, path, options))
}

const context = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext

/**
 * The Worker's own fetch handler called in this isolate with the real bindings (D1, queues, the fake WeChat).
 * Same code path as `call` minus the loopback hop, which makes a thousand fuzz runs per route affordable.
 */
export async function callInProcess(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  return handler.fetch(buildRequest(method, path, options) as never, env as never, context)
}

function buildRequest(method: string, path: string, options: CallOptions): Request {
  const headers = new Headers(options.headers)
  if (options.token) headers.set('authorization', `Bearer ${options.token}`)
  let body = options.body
  if (options.json !== undefined) {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(options.json)
  }
  return new Request(`${BASE}${path}`, { method, headers, body })
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T
}

/** Signs in through the fake WeChat with a `dev:<name>` code. */
export async function login(name: string): Promise<{ token: string; user: any }> {
  const res = await call('POST', '/api/auth/login', {
    json: { code: `dev:${name}` },
    headers: { 'cf-connecting-ip': freshIp() },
  })
  if (res.status !== 200) throw new Error(`login ${name} failed: ${res.status} ${await res.text()}`)
  return json(res)
}

/** A valid 18-character ID number for a region prefix (6 digits), birth date and sequence. */
export function makeId(region6: string, birth: string, seq = 123): string {
  const first17 = `${region6}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}

/** The fake WeChat's admin API, reached through the same service binding the Worker uses. */
export async function fakeAdmin(method: string, path: string, body?: unknown): Promise<any> {
  const binding = env.WECHAT_API as unknown as { fetch: (url: string, init?: RequestInit) => Promise<Response> }
  const res = await binding.fetch(`http://wechat.fake/__admin/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return res.json()
}

/** Makes a signed-in user an office user, as scripts/grant-office.ts does with `wrangler d1 execute`. */
export async function grantOffice(userId: string, province: string, region: string | null): Promise<void> {
  await env.DB.prepare(`UPDATE users SET role = 'office', office_province = ?2, office_region = ?3 WHERE id = ?1`)
    .bind(userId, province, region)
    .run()
}

export async function officeUser(name: string, province: string, region: string | null) {
  const { user } = await login(name)
  await grantOffice(user.id, province, region)
  return login(name)
}

/** The consent the profile form sends when the resident ticks the box. */
export const CONSENT = { version: SENSITIVE_PI_CONSENT_VERSION }

/**
 * Saves a profile as the form does (with the sensitive-information consent) and, unless `verify: false`,
 * passes WeChat's face check through the fake, so the account is the verified holder of the ID number, as
 * most tests assume of "the resident". Tests of unverified profiles ask for `verify: false`.
 */
export async function setProfile(
  token: string,
  profile: { name: string; idNumber: string; province: string; region?: string },
  options: { verify?: boolean } = {},
) {
  const res = await call('PUT', '/api/me/profile', { token, json: { ...profile, sensitiveConsent: CONSENT } })
  if (res.status !== 200) throw new Error(`profile failed: ${res.status} ${await res.text()}`)
  const saved = await json(res)
  if (options.verify === false) return saved
  return verifyProfile(token)
}

/** 人脸核身 through the fake: start, (the fake passes the check unless told otherwise), finish. */
export async function verifyProfile(token: string): Promise<any> {
  const start = await call('POST', '/api/me/verification', { token })
  if (start.status !== 200) throw new Error(`verification start failed: ${start.status} ${await start.text()}`)
  const { verifyId } = await json(start)
  const done = await call('POST', '/api/me/verification/result', { token, json: { verifyId } })
  if (done.status !== 200) throw new Error(`verification failed: ${done.status} ${await done.text()}`)
  return json(done)
}

export async function uploadCsv(token: string, csv: string | Uint8Array, fileName = 'records.csv') {
  return call('POST', '/api/office/imports', {
    token,
    body: typeof csv === 'string' ? new TextEncoder().encode(csv) : csv,
    headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(fileName) },
  })
}

export async function waitForJob(token: string, id: string, timeoutMs = 120_000): Promise<any> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await call('GET', `/api/office/imports/${id}`, { token })
    const body = await json(res)
    if (body.job?.status === 'done' || body.job?.status === 'failed') return body.job
    if (Date.now() > deadline) throw new Error(`job ${id} not finished: ${JSON.stringify(body)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * The statements of functions/seed/demo.sql, as `wrangler d1 execute --file` runs them: comment lines dropped,
 * a statement may span lines (the generator keeps lines within 120 bytes) and ends with `;` at a line's end.
 */
export function seedStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n')
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '')
}
