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
import { GuardianReviewResponseSchema } from '@canbao/shared/api/family'
import { api, authHeaders, callApi } from './client'
import { taroUpload } from './request'

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
 * Sends the photographed household register page of a pending guardian binding, with the sign-in; it fails
 * the way every other call fails (one mapping in client.ts).
 */
export const uploadHouseholdProof = (bindingId: string, filePath: string) =>
  callApi(
    () =>
      taroUpload(
        `${API_BASE}/api/family/members/${encodeURIComponent(bindingId)}/household-proof`,
        filePath,
        authHeaders(),
      ),
    { schema: GuardianReviewResponseSchema },
  )
