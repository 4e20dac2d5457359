/**
 * Identity contract: separate consent to sensitive personal information, WeChat real-name verification
 * (人脸核身) and what an account is told about its identity.
 */

import * as v from 'valibot'
import { unknownFieldMessage } from './common'

/**
 * The separate consent 个人信息保护法 §29 requires before processing sensitive personal information (ID
 * number, medical-insurance and fund-payment records). The server stores this exact text with its version.
 * Changing a word means a new version: residents are asked again.
 */
export const SENSITIVE_PI_CONSENT_VERSION = 'sensitive-pi-2026-12'
export const SENSITIVE_PI_CONSENT_TEXT =
  '我同意参保助手处理我的敏感个人信息：身份证号码、参保缴费记录和医保基金支付金额（可能反映健康状况）。' +
  '用途仅限于计算我的医保待遇、提醒缴费、与我授权的家庭共济，' +
  '以及在我完成实名认证后显示医保经办机构导入的我的参保记录。' +
  '身份证号加密保存，不向其他用户展示。我可以随时在“我的”页面导出或注销（删除）这些信息。' +
  '不同意将无法保存参保人信息，但仍可使用待遇计算器。'

export const SensitiveConsentSchema = v.strictObject(
  {
    version: v.literal(SENSITIVE_PI_CONSENT_VERSION, '同意的规则版本已更新，请刷新页面后重新阅读并勾选同意'),
  },
  unknownFieldMessage,
)

export const ConsentViewSchema = v.object({ version: v.string(), givenAt: v.string() })
export type ConsentView = v.InferOutput<typeof ConsentViewSchema>

/** Start: the server calls WeChat's getverifyid with the profile's name and ID number; the client gets the id. */
export const VerificationStartResponseSchema = v.object({
  verifyId: v.string(),
  /** seconds the verifyId may be used for wx.requestFacialVerify */
  expiresIn: v.number(),
  /** `wechat`: call wx.requestFacialVerify; `simulated`: a development fake decides the outcome (no camera) */
  faceCheck: v.picklist(['wechat', 'simulated']),
})
export type VerificationStartResponse = v.InferOutput<typeof VerificationStartResponseSchema>

export const VerificationFinishRequestSchema = v.strictObject(
  {
    verifyId: v.pipe(
      v.string('缺少人脸核身会话编号'),
      v.minLength(1, '缺少人脸核身会话编号'),
      v.maxLength(256, '人脸核身会话编号太长'),
    ),
  },
  unknownFieldMessage,
)
export type VerificationFinishRequest = v.InferOutput<typeof VerificationFinishRequestSchema>

export const NOTICE_KINDS = ['id-taken-over'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

export const NOTICE_TEXT_ZH: Record<NoticeKind, string> = {
  'id-taken-over':
    '您之前实名认证的身份证号，已由另一个微信账号通过本人人脸核身完成认证，因此本账号的实名认证已取消，' +
    '与该身份证号关联的医保记录和家庭共济信息不再显示在本账号。如果这不是您本人或家人的操作，' +
    '请携带身份证到当地医保经办机构核实。',
}

export const NoticeViewSchema = v.object({
  kind: v.picklist(NOTICE_KINDS),
  messageZh: v.string(),
  createdAt: v.string(),
})
export type NoticeView = v.InferOutput<typeof NoticeViewSchema>

/** What a verified profile unlocks, shown next to the 去实名认证 button. */
export const VERIFICATION_UNLOCKS_ZH = [
  '医保经办机构导入的您的参保缴费记录',
  '家人通过家庭共济为您代缴的年度',
  '以身份证号关联的待遇查询结果',
] as const
