import { Hono } from 'hono'
import * as v from 'valibot'
import {
  AcceptRequestSchema,
  GuardianReviewResponseSchema,
  InvitationRequestSchema,
  InvitationResponseSchema,
  MAX_HOUSEHOLD_PROOF_BYTES,
  MemberIdParamSchema,
  MembersResponseSchema,
  PayerSchema,
} from '@canbao/shared/api/family'
import type { AppEnv } from '../env'
import { accept, invite, membersOf, proofTarget, storeProof, unbindAs } from '../family/bindings'
import { ApiError } from '../lib/errors'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, paramOf } from '../lib/validate'
import { describe } from '../openapi/describe'

/** wx.uploadFile sends the page as multipart field `file`; a script may send the image itself. */
async function readImage(c: {
  req: { header(name: string): string | undefined; raw: Request; parseBody(): Promise<Record<string, unknown>> }
}): Promise<Uint8Array<ArrayBuffer>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody()
    } catch {
      throw new ApiError('BAD_REQUEST', '上传的表单格式不正确，没能读出图片。请重新选择户口本页面的照片上传。')
    }
    const file = form.file
    if (!(file instanceof File))
      throw new ApiError('BAD_REQUEST', '没有收到图片：请把户口本页面的照片放在表单字段 file 中上传。')
    return new Uint8Array(await file.arrayBuffer())
  }
  if (type.startsWith('image/') || type.startsWith('application/octet-stream'))
    return new Uint8Array(await c.req.raw.arrayBuffer())
  throw new ApiError('BAD_REQUEST', '请上传户口本页面的照片（JPG 或 PNG）。')
}

/** Family mutual aid (家庭共济), binding relatives: the work is in family/bindings.ts. Mounted behind requireUser. */
export const familyMemberRoutes = new Hono<AppEnv>()
  .get(
    '/members',
    describe({
      summary: '我绑定的家人，以及为我缴费的家人',
      description: '每位家人的绑定状态、同意记录、本年度和下一年度是否已缴费、应缴金额（地区缴费标准）和缴费截止日。',
      ok: { 200: { schema: MembersResponseSchema, description: '家人列表' } },
    }),
    async (c) => c.json(await membersOf(c.env, c.get('user').id), 200),
  )
  .post(
    '/invitations',
    describe({
      summary: '邀请一位近亲属（或作为监护人绑定未满 16 周岁的子女、孙子女）',
      description: '关系按双方出生日期核对。16 周岁及以上的家人用返回的邀请码本人确认（7 天内有效，只能用一次）。',
      ok: { 201: { schema: InvitationResponseSchema, description: '已邀请或已绑定' } },
      errors: [
        'PROFILE_REQUIRED',
        'FAMILY_NOT_PAYER',
        'FAMILY_UNVERIFIED',
        'CONFLICT',
        'RATE_LIMITED',
        'UPSTREAM_UNAVAILABLE',
      ],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(InvitationRequestSchema),
    async (c) => c.json(await invite(c.env, c.get('user').id, c.req.valid('json')), 201),
  )
  .post(
    '/invitations/accept',
    describe({
      summary: '家人用邀请码确认绑定',
      ok: { 200: { schema: v.object({ payer: PayerSchema }), description: '已同意' } },
      errors: ['PROFILE_REQUIRED', 'FAMILY_UNVERIFIED', 'FAMILY_INVITE_INVALID', 'FAMILY_INVITE_OWN', 'RATE_LIMITED'],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(AcceptRequestSchema),
    async (c) => c.json(await accept(c.env, c.get('user').id, c.req.valid('json')), 200),
  )
  .delete(
    '/members/:id',
    describe({
      summary: '解除绑定（缴费人或家人任一方）',
      description: '记录保留，状态变为已解除。',
      ok: {
        200: {
          schema: v.object({ unbound: v.literal(true), by: v.picklist(['payer', 'relative']) }),
          description: '已解除',
        },
      },
      errors: ['CONFLICT'],
    }),
    paramOf(MemberIdParamSchema),
    async (c) => c.json(await unbindAs(c.env, c.get('user').id, c.req.valid('param').id), 200),
  )
  .post(
    '/members/:id/household-proof',
    describe({
      summary: '上传户口本页面（监护人绑定未满 16 周岁的孩子）',
      description:
        '医保信息平台未能核实户籍关系时，上传显示您与孩子关系的户口本页面（JPG 或 PNG，1 MB 以内），由孩子参保地的经办机构审核。图片加密保存。',
      upload: 'image',
      ok: { 200: { schema: GuardianReviewResponseSchema, description: '已上传，等待审核' } },
      errors: ['BAD_REQUEST', 'FAMILY_REVIEW_CLOSED'],
    }),
    limitBody(MAX_HOUSEHOLD_PROOF_BYTES + 64 * 1024),
    paramOf(MemberIdParamSchema),
    async (c) => {
      // The binding is checked before the upload is read: nobody else's binding costs a body read.
      const binding = await proofTarget(c.env, c.get('user').id, c.req.valid('param').id)
      return c.json(await storeProof(c.env, binding, await readImage(c)), 200)
    },
  )
