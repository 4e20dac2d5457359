import type { UserView } from '@canbao/shared/api/auth'
import type { ProfileView } from '@canbao/shared/api/profile'
import { isServedProvince, provinceNameZh, regionNameZh } from '@canbao/shared/regions'
import type { StoredProfile, UserWithProfile } from '../db/users'

export function profileView(p: StoredProfile): ProfileView {
  if (!isServedProvince(p.province)) throw new Error('stored profile has an unserved province')
  return {
    name: p.name,
    idNumberMasked: p.idMasked,
    birthDate: p.birthDate,
    province: p.province,
    provinceNameZh: provinceNameZh(p.province) ?? p.province,
    region: p.region,
    regionNameZh: p.region === null ? null : regionNameZh(p.region),
    updatedAt: p.updatedAt,
    verifiedAt: p.verifiedAt,
  }
}

export function userView(user: UserWithProfile, notices: UserView['notices'] = []): UserView {
  const office =
    user.role === 'office' && user.officeProvince !== null && isServedProvince(user.officeProvince)
      ? {
          province: user.officeProvince,
          region: user.officeRegion,
          scopeNameZh:
            (provinceNameZh(user.officeProvince) ?? '') +
            (user.officeRegion ? (regionNameZh(user.officeRegion) ?? user.officeRegion) : ''),
        }
      : null
  const profile = user.profile ? profileView(user.profile) : null
  return { id: user.id, role: office ? 'office' : 'resident', office, profile, notices }
}
