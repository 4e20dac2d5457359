import * as v from 'valibot'
import { SERVED_PROVINCES } from '../regions'
import { NoticeViewSchema } from './identity'
import { ProfileViewSchema } from './profile'

export const LoginRequestSchema = v.strictObject(
  {
    /** from `wx.login`; locally also `dev:<name>`, which the fake WeChat turns into a stable openid */
    code: v.pipe(
      v.string('登录凭证 code 必须是文字'),
      v.minLength(1, '缺少登录凭证 code'),
      v.maxLength(128, '登录凭证 code 太长'),
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to refuse control characters
      v.regex(/^[^\s\u0000-\u001f\u007f]+$/u, '登录凭证 code 里有无法识别的字符'),
    ),
  },
  '不支持的字段，请只提交 code',
)
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>

export const OfficeScopeSchema = v.object({
  province: v.picklist(SERVED_PROVINCES),
  /** null: the whole province */
  region: v.nullable(v.string()),
  scopeNameZh: v.string(),
})
export type OfficeScope = v.InferOutput<typeof OfficeScopeSchema>

export const UserViewSchema = v.object({
  id: v.string(),
  role: v.picklist(['resident', 'office']),
  office: v.nullable(OfficeScopeSchema),
  profile: v.nullable(ProfileViewSchema),
  /** what this account must be told on this visit (e.g. its verified ID number was taken over) */
  notices: v.array(NoticeViewSchema),
})
export type UserView = v.InferOutput<typeof UserViewSchema>

export const LoginResponseSchema = v.object({
  token: v.string(),
  /** ISO 8601 instant; sign in again (silently, with a fresh wx.login code) before it passes */
  expiresAt: v.string(),
  user: UserViewSchema,
})
export type LoginResponse = v.InferOutput<typeof LoginResponseSchema>
