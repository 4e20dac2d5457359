import {
  WeChatError,
  type StableToken,
  type SubscribeMessage,
  type VerifyIdAnswer,
  type VerifyIdRequest,
  type VerifyInfoRequest,
  type WeChatApi,
  type WeChatFaceApi,
  type WeChatErrorKind,
  type WeChatSession,
} from './types'
import { sha256Hex } from '../lib/hex'

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>

export interface WeChatHttpOptions {
  /** https://api.weixin.qq.com in production; the fake's address locally */
  baseUrl: string
  appid: string
  secret: string
  fetch: FetchLike
  timeoutMs?: number
}

type Answer = Record<string, unknown> & { errcode?: unknown; errmsg?: unknown }

const LOGIN_ERRORS: Readonly<Record<number, WeChatErrorKind>> = {
  [-1]: 'busy',
  40029: 'invalid-code',
  40163: 'invalid-code',
  45011: 'rate-limited',
  40226: 'blocked',
}

const TOKEN_ERRORS: Readonly<Record<number, WeChatErrorKind>> = {
  [-1]: 'busy',
  40001: 'bad-credentials',
  40013: 'bad-credentials',
  40125: 'bad-credentials',
  40164: 'bad-credentials',
  45009: 'rate-limited',
  45011: 'rate-limited',
}

const SEND_ERRORS: Readonly<Record<number, WeChatErrorKind>> = {
  [-1]: 'busy',
  40001: 'token-invalid',
  40014: 'token-invalid',
  42001: 'token-invalid',
  43101: 'refused',
  40003: 'bad-request',
  40037: 'bad-request',
  47003: 'bad-request',
  41030: 'bad-request',
  45009: 'rate-limited',
}

/**
 * 人脸核身 2.0 (getverifyid / queryverifyinfo). WeChat's pages name the common token errors; a verify_id that is
 * unknown, expired or used, or whose openid / cert_hash do not match, answers with its own errcode (84001 in
 * practice): every other errcode is treated as "this check cannot be used", never as a pass.
 */
const FACE_ERRORS: Readonly<Record<number, WeChatErrorKind>> = {
  [-1]: 'busy',
  40001: 'token-invalid',
  40014: 'token-invalid',
  42001: 'token-invalid',
  45009: 'rate-limited',
  45011: 'rate-limited',
  40003: 'bad-request',
  47001: 'bad-request',
  84001: 'verify-invalid',
}

const encoder = new TextEncoder()

function base64Utf8(text: string): string {
  let binary = ''
  for (const b of encoder.encode(text)) binary += String.fromCharCode(b)
  return btoa(binary)
}

/**
 * cert_hash as queryverifyinfo documents it: each cert_info field in standard base64 (of its UTF-8 bytes),
 * joined as `cert_type=…&cert_name=…&cert_no=…`, then SHA-256 as lowercase hex.
 */
export async function certHash(certName: string, certNo: string, certType = 'IDENTITY_CARD'): Promise<string> {
  const joined = `cert_type=${base64Utf8(certType)}&cert_name=${base64Utf8(certName)}&cert_no=${base64Utf8(certNo)}`
  return sha256Hex(joined)
}

/** WeChat's server API over HTTPS, as documented; the same code talks to the local fake. */
export class WeChatHttpClient implements WeChatApi, WeChatFaceApi {
  constructor(private readonly options: WeChatHttpOptions) {}

  async code2Session(jsCode: string): Promise<WeChatSession> {
    const query = new URLSearchParams({
      appid: this.options.appid,
      secret: this.options.secret,
      js_code: jsCode,
      grant_type: 'authorization_code',
    })
    const answer = await this.call(`/sns/jscode2session?${query}`, { method: 'GET' }, LOGIN_ERRORS)
    if (typeof answer.openid !== 'string' || answer.openid === '' || typeof answer.session_key !== 'string') {
      throw new WeChatError('unavailable', null, 'jscode2session answered without openid or session_key')
    }
    return { openid: answer.openid, unionid: typeof answer.unionid === 'string' ? answer.unionid : null }
  }

