/**
 * A local stand-in for WeChat's server API (api.weixin.qq.com), faithful to the documented requests, answers
 * and errcodes of the three endpoints Canbao uses:
 *   GET  /sns/jscode2session                 auth.code2Session
 *   POST /cgi-bin/stable_token               getStableAccessToken
 *   POST /cgi-bin/message/subscribe/send     subscribeMessage.send
 * Sign-in codes are `dev:<name>` (reusable, a stable openid per name) or one-time codes from
 * `POST /__admin/codes`. Errors are injected through `/__admin/faults`. It is a plain Hono app, so the same
 * code answers in-process in the Worker tests (a miniflare service binding) and over HTTP for `npm start`.
 *
 * Admin endpoints (never part of the Worker):
 *   POST   /__admin/faults   { api: 'jscode2session'|'stable_token'|'subscribe_send', errcode?, httpStatus?,
 *                              rawBody?, times? = 1, code? (only this js_code or touser),
 *                              delayMs? (answer late: a timeout) }   queue a failure
 *   DELETE /__admin/faults   clear queued failures
 *   POST   /__admin/codes    { name }  → { code }   a one-time code (40163 when used twice, 40029 after 5 min)
 *   GET    /__admin/openid?name=…      → { openid }
 *   GET    /__admin/messages           → { messages }  subscription messages accepted so far
 *   POST   /__admin/expire-token       the current access token expires now (42001 on next use)
 *   POST   /__admin/chaos    { rate, seed?, delayMs? }  fail that share of subscribe_send calls (-1, HTTP 502,
 *                              or no answer for delayMs); rate 0 stops
 *   POST   /__admin/known-openids { openids }   users WeChat knows (bulk tests)
 *   GET    /__admin/message-stats → { total, recipients, duplicates, chaosFailures, lastAcceptedAt }
 *   POST   /__admin/keep-messages { keep }   false: count accepted messages but keep no bodies (a million-message
 *                              benchmark); /__admin/messages then lists none
 *   POST   /__admin/reset              forget everything
 * 人脸核身 2.0 (getverifyid, queryverifyinfo) and its /__admin/face/… controls: see ./face.ts.
 */

import { Hono } from 'hono'
import { DEV_CODE, fakeOpenid } from './openid'
import { seededRandom } from '../../src/lib/prng'
import { toHex } from '../../src/lib/hex'
import { installFace } from './face'

export type FakeApi = 'jscode2session' | 'stable_token' | 'subscribe_send'

interface Fault {
  api: FakeApi
  errcode?: number
  httpStatus?: number
  rawBody?: string
  times: number
  code?: string
  /** hold the answer this long first: a client with a shorter timeout sees a timeout, and nothing was done */
  delayMs?: number
}

/** Random failures of subscribe_send for load and chaos tests; `seed` makes a run repeatable. */
interface Chaos {
  rate: number
  next: () => number
  delayMs: number
}

export interface FakeWeChatOptions {
  appid: string
  secret: string
  /** injectable clock for code and token expiry */
  now?: () => number
}

export interface SentMessage {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
  miniprogram_state?: string
  lang?: string
}

const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'code blocked',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  47003: 'argument invalid! data.value is empty',
  84001: 'invalid identify id',
}

let ridCounter = 0
const rid = () => `${Date.now().toString(16)}-${(++ridCounter).toString(16).padStart(8, '0')}`

