/**
 * What Canbao needs from WeChat's server API, independent of how it is reached. Field names follow WeChat's
 * documentation (auth.code2Session, getStableAccessToken, subscribeMessage.send).
 */

export interface WeChatSession {
  openid: string
  unionid: string | null
  // session_key is deliberately not here: it is read from WeChat's answer and dropped, so no code path can
  // store, log or return it.
}

export interface StableToken {
  accessToken: string
  /** seconds, at most 7200 */
  expiresIn: number
}

export interface SubscribeMessage {
  /** the recipient's openid */
  touser: string
  templateId: string
  /** a page of this mini-program, may carry a query (`pages/status/index?year=2027`) */
  page?: string
  data: Record<string, { value: string }>
  miniprogramState?: 'developer' | 'trial' | 'formal'
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW'
}

/** cityservice/face/identify/getverifyid: who is to be checked (证件类型 is always the resident ID card here). */
export interface VerifyIdRequest {
  /** ours, 5–32 of [0-9A-Za-z_-], unique per appid */
  outSeqNo: string
  certName: string
  certNo: string
  openid: string
}

export interface VerifyIdAnswer {
  verifyId: string
  /** seconds; WeChat's default is 3600 */
  expiresIn: number
}

export interface VerifyInfoRequest {
  verifyId: string
  outSeqNo: string
  /** sha256 over the base64 of the cert_info fields, see certHash() */
  certHash: string
  openid: string
}

export type WeChatErrorKind =
  /** 40029 invalid code, 40163 code been used: the user has to call wx.login again */
  | 'invalid-code'
  /** 45011 minute quota (100 per user per minute), 45009 daily quota */
  | 'rate-limited'
  /** -1 system busy */
  | 'busy'
  /** 40226 high-risk user, login intercepted */
  | 'blocked'
  /** 40013 / 40125 / 40164 / 40001 at stable_token: our appid, secret or egress IP is wrong */
  | 'bad-credentials'
  /** 40001 / 40014 / 42001 at an API call: the access token is stale */
  | 'token-invalid'
  /** 43101 the user refused (or cancelled) this subscription */
  | 'refused'
  /** face check: the verify_id is unknown, used up or expired, or does not match the openid / cert_hash sent */
  | 'verify-invalid'
  /** 40003 / 40037 / 47003 / 41030 …: what we sent is wrong */
  | 'bad-request'
  /** no answer, HTTP error, or a body that is not WeChat's JSON */
  | 'unavailable'

export class WeChatError extends Error {
  constructor(
    readonly kind: WeChatErrorKind,
    readonly errcode: number | null,
    readonly errmsg: string,
  ) {
    super(`wechat ${kind} (${errcode ?? 'no errcode'}): ${errmsg}`)
  }
}

export interface WeChatApi {
  code2Session(jsCode: string): Promise<WeChatSession>
  getStableAccessToken(forceRefresh?: boolean): Promise<StableToken>
  sendSubscribeMessage(accessToken: string, message: SubscribeMessage): Promise<void>
}

export interface WeChatFaceApi {
  /** 人脸核身 2.0, step 1: a verify_id for wx.requestFacialVerify */
  getVerifyId(accessToken: string, request: VerifyIdRequest): Promise<VerifyIdAnswer>
  /** 人脸核身 2.0, step 3: the check's real outcome (`verify_ret`; only 10000 is a pass) */
  queryVerifyInfo(accessToken: string, request: VerifyInfoRequest): Promise<number>
}
