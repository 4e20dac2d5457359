import { ProfileResponseSchema, type ProfileRequest, type ProfileResponse } from '@canbao/shared/api/profile'
import { updateSessionUser, currentSession } from '../lib/session'
import { api, callApi, type ApiResult } from './client'

export async function saveProfile(profile: ProfileRequest): Promise<ApiResult<ProfileResponse>> {
  const result = await callApi<ProfileResponse>(() => api.api.me.profile.$put({ json: profile }), {
    schema: ProfileResponseSchema,
  })
  const session = currentSession()
  // The home page decides what to show from the session's user: keep its profile current.
  if (result.ok && session) updateSessionUser({ ...session.user, profile: result.data.profile })
  return result
}