export function createFakeWeChat(options: FakeWeChatOptions) {
  const now = options.now ?? (() => Date.now())
  let faults: Fault[] = []
  let oneTimeCodes = new Map<string, { name: string; issuedAt: number; used: boolean }>()
  let knownOpenids = new Set<string>()
  let token: { value: string; expiresAt: number } | null = null
  let messages: SentMessage[] = []
  let keepMessages = true
  /** accepted messages per recipient and template, kept as they arrive: stats cost nothing at a million */
  let perRecipient = new Map<string, number>()
  let accepted = 0
  let duplicates = 0
  /** when the latest message was accepted (epoch ms): a benchmark's end, to the millisecond */
  let lastAcceptedAt: number | null = null
  let loginsPerMinute = new Map<string, number>()
  let codeCounter = 0
  let chaos: Chaos | null = null
  let chaosFailures = 0

  const wxError = (errcode: number) => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'error'}, rid: ${rid()}` })

  /** A queued fault for this call, consumed as it fires. */
  function takeFault(api: FakeApi, code?: string): Fault | null {
    const index = faults.findIndex((f) => f.api === api && (f.code === undefined || f.code === code))
    if (index === -1) return null
    const fault = faults[index] as Fault
    fault.times -= 1
    if (fault.times <= 0) faults.splice(index, 1)
    return fault
  }

  async function faultResponse(fault: Fault): Promise<Response> {
    if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    if (fault.httpStatus !== undefined)
      return new Response(fault.rawBody ?? 'upstream error', { status: fault.httpStatus })
    if (fault.rawBody !== undefined)
      return new Response(fault.rawBody, { status: 200, headers: { 'content-type': 'text/plain' } })
    return Response.json(wxError(fault.errcode ?? -1))
  }

  const randomToken = () => {
    return toHex(crypto.getRandomValues(new Uint8Array(48)))
  }

  const app = new Hono()

  app.get('/sns/jscode2session', async (c) => {
    const q = c.req.query()
    const fault = takeFault('jscode2session', q.js_code)
    if (fault) return await faultResponse(fault)
    if (!q.appid) return c.json(wxError(41002))
    if (!q.secret) return c.json(wxError(41004))
    if (!q.js_code) return c.json(wxError(41008))
    if (q.grant_type !== 'authorization_code') return c.json(wxError(40002))
    if (q.appid !== options.appid) return c.json(wxError(40013))
    if (q.secret !== options.secret) return c.json(wxError(40125))

    let name: string | null = null
    const dev = DEV_CODE.exec(q.js_code)
    if (dev) name = dev[1] as string
    else {
      const issued = oneTimeCodes.get(q.js_code)
      if (!issued || now() - issued.issuedAt > 5 * 60 * 1000) return c.json(wxError(40029))
      if (issued.used) return c.json(wxError(40163))
      issued.used = true
      name = issued.name
    }
    const openid = await fakeOpenid(name)
    // WeChat limits code2Session to 100 calls per user per minute.
    const minuteKey = `${openid}:${Math.floor(now() / 60_000)}`
    const calls = (loginsPerMinute.get(minuteKey) ?? 0) + 1
    loginsPerMinute.set(minuteKey, calls)
    if (calls > 100) return c.json(wxError(45011))
    knownOpenids.add(openid)
    // Success carries no errcode, as WeChat's answers have since 2021.
    return c.json({ session_key: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))), openid })
  })

  app.all('/cgi-bin/stable_token', async (c) => {
    if (c.req.method !== 'POST') return c.json(wxError(43002))
    const fault = takeFault('stable_token')
    if (fault) return await faultResponse(fault)
    let body: Record<string, unknown>
    try {
      body = (await c.req.json()) as Record<string, unknown>
    } catch {
      return c.json(wxError(47001))
    }
    if (typeof body !== 'object' || body === null) return c.json(wxError(47001))
    if (body.grant_type !== 'client_credential') return c.json(wxError(40002))
    if (!body.appid) return c.json(wxError(41002))
    if (!body.secret) return c.json(wxError(41004))
    if (body.appid !== options.appid) return c.json(wxError(40013))
    if (body.secret !== options.secret) return c.json(wxError(40125))
    if (!token || body.force_refresh === true || token.expiresAt <= now()) {
      token = { value: randomToken(), expiresAt: now() + 7200 * 1000 }
    }
    return c.json({ access_token: token.value, expires_in: Math.max(0, Math.floor((token.expiresAt - now()) / 1000)) })
  })

  app.all('/cgi-bin/message/subscribe/send', async (c) => {
    if (c.req.method !== 'POST') return c.json(wxError(43002))
    const given = c.req.query('access_token')
    if (!given || !token || given !== token.value) return c.json(wxError(40001))
    if (token.expiresAt <= now()) return c.json(wxError(42001))
    let body: Record<string, unknown>
    try {
      body = (await c.req.json()) as Record<string, unknown>
    } catch {
      return c.json(wxError(44002))
    }
    if (typeof body !== 'object' || body === null) return c.json(wxError(47001))
    const fault = takeFault('subscribe_send', typeof body.touser === 'string' ? body.touser : undefined)
    if (fault) return await faultResponse(fault)
    if (chaos && chaos.next() < chaos.rate) {
      chaosFailures += 1
      // Mixed, as WeChat fails in practice: system busy, a gateway error, or no answer in time.
      const pick = chaos.next()
      if (pick < 0.4) return c.json(wxError(-1))
      if (pick < 0.7) return new Response('<html>502 Bad Gateway</html>', { status: 502 })
      return await faultResponse({ api: 'subscribe_send', times: 1, delayMs: chaos.delayMs, errcode: -1 })
    }
    if (typeof body.touser !== 'string' || !knownOpenids.has(body.touser)) return c.json(wxError(40003))
    if (typeof body.template_id !== 'string' || body.template_id === '') return c.json(wxError(40037))
    if (body.page !== undefined && (typeof body.page !== 'string' || body.page.startsWith('http')))
      return c.json(wxError(41030))
    const data = body.data
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return c.json(wxError(47003))
    for (const entry of Object.values(data as Record<string, unknown>)) {
      const value = (entry as { value?: unknown } | null)?.value
      if (typeof value !== 'string' || value === '') return c.json(wxError(47003))
    }
    if (keepMessages) messages.push(body as unknown as SentMessage)
    const recipient = `${body.touser}|${body.template_id}`
    const before = perRecipient.get(recipient) ?? 0
    perRecipient.set(recipient, before + 1)
    if (before > 0) duplicates += 1
    accepted += 1
    lastAcceptedAt = Date.now()
    return c.json({ errcode: 0, errmsg: 'ok', msgid: accepted })
  })

  const face = installFace(app, {
    now,
    tokenProblem: (given) =>
      !given || !token || given !== token.value ? 40001 : token.expiresAt <= now() ? 42001 : null,
    knownOpenid: (openid) => knownOpenids.has(openid),
    wxError,
  })

  app.post('/__admin/faults', async (c) => {
    const body = (await c.req.json()) as Partial<Fault>
    if (body.api !== 'jscode2session' && body.api !== 'stable_token' && body.api !== 'subscribe_send') {
      return c.json({ error: 'api must be jscode2session, stable_token or subscribe_send' }, 400)
    }
    faults.push({
      api: body.api,
      ...(typeof body.errcode === 'number' ? { errcode: body.errcode } : {}),
      ...(typeof body.httpStatus === 'number' ? { httpStatus: body.httpStatus } : {}),
      ...(typeof body.rawBody === 'string' ? { rawBody: body.rawBody } : {}),
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.delayMs === 'number' ? { delayMs: body.delayMs } : {}),
      times: typeof body.times === 'number' && body.times > 0 ? body.times : 1,
    })
    return c.json({ queued: faults.length })
  })
  app.post('/__admin/chaos', async (c) => {
    const body = (await c.req.json()) as { rate?: unknown; seed?: unknown; delayMs?: unknown }
    const rate = typeof body.rate === 'number' ? Math.min(1, Math.max(0, body.rate)) : 0
    chaos =
      rate > 0
        ? {
            rate,
            next: seededRandom(typeof body.seed === 'number' ? body.seed : 1),
            delayMs: typeof body.delayMs === 'number' ? body.delayMs : 10_000,
          }
        : null
    chaosFailures = 0
    return c.json({ rate })
  })
  /** Openids of users who opened the mini-program (WeChat knows every one; tests create users in bulk). */
  app.post('/__admin/known-openids', async (c) => {
    const { openids } = (await c.req.json()) as { openids?: unknown }
    if (!Array.isArray(openids)) return c.json({ error: 'openids must be an array' }, 400)
    for (const id of openids) if (typeof id === 'string') knownOpenids.add(id)
    return c.json({ known: knownOpenids.size })
  })
  /** Counts of accepted messages: per recipient and template, so duplicates show without shipping every body. */
  app.get('/__admin/message-stats', (c) =>
    c.json({ total: accepted, recipients: perRecipient.size, duplicates, chaosFailures, lastAcceptedAt }),
  )
  app.post('/__admin/keep-messages', async (c) => {
    const { keep } = (await c.req.json()) as { keep?: unknown }
    if (typeof keep !== 'boolean') return c.json({ error: 'keep must be true or false' }, 400)
    keepMessages = keep
    return c.json({ keep })
  })
  app.delete('/__admin/faults', (c) => {
    faults = []
    return c.json({ queued: 0 })
  })
  app.post('/__admin/codes', async (c) => {
    const { name } = (await c.req.json()) as { name?: unknown }
    if (typeof name !== 'string' || !DEV_CODE.test(`dev:${name}`))
      return c.json({ error: 'name: 1–32 letters, digits, _ or -' }, 400)
    const code = `fake${(++codeCounter).toString(36)}${randomToken().slice(0, 24)}`
    oneTimeCodes.set(code, { name, issuedAt: now(), used: false })
    return c.json({ code })
  })
  app.get('/__admin/openid', async (c) => c.json({ openid: await fakeOpenid(c.req.query('name') ?? '') }))
  app.get('/__admin/messages', (c) => c.json({ messages }))
  app.post('/__admin/expire-token', (c) => {
    if (token) token.expiresAt = now()
    return c.json({ expired: token !== null })
  })
  app.post('/__admin/reset', (c) => {
    faults = []
    oneTimeCodes = new Map()
    knownOpenids = new Set()
    token = null
    messages = []
    keepMessages = true
    perRecipient = new Map()
    accepted = 0
    duplicates = 0
    lastAcceptedAt = null
    loginsPerMinute = new Map()
    chaos = null
    chaosFailures = 0
    face.reset()
    return c.json({ reset: true })
  })
  app.notFound((c) => c.json(wxError(-1), 404))

  return { app, fetch: (request: Request) => app.fetch(request) }
}

export type FakeWeChat = ReturnType<typeof createFakeWeChat>
