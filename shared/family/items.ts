// What a personal account may pay for a relative (SPEC §6), and which coverage years can be paid today.

import {
  coverageYearBoughtOn,
  isProvinceCode,
  resolveParams,
  type CoverageYearWhere,
  type ProvinceCode,
} from '../policy/index'
import { addMonths, lastDayOf, parseDate } from '../policy/dates'

export const FAMILY_ITEMS = ['resident-contribution', 'long-term-care'] as const
export type FamilyItem = (typeof FAMILY_ITEMS)[number]

export const FAMILY_ITEM_ZH: Readonly<Record<FamilyItem, string>> = {
  'resident-contribution': '城乡居民医保个人缴费',
  'long-term-care': '长期护理保险个人缴费',
}

/** Long-term care insurance contributions are payable only in Heilongjiang (002 (二)). */
export function itemAllowed(item: FamilyItem, province: ProvinceCode | string): boolean {
  return item === 'resident-contribution' || province === '23'
}

/**
 * The coverage years a contribution can be paid for on `today`: this year (late enrollment) and, once its
 * enrollment period has opened, the year a payment today buys (shared/policy coverageYearBoughtOn). Earlier
 * years are back-payments, which go through the office; a year whose period has not opened cannot be paid.
 */
export function payableYears(today: string, where: CoverageYearWhere = {}): number[] {
  const year = Number(today.slice(0, 4))
  const bought = coverageYearBoughtOn(today, where)
  return bought === year ? [year] : [year, bought]
}

/**
 * Whether a payment today for `year` gives any cover inside `year` (review finding 1): a late payment waits at
 * least the province's fixed waiting months (SPEC §4), so in the last months of a year it buys no cover in that
 * year — it only keeps the year from counting as a gap. `benefitStart` is the engine's answer for the relative
 * (the Worker's ifPaidToday); without it the province's fixed waiting gives the earliest possible start, which
 * an exemption (e.g. a newborn) could still beat, so that answer is only 'likely-after-year'.
 */
export function coverIfPaidToday(
  year: number,
  today: string,
  benefitStart: string | null | undefined,
  where: { province: ProvinceCode | string; region?: string | null },
): 'in-year' | 'after-year' | 'likely-after-year' {
  if (benefitStart) return parseDate(benefitStart) <= lastDayOf(year) ? 'in-year' : 'after-year'
  if (!isProvinceCode(where.province)) return 'in-year'
  const fixed = resolveParams(where.province, where.region ?? undefined, year).waiting.fixedMonths
  return addMonths(parseDate(today), fixed) > lastDayOf(year) ? 'likely-after-year' : 'in-year'
}
