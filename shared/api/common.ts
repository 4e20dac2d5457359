/**
 * Building blocks of the request schemas. Every check carries its own Chinese message: a resident reads
 * these next to the field they typed, so they say what is expected, never what valibot's type name is.
 */

import * as v from 'valibot'
import { isCalendarDate } from './dates'
import { isPrefectureOf } from '../regions'
import { ERROR_CODES } from '../errors'

/** Coverage years the service answers for; anything outside is a typo, not a plan. */
export const MIN_YEAR = 1900
export const MAX_YEAR = 2100

export const yearSchema = (label: string) =>
  v.pipe(
    v.number(`${label}必须是数字`),
    v.integer(`${label}必须是整数年份`),
    v.minValue(MIN_YEAR, `${label}不能早于 ${MIN_YEAR} 年`),
    v.maxValue(MAX_YEAR, `${label}不能晚于 ${MAX_YEAR} 年`),
  )

export const dateSchema = (label: string) =>
  v.pipe(
    v.string(`${label}必须是“年-月-日”格式的文字，例如 2025-11-01`),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, `${label}请写成“年-月-日”，例如 2025-11-01`),
    v.check(isCalendarDate, `${label}不是一个真实存在的日期`),
  )

/** Money is integer fen everywhere; ten million yuan is far beyond any fund payment for one person-year. */
export const MAX_FEN = 1_000_000_000

export const fenSchema = (label: string) =>
  v.pipe(
    v.number(`${label}必须是数字（单位：分）`),
    v.integer(`${label}必须是整数（单位：分）`),
    v.minValue(0, `${label}不能是负数`),
    v.maxValue(MAX_FEN, `${label}超出了合理范围`),
  )

/** Query strings arrive as text: a whole number written in digits, then the same checks as a body number. */
export const queryIntSchema = (label: string, min: number, max: number) =>
  v.pipe(
    v.string(`${label}必须是数字`),
    v.regex(/^\d{1,10}$/, `${label}必须是整数`),
    v.transform(Number),
    v.number(),
    v.minValue(min, `${label}不能小于 ${min}`),
    v.maxValue(max, `${label}不能大于 ${max}`),
  )

/** Short free text with no control characters. */
export const textSchema = (label: string, max: number) =>
  v.pipe(
    v.string(`${label}必须是文字`),
    v.trim(),
    v.minLength(1, `请填写${label}`),
    v.maxLength(max, `${label}最多 ${max} 个字`),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to refuse control characters
    v.regex(/^[^\u0000-\u001f\u007f]*$/u, `${label}里有无法识别的字符`),
  )

export const unknownFieldMessage = '不支持的字段，请删除'

/**
 * Field names of request bodies as a resident would say them. valibot reports a missing key of a strict object
 * with the object's own message (the unknown-field one), so the server rewrites it with these.
 */
const FIELD_LABELS_ZH: Readonly<Record<string, string>> = {
  code: '登录凭证 code',
  name: '姓名',
  idNumber: '身份证号',
  province: '参保省份',
  region: '参保地区',
  history: '参保记录',
  year: '参保年度',
  scheme: '险种',
  verifyId: '人脸核身会话编号',
  version: '同意的规则版本',
  relationship: '与您的关系',
  item: '缴费项目',
  kind: '提醒类型',
  title: '标题',
  // region figure proposals (issue 16)
  docNo: '文号',
  issuer: '发文机关',
  issuedOn: '发文日期',
  value: '数值',
}

const MISSING_FIELD_MESSAGES_ZH: Readonly<Record<string, string>> = {
  sensitiveConsent: '请阅读并勾选同意《敏感个人信息处理规则》',
  source: '请填写来源文件（文号、标题、发文机关、发文日期）',
}

/** The message for a required field that was not sent at all. */
export function missingFieldMessage(key: string): string {
  return MISSING_FIELD_MESSAGES_ZH[key] ?? `请填写${FIELD_LABELS_ZH[key] ?? `必填项“${key}”`}`
}

/** A pooling region (prefecture) as a GB/T 2260 code; whether it exists is checked against the province. */
export const regionCodeSchema = v.pipe(
  v.string('参保地区必须是行政区划代码'),
  v.regex(/^\d{6}$/, '参保地区应为 6 位行政区划代码'),
)

/** An ID number as typed: checked in full (check digit, birth date, region) by parseResidentId on the server. */
export const idNumberTextSchema = v.pipe(
  v.string('身份证号必须是文字'),
  v.minLength(1, '请填写身份证号'),
  v.maxLength(40, '身份证号应为 18 位'),
)

export const REGION_NOT_IN_PROVINCE = '参保地区不属于所选省份，或不是一个地级行政区'
export const regionWithinProvince = (input: { province: string; region?: string | undefined }): boolean =>
  input.region === undefined || isPrefectureOf(input.region, input.province)

/** The one error shape of the API (`ApiErrorBody` in errors.ts): what the OpenAPI document names `Error`. */
export const ApiErrorBodySchema = v.object({
  error: v.object({
    code: v.picklist(ERROR_CODES),
    message: v.pipe(v.string(), v.description('给居民看的中文说明')),
    issues: v.optional(v.array(v.object({ path: v.string(), code: v.string(), message: v.string() }))),
  }),
})
