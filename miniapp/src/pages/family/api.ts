import * as v from 'valibot'
import {
  AccountResponseSchema,
  InvitationResponseSchema,
  MembersResponseSchema,
  PayerSchema,
  PaymentResponseSchema,
  PaymentsResponseSchema,
  type InvitationRequest,
  type PaymentRequest,
} from '@canbao/shared/api/family'
import Taro from '@tarojs/taro'
import { GuardianReviewResponseSchema, type GuardianReview } from '@canbao/shared/api/family'
import { parseApiError } from '@canbao/shared'
import { api, callApi } from '../../api/client'
import { currentSession } from '../../lib/session'

export const fetchMembers = () => callApi(() => api.api.family.members.$get(), { schema: MembersResponseSchema })
export const fetchAccount = () => callApi(() => api.api.family.account.$get(), { schema: AccountResponseSchema })
export const fetchPayments = () => callApi(() => api.api.family.payments.$get(), { schema: PaymentsResponseSchema })

export const inviteRelative = (body: InvitationRequest) =>
  callApi(() => api.api.family.invitations.$post({ json: body }), { schema: InvitationResponseSchema })

export const acceptInvitation = (code: string) =>
  callApi(() => api.api.family.invitations.accept.$post({ json: { code } }), {
    schema: v.object({ payer: PayerSchema }),
  })

export const unbindMember = (id: string) => callApi(() => api.api.family.members[':id'].$delete({ param: { id } }))

/**
 * One key per payment the resident confirmed: a retry after a lost answer sends the same key, so the
 * server answers it instead of charging again. 202 means the platform is still confirming.
 */
export const payFor = (body: PaymentRequest, idempotencyKey: string) =>
  callApi(() => api.api.family.payments.$post({ json: body }, { headers: { 'Idempotency-Key': idempotencyKey } }), {
    schema: PaymentResponseSchema,
    acceptStatus: [202],
  })

export const newIdempotencyKey = () => `pay-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`

/**
 * Sends the photographed household register page of a pending guardian binding. wx.request cannot send a file:
 * Taro.uploadFile (wx.uploadFile; a form post on H5) sends it as multipart field `file`, with the sign-in.
 */
export async function uploadHouseholdProof(
  bindingId: string,
  filePath: string,
): Promise<{ ok: true; review: GuardianReview } | { ok: false; message: string }> {
  const session = currentSession()
  try {
    const res = await Taro.uploadFile({
      url: `${API_BASE}/api/family/members/${bindingId}/household-proof`,
      filePath,
      name: 'file',
      header: session ? { Authorization: `Bearer ${session.token}` } : {},
    })
    let body: unknown = null
    try {
      body = JSON.parse(res.data)
    } catch {
      body = null
    }
    const parsed = v.safeParse(GuardianReviewResponseSchema, body)
    if (res.statusCode === 200 && parsed.success) return { ok: true, review: parsed.output.guardianReview }
    return { ok: false, message: parseApiError(body)?.message ?? '户口本页面没有上传成功，请稍后重试。' }
  } catch {
    return { ok: false, message: '网络连接失败，户口本页面没有上传，请检查网络后重试。' }
  }
}
