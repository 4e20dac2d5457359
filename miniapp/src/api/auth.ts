import Taro from '@tarojs/taro'
import { LoginResponseSchema, type LoginResponse } from '@canbao/shared/api/auth'
import { saveSession } from '../lib/session'
import { api, callApi, type ApiResult } from './client'

export async function signInWithCode(code: string): Promise<ApiResult<LoginResponse>> {
  const result = await callApi<LoginResponse>(() => api.api.auth.login.$post({ json: { code } }), {
    schema: LoginResponseSchema,
  })
  if (result.ok) saveSession(result.data)
  return result
}

/** In WeChat: a fresh wx.login code, exchanged by the Worker (session_key never reaches the phone). */
export async function signInWithWeChat(): Promise<ApiResult<LoginResponse>> {
  let code: string
  try {
    code = (await Taro.login()).code
  } catch {
    return {
      ok: false,
      error: { code: 'NETWORK_OFFLINE', message: '微信登录没有成功，请检查网络后重试。', status: null },
    }
  }
  return signInWithCode(code)
}

/** Local development on H5 has no WeChat: the fake WeChat accepts `dev:<name>` as a login code. */
export const devLoginCode = (name: string) => `dev:${name.trim()}`
