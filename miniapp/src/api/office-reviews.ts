import Taro from '@tarojs/taro'
import * as v from 'valibot'
import { AuditListResponseSchema, ConflictCountsResponseSchema } from '@canbao/shared/api/office'
import { HouseholdReviewListResponseSchema, type HouseholdDecision } from '@canbao/shared/api/family'
import { api, callApi } from './client'
import { currentSession } from '../lib/session'

export const fetchReviews = () =>
  callApi(() => api.api.office['household-reviews'].$get(), { schema: HouseholdReviewListResponseSchema })

export const decideReview = (id: string, body: HouseholdDecision) =>
  callApi(() => api.api.office['household-reviews'][':id'].$post({ param: { id }, json: body }), {
    schema: v.object({ bindingId: v.string(), status: v.picklist(['confirmed', 'refused']) }),
  })

export const fetchAudit = () =>
  callApi(() => api.api.office.audit.$get({ query: {} }), { schema: AuditListResponseSchema })

export const fetchConflicts = () =>
  callApi(() => api.api.office.conflicts.$get(), { schema: ConflictCountsResponseSchema })

/**
 * The household page is an image behind the office's sign-in: an <Image> cannot send the token, so it is
 * downloaded with it (wx.downloadFile on WeChat, a blob URL on H5) and shown from the local copy.
 */
export async function downloadProof(id: string): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
  const session = currentSession()
  try {
    const res = await Taro.downloadFile({
      url: `${API_BASE}/api/office/household-reviews/${id}/proof`,
      header: session ? { Authorization: `Bearer ${session.token}` } : {},
    })
    if (res.statusCode !== 200)
      return {
        ok: false,
        message: res.statusCode === 404 ? '没有找到这张户口本页面。' : '户口本页面没能打开，请稍后重试。',
      }
    return { ok: true, path: res.tempFilePath }
  } catch {
    return { ok: false, message: '网络连接失败，户口本页面没能打开，请检查网络后重试。' }
  }
}
