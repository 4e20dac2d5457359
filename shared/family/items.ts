// What a personal account may pay for a relative (SPEC §6), and which coverage years can be paid today.

import type { ProvinceCode } from '../policy/index'

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
 * The coverage years a contribution can be paid for on `today`: this year (late enrollment) and next year
 * (the enrollment period for it runs in the last months of this year, D2). Earlier years are back-payments,
 * which go through the office, and later years are not open yet.
 */
export function payableYears(today: string): number[] {
  const year = Number(today.slice(0, 4))
  return [year, year + 1]
}