  async getStableAccessToken(forceRefresh = false): Promise<StableToken> {
    const answer = await this.call(
      '/cgi-bin/stable_token',
      this.jsonPost({
        grant_type: 'client_credential',
        appid: this.options.appid,
        secret: this.options.secret,
        force_refresh: forceRefresh,
      }),
      TOKEN_ERRORS,
    )
    if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw new WeChatError('unavailable', null, 'stable_token answered without access_token')
    }
    return { accessToken: answer.access_token, expiresIn: answer.expires_in }
  }

  async sendSubscribeMessage(accessToken: string, message: SubscribeMessage): Promise<void> {
    const body: Record<string, unknown> = {
      touser: message.touser,
      template_id: message.templateId,
      data: message.data,
    }
    if (message.page !== undefined) body.page = message.page
    if (message.miniprogramState !== undefined) body.miniprogram_state = message.miniprogramState
    if (message.lang !== undefined) body.lang = message.lang
    // Not URLSearchParams: this runs once per message of a campaign, and a token needs nothing but escaping.
    await this.call(
      `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`,
      this.jsonPost(body),
      SEND_ERRORS,
    )
  }

  async getVerifyId(accessToken: string, request: VerifyIdRequest): Promise<VerifyIdAnswer> {
    const answer = await this.call(
      `/cityservice/face/identify/getverifyid?access_token=${encodeURIComponent(accessToken)}`,
      this.jsonPost({
        out_seq_no: request.outSeqNo,
        cert_info: { cert_type: 'IDENTITY_CARD', cert_name: request.certName, cert_no: request.certNo },
        openid: request.openid,
      }),
      FACE_ERRORS,
    )
    if (typeof answer.verify_id !== 'string' || answer.verify_id === '' || answer.verify_id.length > 256) {
      throw new WeChatError('unavailable', null, 'getverifyid answered without verify_id')
    }
    const expiresIn = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 3600
    return { verifyId: answer.verify_id, expiresIn }
  }

  async queryVerifyInfo(accessToken: string, request: VerifyInfoRequest): Promise<number> {
    const answer = await this.call(
      `/cityservice/face/identify/queryverifyinfo?access_token=${encodeURIComponent(accessToken)}`,
      this.jsonPost({
        verify_id: request.verifyId,
        out_seq_no: request.outSeqNo,
        cert_hash: request.certHash,
        openid: request.openid,
      }),
      FACE_ERRORS,
    )
    if (typeof answer.verify_ret !== 'number' || !Number.isInteger(answer.verify_ret)) {
      throw new WeChatError('unavailable', null, 'queryverifyinfo answered without verify_ret')
    }
    return answer.verify_ret
  }

  private jsonPost(body: unknown): RequestInit {
    return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  }

  /** WeChat answers HTTP 200 with `errcode` for its own errors; success has no errcode or errcode 0. */
  private async call(
    path: string,
    init: RequestInit,
    errors: Readonly<Record<number, WeChatErrorKind>>,
  ): Promise<Answer> {
    // A timer cleared as soon as the answer is in, not AbortSignal.timeout: those stay armed for the whole timeout,
    // and an invocation may hold at most 10,000 timers — a campaign batch sending thousands would run out.
    const controller = new AbortController()
    const timeout = setTimeout(
      () => controller.abort(new DOMException('WeChat did not answer in time', 'TimeoutError')),
      this.options.timeoutMs ?? 5000,
    )
    let response: Response
    let answer: unknown
    try {
      try {
        response = await this.options.fetch(`${this.options.baseUrl}${path}`, { ...init, signal: controller.signal })
      } catch (err) {
        // The URL carries the app secret (jscode2session): never put it in an error.
        throw new WeChatError('unavailable', null, err instanceof Error ? err.name : 'fetch failed')
      }
      if (!response.ok) throw new WeChatError('unavailable', null, `HTTP ${response.status}`)
      try {
        answer = await response.json()
      } catch {
        throw new WeChatError('unavailable', null, 'answer is not JSON')
      }
    } finally {
      clearTimeout(timeout)
    }
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      throw new WeChatError('unavailable', null, 'answer is not an object')
    }
    const { errcode, errmsg } = answer as Answer
    if (errcode !== undefined && errcode !== 0) {
      const code = typeof errcode === 'number' ? errcode : Number(errcode)
      const text = typeof errmsg === 'string' ? errmsg.slice(0, 200) : ''
      throw new WeChatError(
        errors[code] ?? (code === -1 ? 'busy' : 'unavailable'),
        Number.isFinite(code) ? code : null,
        text,
      )
    }
    return answer as Answer
  }
}
