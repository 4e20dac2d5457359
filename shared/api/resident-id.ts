/**
 * The 18-character resident identity number of GB 11643-1999 (公民身份号码): a six-digit address code
 * (GB/T 2260), the birth date YYYYMMDD, a three-digit sequence and an ISO 7064 MOD 11-2 check character.
 * Shared so the mini-program can point at a typo before anything is sent.
 */

import { isCalendarDate } from './dates'
import { PROVINCE_DIVISIONS, regionNameZh } from '../regions'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'
const SHAPE = /^\d{17}[\dX]$/

export type ResidentIdProblem = 'format' | 'region' | 'birth_date' | 'check_digit'

export const RESIDENT_ID_MESSAGES_ZH: Readonly<Record<ResidentIdProblem, string>> = {
  format: '身份证号应为 18 位：前 17 位是数字，最后一位是数字或字母 X。',
  region: '身份证号的前两位不是有效的省级行政区划代码，请核对。',
  birth_date: '身份证号中的出生日期（第 7–14 位）不是一个真实的日期，请核对。',
  check_digit: '身份证号最后一位校验码不对，可能有数字输错了，请逐位核对。',
}

export interface ResidentId {
  /** normalized: half-width digits and an upper-case X */
  readonly value: string
  readonly birthDate: string
  /** GB/T 2260 province-level code of the address code */
  readonly provinceCode: string
  /** the prefecture of the address code when it is a current prefecture of a served province */
  readonly prefectureNameZh: string | null
}

export type ResidentIdResult = { ok: true; id: ResidentId } | { ok: false; problem: ResidentIdProblem; message: string }

/** Residents type on phones: full-width digits and a lower-case or full-width x are the same number. */
export function normalizeResidentId(raw: string): string {
  let out = ''
  for (const ch of raw) {
    const code = ch.codePointAt(0) as number
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48)
    else if (ch === 'x' || ch === 'Ｘ' || ch === 'ｘ') out += 'X'
    else if (ch !== ' ' && ch !== '\u3000') out += ch
  }
  return out
}

export function residentIdCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number)
  return CHECK_CHARS[sum % 11] as string
}

/**
 * Checks a resident ID. `today` (CST) bounds the birth date. The address code is checked at province level
 * only: the prefecture digits are fixed when a number is first issued and keep codes that were abolished
 * since (e.g. 5102 for Chongqing while it was part of Sichuan), so a current-prefecture check would turn
 * away real residents.
 */
export function parseResidentId(raw: string, today: string): ResidentIdResult {
  const value = normalizeResidentId(raw)
  const fail = (problem: ResidentIdProblem): ResidentIdResult => ({
    ok: false,
    problem,
    message: RESIDENT_ID_MESSAGES_ZH[problem],
  })
  if (!SHAPE.test(value)) return fail('format')
  const provinceCode = value.slice(0, 2)
  if (!(provinceCode in PROVINCE_DIVISIONS) || value.slice(2, 4) === '00') return fail('region')
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`
  if (!isCalendarDate(birthDate) || birthDate < '1900-01-01' || birthDate > today) return fail('birth_date')
  if (residentIdCheckChar(value) !== value[17]) return fail('check_digit')
  return { ok: true, id: { value, birthDate, provinceCode, prefectureNameZh: regionNameZh(`${value.slice(0, 4)}00`) } }
}

/** `5101**********1234`: the address prefix and the last four characters, nothing of the birth date. */
export function maskResidentId(value: string): string {
  return value.length === 18 ? `${value.slice(0, 4)}**********${value.slice(14)}` : '******************'
}

// Not inside a longer run of digits; letters around it (`id510104…X,`) do not protect it.
const ANYWHERE = /(?<!\d)\d{17}[\dXx](?!\d)/g

/** Masks anything in free text that has the shape of a resident ID; used on every log line. */
export function redactResidentIds(text: string): string {
  return text.replace(ANYWHERE, (match) => maskResidentId(match.toUpperCase()))
}
