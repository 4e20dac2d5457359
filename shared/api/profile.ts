import * as v from 'valibot'
import { SERVED_PROVINCES } from '../regions'
import { SensitiveConsentSchema } from './identity'
import {
  REGION_NOT_IN_PROVINCE,
  idNumberTextSchema,
  regionCodeSchema,
  regionWithinProvince,
  textSchema,
  unknownFieldMessage,
} from './common'

const NAME_CHARS = /^[\p{Script=Han}\p{L}·•.\- ]+$/u

export const ProfileRequestSchema = v.pipe(
  v.strictObject(
    {
      name: v.pipe(textSchema('姓名', 30), v.regex(NAME_CHARS, '姓名只能包含汉字、字母、空格和间隔号“·”')),
      /** checked in full (check digit, birth date, region) by parseResidentId with the server's today */
      idNumber: idNumberTextSchema,
      province: v.picklist(SERVED_PROVINCES, '请选择参保省份：四川、山西、黑龙江、贵州或江西'),
      /** the pooling region (prefecture) the resident is insured in, GB/T 2260 `xxxx00` */
      region: v.optional(regionCodeSchema),
      /** separate consent to sensitive personal information (个人信息保护法 §29), the version the resident read */
      sensitiveConsent: SensitiveConsentSchema,
    },
    unknownFieldMessage,
  ),
  v.forward(v.partialCheck([['province'], ['region']], regionWithinProvince, REGION_NOT_IN_PROVINCE), ['region']),
)
export type ProfileRequest = v.InferOutput<typeof ProfileRequestSchema>

export const ProfileViewSchema = v.object({
  name: v.string(),
  /** always masked, e.g. 5101**********1234 */
  idNumberMasked: v.string(),
  birthDate: v.string(),
  province: v.picklist(SERVED_PROVINCES),
  provinceNameZh: v.string(),
  region: v.nullable(v.string()),
  regionNameZh: v.nullable(v.string()),
  updatedAt: v.string(),
  /** when WeChat's face check confirmed the person; null = self-declared (unverified) */
  verifiedAt: v.nullable(v.string()),
})
export type ProfileView = v.InferOutput<typeof ProfileViewSchema>

export const ProfileResponseSchema = v.object({ profile: ProfileViewSchema })
export type ProfileResponse = v.InferOutput<typeof ProfileResponseSchema>
