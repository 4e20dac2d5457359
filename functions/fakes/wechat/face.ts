/**
 * The fake's 人脸核身 2.0 (WeChat face verification), faithful to the documented server API:
 *   POST /cityservice/face/identify/getverifyid?access_token=…
 *        { out_seq_no, cert_info{cert_type,cert_name,cert_no}, openid }
 *        → { errcode: 0, errmsg: 'ok', verify_id, expires_in: 3600 }
 *   POST /cityservice/face/identify/queryverifyinfo?access_token=… { verify_id, out_seq_no, cert_hash, openid }
 *        → { errcode: 0, errmsg: 'ok', verify_ret }   (10000 = passed; 900xx = cancelled / failed / timed out)
 * There is no camera: what the person "does" in wx.requestFacialVerify is chosen beforehand through
 *   POST /__admin/face/next { name? | openid?, outcome, times? = 1 }
 * outcome: a verify_ret (10000, 90002 cancelled, 90017 timed out, 90011 invalid capture, …), or 'http-502' /
 * 'garbage' (the next queryverifyinfo answers a gateway error or a non-JSON body: a network failure, the
 * check itself still usable afterwards). Without a choice every check passes (10000).
 *   GET  /__admin/face/sessions → { sessions }   what getverifyid was asked (cert_hash included, for tests)
 */

import type { Hono } from 'hono'
import { fakeOpenid } from './openid'
import { sha256Hex } from '../../src/lib/hex'

/** Every verify_ret WeChat documents for queryverifyinfo. */
export const VERIFY_RETS = [
  10000, 90001, 90002, 90003, 90004, 90005, 90006, 90007, 90008, 90009, 90010, 90011, 90012, 90013, 90014, 90017, 90018,
  90104, 90105, 90106, 90107, 90109, 90110, 90199,
] as const

type Outcome = number | 'http-502' | 'garbage'

interface FaceSession {
  verifyId: string
  outSeqNo: string
  openid: string
  certHash: string
  certName: string
  expiresAt: number
  verifyRet: number
  queried: boolean
}

const OUT_SEQ_NO = /^[0-9A-Za-z_-]{5,32}$/
/** used by WeChat for an unknown, expired or mismatched face-check session (identify id) */
const INVALID_VERIFY = 84001

const encoder = new TextEncoder()
const b64 = (text: string) => {
  let binary = ''
  for (const b of encoder.encode(text)) binary += String.fromCharCode(b)
  return btoa(binary)
}

export interface FaceDeps {
  now: () => number
  /** the errcode for a bad or expired access_token, or null when it is the current one */
  tokenProblem: (given: string | undefined) => number | null
  knownOpenid: (openid: string) => boolean
  wxError: (errcode: number) => { errcode: number; errmsg: string }
}

