// What a personal account may pay for a relative (SPEC §6), and which coverage years can be paid today.

import { coverageYearBoughtOn, type CoverageYearWhere, type ProvinceCode } from '../policy/index'

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
