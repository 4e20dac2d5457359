import Taro from '@tarojs/taro'
import * as v from 'valibot'
import { UserViewSchema, type UserView } from '@canbao/shared/api/auth'
import { ProfileResponseSchema, type ProfileResponse } from '@canbao/shared/api/profile'
import { VerificationStartResponseSchema, type VerificationStartResponse } from '@canbao/shared/api/identity'
import { clearSession, currentSession, updateSessionUser } from '../lib/session'
import { api, callApi, type ApiResult } from './client'

const OkSchema = v.object({ ok: v.literal(true) })
const MeSchema = v.object({ user: UserViewSchema })

/** The account as the server sees it now (verification, notices): the stored session may be hours old. */
export async function refreshMe(): Promise<ApiResult<{ user: UserView }>> {
  const result = await callApi<{ user: UserView }>(() => api.api.me.$get(), { schema: MeSchema })
  if (result.ok) updateSessionUser(result.data.user)
  return result
}

export const startVerification = (): Promise<ApiResult<VerificationStartResponse>> =>
  callApi<VerificationStartResponse>(() => api.api.me.verification.$post(), { schema: VerificationStartResponseSchema })

export async function finishVerification(verifyId: string): Promise<ApiResult<ProfileResponse>> {
  const result = await callApi<ProfileResponse>(() => api.api.me.verification.result.$post({ json: { verifyId } }), {
    schema: ProfileResponseSchema,
  })
  const session = currentSession()
  if (result.ok && session) updateSessionUser({ ...session.user, profile: result.data.profile })
  return result
}

/**
 * WeChat's own face check (基础库 3.8.12+). It only says the check ran; whether it passed is asked of the
 * server (queryverifyinfo), never taken from the phone.
 */
export function requestFacialVerify(verifyId: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const wxApi = (
    globalThis as {
      wx?: {
        requestFacialVerify?: (o: { verifyId: string; success(): void; fail(e: { errMsg?: string }): void }) => void
      }
    }
  ).wx
  return new Promise((resolve) => {
    if (!wxApi?.requestFacialVerify) {
      resolve({ ok: false, message: '当前微信版本不支持人脸核身，请把微信升级到最新版本后再试。' })
      return
    }
    wxApi.requestFacialVerify({
      verifyId,
      success: () => resolve({ ok: true }),
      // The server still decides: a "fail" here may be a cancel; queryverifyinfo says which.
      fail: () => resolve({ ok: true }),
    })
  })
}

export async function dismissNotices(): Promise<void> {
  const result = await callApi(() => api.api.me.notices.$delete(), { schema: OkSchema })
  const session = currentSession()
  if (result.ok && session) updateSessionUser({ ...session.user, notices: [] })
}

/** 注销: on success the session is gone on the server too, so the local one is dropped. */
export async function deleteAccount(): Promise<ApiResult<unknown>> {
  const result = await callApi(() => api.api.me.$delete(), { schema: OkSchema })
  if (result.ok) clearSession()
  return result
}

export const exportMyData = (): Promise<ApiResult<Record<string, unknown>>> =>
  callApi<Record<string, unknown>>(() => api.api.me.export.$get(), { schema: v.record(v.string(), v.unknown()) })

/** 退出登录 ends the session on the server as well; offline, the local sign-out still happens. */
export async function signOut(): Promise<void> {
  await callApi(() => api.api.auth.logout.$post(), { schema: OkSchema })
  clearSession()
}

export const copyText = (data: string) => Taro.setClipboardData({ data })