export function installFace(app: Hono, deps: FaceDeps) {
  let sessions = new Map<string, FaceSession>()
  let usedSeqNos = new Set<string>()
  /** chosen outcomes per openid ('' = anyone), consumed in order */
  let next = new Map<string, Outcome[]>()
  let counter = 0

  const takeOutcome = (openid: string, transport: boolean): Outcome | undefined => {
    for (const key of [openid, '']) {
      const queue = next.get(key)
      const first = queue?.[0]
      if (first === undefined) continue
      // Network outcomes are taken by queryverifyinfo, verify_ret outcomes by getverifyid.
      if ((typeof first === 'number') === transport) continue
      queue!.shift()
      return first
    }
    return undefined
  }

  async function readBody(c: { req: { json: () => Promise<unknown> } }): Promise<Record<string, unknown> | null> {
    try {
      const body = await c.req.json()
      return typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : null
    } catch {
      return null
    }
  }

  app.all('/cityservice/face/identify/getverifyid', async (c) => {
    if (c.req.method !== 'POST') return c.json(deps.wxError(43002))
    const problem = deps.tokenProblem(c.req.query('access_token'))
    if (problem !== null) return c.json(deps.wxError(problem))
    const body = await readBody(c)
    if (!body) return c.json(deps.wxError(44002))
    const cert = body.cert_info as Record<string, unknown> | undefined
    if (typeof body.out_seq_no !== 'string' || !OUT_SEQ_NO.test(body.out_seq_no) || usedSeqNos.has(body.out_seq_no))
      return c.json(deps.wxError(47001))
    if (
      typeof cert !== 'object' ||
      cert === null ||
      cert.cert_type !== 'IDENTITY_CARD' ||
      typeof cert.cert_name !== 'string' ||
      cert.cert_name === '' ||
      typeof cert.cert_no !== 'string' ||
      cert.cert_no === ''
    ) {
      return c.json(deps.wxError(47001))
    }
    if (typeof body.openid !== 'string' || !deps.knownOpenid(body.openid)) return c.json(deps.wxError(40003))
    const chosen = takeOutcome(body.openid, false)
    const verifyId = `fakeverify${(++counter).toString(36)}${crypto.randomUUID().replace(/-/g, '')}`
    usedSeqNos.add(body.out_seq_no)
    sessions.set(verifyId, {
      verifyId,
      outSeqNo: body.out_seq_no,
      openid: body.openid,
      certHash: await sha256Hex(
        `cert_type=${b64('IDENTITY_CARD')}&cert_name=${b64(cert.cert_name)}&cert_no=${b64(cert.cert_no)}`,
      ),
      certName: cert.cert_name,
      expiresAt: deps.now() + 3600 * 1000,
      verifyRet: typeof chosen === 'number' ? chosen : 10000,
      queried: false,
    })
    return c.json({ errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: 3600 })
  })

  app.all('/cityservice/face/identify/queryverifyinfo', async (c) => {
    if (c.req.method !== 'POST') return c.json(deps.wxError(43002))
    const problem = deps.tokenProblem(c.req.query('access_token'))
    if (problem !== null) return c.json(deps.wxError(problem))
    const body = await readBody(c)
    if (!body) return c.json(deps.wxError(44002))
    const session = typeof body.verify_id === 'string' ? sessions.get(body.verify_id) : undefined
    if (session) {
      const transport = takeOutcome(session.openid, true)
      if (transport === 'http-502') return new Response('<html>502 Bad Gateway</html>', { status: 502 })
      if (transport === 'garbage') return new Response('not json', { status: 200 })
    }
    // WeChat checks the identity data against the session and answers an errcode, never a verify_ret, when
    // anything differs: an altered name or ID number cannot borrow someone else's face check.
    if (
      !session ||
      session.expiresAt <= deps.now() ||
      session.queried ||
      body.out_seq_no !== session.outSeqNo ||
      body.openid !== session.openid ||
      body.cert_hash !== session.certHash
    ) {
      return c.json(deps.wxError(INVALID_VERIFY))
    }
    session.queried = true
    return c.json({ errcode: 0, errmsg: 'ok', verify_ret: session.verifyRet })
  })

  app.post('/__admin/face/next', async (c) => {
    const body = ((await readBody(c)) ?? {}) as { name?: unknown; openid?: unknown; outcome?: unknown; times?: unknown }
    const outcome = body.outcome
    const valid =
      outcome === 'http-502' ||
      outcome === 'garbage' ||
      (typeof outcome === 'number' && (VERIFY_RETS as readonly number[]).includes(outcome))
    if (!valid)
      return c.json({ error: `outcome must be one of ${VERIFY_RETS.join(', ')}, 'http-502' or 'garbage'` }, 400)
    const openid =
      typeof body.openid === 'string' ? body.openid : typeof body.name === 'string' ? await fakeOpenid(body.name) : ''
    const times = typeof body.times === 'number' && body.times > 0 ? Math.min(body.times, 100) : 1
    const queue = next.get(openid) ?? []
    for (let i = 0; i < times; i++) queue.push(outcome as Outcome)
    next.set(openid, queue)
    return c.json({ queued: queue.length })
  })
  app.get('/__admin/face/sessions', (c) =>
    c.json({
      sessions: [...sessions.values()].map((s) => ({
        verifyId: s.verifyId,
        outSeqNo: s.outSeqNo,
        openid: s.openid,
        certHash: s.certHash,
        verifyRet: s.verifyRet,
        queried: s.queried,
      })),
    }),
  )

  return {
    reset() {
      sessions = new Map()
      usedSeqNos = new Set()
      next = new Map()
    },
  }
}
