// Regional figures (SPEC §3, §6): base caps, Heilongjiang's step, individual contribution standards and
// enrollment periods per pooling region (GB/T 2260 code), each with where it comes from and whether it was
// checked against that source. The documents publish none of these except Sichuan's base cap, so most
// values are null: the engine then says so (assumptions) instead of guessing.

import type { Dated } from './dated'
import type { DecisionOverrides, PeriodRule } from './decisions'
import type { ProvinceCode } from './types'
import { provinceRegionCode } from '../regions'

export interface RegionFigure<T> {
  readonly value: T | null
  /** a clause id, or the region's own notice */
  readonly source: string
  readonly verified: boolean
}

export interface ContributionFigure extends RegionFigure<number> {
  /** a national floor for the standard, never the region's own figure */
  readonly minimumFen?: number
}

export interface RegionData {
  readonly code: string
  readonly nameZh: string
  readonly province: ProvinceCode
  /** figures a pooling region leaves out are taken from its province's default region */
  readonly baseCapYuan?: Dated<RegionFigure<number>>
  readonly stepYuan?: Dated<RegionFigure<number>>
  /** keyed by coverage year: the individual contribution standard of that year, in fen */
  readonly contributionFen?: Dated<ContributionFigure>
  /** one window, or several where the region extends its period (each relative to the coverage year) */
  readonly enrollmentPeriod?: Dated<RegionFigure<PeriodRule | readonly PeriodRule[]>>
  readonly decisions?: DecisionOverrides
}

export type RegionTable = Readonly<Record<string, RegionData>>

export { provinceRegionCode }

const UNPUBLISHED = '省级文件未公布，以统筹地区医保部门公布为准'

const unpublished = <T>(): Dated<RegionFigure<T>> => ({ 2025: { value: null, source: UNPUBLISHED, verified: false } })

// SPEC §6: 400 yuan was the national minimum individual standard for 2024 and 2025. It is a floor that
// lets the app say "at least", not a region's standard.
const NATIONAL_MINIMUM_SOURCE = 'SPEC §6：国家规定的居民医保个人缴费最低标准（仅为下限）'
const CONTRIBUTION_UNPUBLISHED: Dated<ContributionFigure> = {
  2024: { value: null, minimumFen: 40_000, source: NATIONAL_MINIMUM_SOURCE, verified: false },
  2026: { value: null, source: UNPUBLISHED, verified: false },
}

const DEFAULT_PERIOD: Dated<RegionFigure<PeriodRule | readonly PeriodRule[]>> = {
  // null: the SPEC's D2 default applies until the region publishes its dates
  2025: { value: null, source: 'D2', verified: false },
}

function provinceDefault(province: ProvinceCode, nameZh: string, extra: Partial<RegionData> = {}): RegionData {
  return {
    code: provinceRegionCode(province),
    nameZh,
    province,
    baseCapYuan: unpublished(),
    stepYuan: unpublished(),
    contributionFen: CONTRIBUTION_UNPUBLISHED,
    enrollmentPeriod: DEFAULT_PERIOD,
    ...extra,
  }
}

export const REGIONS: RegionTable = {
  // Sichuan's base cap is fixed province-wide (000 (三), 30万元): its one home is the province table
  // (provinces.ts `baseCap`), which resolveParams reads instead of any region figure.
  '510000': provinceDefault('51', '四川省', { baseCapYuan: undefined }),
  '140000': provinceDefault('14', '山西省'),
  // The Shanxi document reached us as forwarded by Jincheng; the forwarding notice adds no figures.
  '140500': { code: '140500', nameZh: '晋城市', province: '14' },
  '230000': provinceDefault('23', '黑龙江省'),
  '520000': provinceDefault('52', '贵州省'),
  '360000': provinceDefault('36', '江西省'),
}
