import type { UserView } from '@canbao/shared/api/auth'
import type { ProfileView } from '@canbao/shared/api/profile'
import { isServedProvince, provinceNameZh, regionNameZh } from '@canbao/shared/regions'
import type { UserWithProfileRow } from '../db/users'

export function profileView(row: {
  name: string
  id_masked: string
  birth_date: string
  province: string
  region: string | null
  updated_at: string
  verified_at?: string | null
}): ProfileView {
  if (!isServedProvince(row.province)) throw new Error('stored profile has an unserved province')
  return {
    name: row.name,
    idNumberMasked: row.id_masked,
    birthDate: row.birth_date,
    province: row.province,
    provinceNameZh: provinceNameZh(row.province) ?? row.province,
    region: row.region,
    regionNameZh: row.region === null ? null : regionNameZh(row.region),
    updatedAt: row.updated_at,
    verifiedAt: row.verified_at ?? null,
  }
}

export function userView(row: UserWithProfileRow, notices: UserView['notices'] = []): UserView {
  const office =
    row.role === 'office' && row.office_province !== null && isServedProvince(row.office_province)
      ? {
          province: row.office_province,
          region: row.office_region,
          scopeNameZh:
            (provinceNameZh(row.office_province) ?? '') +
            (row.office_region ? (regionNameZh(row.office_region) ?? row.office_region) : ''),
        }
      : null
  const profile =
    row.name !== null &&
    row.id_masked !== null &&
    row.birth_date !== null &&
    row.province !== null &&
    row.updated_at !== null
      ? profileView({
          ...row,
          name: row.name,
          id_masked: row.id_masked,
          birth_date: row.birth_date,
          province: row.province,
          updated_at: row.updated_at,
        })
      : null
  return { id: row.id, role: office ? 'office' : 'resident', office, profile, notices }
}
