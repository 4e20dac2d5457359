import { isProvinceCode, type ProvinceCode } from '@canbao/shared/policy'

/** Visitors without a province start on the first of the five documents. */
export const FALLBACK_PROVINCE: ProvinceCode = '51'

/** The province the policy page opens on: the one asked for in the link, else the resident's own. */
export function initialPolicyProvince(
  asked: string | undefined,
  residentProvince: string | undefined | null,
): ProvinceCode {
  if (isProvinceCode(asked)) return asked
  if (isProvinceCode(residentProvince)) return residentProvince
  return FALLBACK_PROVINCE
}
