// The amount of a family payment: the payee region's individual contribution standard for the year, read
// through the rules engine (resolveParams) with any region data the deployment holds laid over its tables.

import { DEFAULT_TABLES, REGIONS, resolveParams, type PolicyTables, type ProvinceCode } from '../policy/index'
import type { FamilyItem } from './items'
import { provinceRegionCode } from '../regions'

/** A region's contribution figure from the region figure registry (region_figures, issue 16). */
export interface RegionStandard {
  region: string
  year: number
  item: FamilyItem
  amountFen: number
  source: string
  verified: boolean
  demo: boolean
}

export type StandardResult =
  | { ok: true; amountFen: number; source: string; verified: boolean; demo: boolean }
  | { ok: false; message: string; minimumFen: number | null }

/** Figures for exactly `year`: a figure for 2027 says nothing about 2028. */
function tablesWith(
  province: ProvinceCode,
  region: string | undefined,
  year: number,
  figure: RegionStandard,
): PolicyTables {
  const code = region ?? provinceRegionCode(province)
  const base = REGIONS[code]
  return {
    provinces: DEFAULT_TABLES.provinces,
    regions: {
      ...DEFAULT_TABLES.regions,
      [code]: {
        ...(base ?? { code, nameZh: code, province }),
        contributionFen: { [year]: { value: figure.amountFen, source: figure.source, verified: figure.verified } },
      },
    },
  }
}

export function contributionStandard(
  province: ProvinceCode,
  region: string | undefined,
  year: number,
  item: FamilyItem,
  stored: readonly RegionStandard[],
): StandardResult {
  const own = stored.find(
    (s) => s.year === year && s.item === item && s.region === (region ?? provinceRegionCode(province)),
  )
  const provinceWide = stored.find(
    (s) => s.year === year && s.item === item && s.region === provinceRegionCode(province),
  )
  const figure = own ?? provinceWide
  if (item === 'long-term-care') {
    // The rules engine has no table for long-term care: only region data can give its amount.
    if (!figure)
      return {
        ok: false,
        minimumFen: null,
        message: `${year} 年度当地长期护理保险个人缴费标准尚未公布，暂时不能代缴。请以当地医保部门公布的标准为准。`,
      }
    return {
      ok: true,
      amountFen: figure.amountFen,
      source: figure.source,
      verified: figure.verified,
      demo: figure.demo,
    }
  }
  const params = resolveParams(
    province,
    region,
    year,
    figure
      ? {
          tables: tablesWith(
            province,
            figure.region === provinceRegionCode(province) ? undefined : region,
            year,
            figure,
          ),
        }
      : {},
  )
  const c = params.contribution
  if (c.value === null) {
    const floor = c.minimumFen === null ? '' : `（国家规定的最低标准为 ${c.minimumFen / 100} 元，仅为下限）`
    return {
      ok: false,
      minimumFen: c.minimumFen,
      message:
        `${year} 年度当地居民医保个人缴费标准尚未公布${floor}，为避免扣错金额，暂时不能代缴。` +
        '请等当地医保部门公布后再缴。',
    }
  }
  return { ok: true, amountFen: c.value, source: c.source, verified: c.verified, demo: figure?.demo ?? false }
}
