import { Hono } from 'hono'
import {
  AccountResponseSchema,
  PaymentIdParamSchema,
  PaymentRequestSchema,
  PaymentResponseSchema,
  PaymentsResponseSchema,
} from '@canbao/shared/api/family'
import type { AppEnv } from '../env'
import { accountOf } from '../family/accounts'
import { paymentFor, paymentsOf, requestPayment } from '../family/payment-requests'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, paramOf } from '../lib/validate'
import { describe } from '../openapi/describe'

/**
 * Family mutual aid (家庭共济), paying from the personal account: the work is in family/accounts.ts and
 * family/payment-requests.ts. Mounted behind requireUser.
 */
export const familyPaymentRoutes = new Hono<AppEnv>()
  .get(
    '/account',
    describe({
      summary: '职工医保个人账户余额与流水',
      ok: { 200: { schema: AccountResponseSchema, description: '余额等于流水之和' } },
      errors: ['PROFILE_REQUIRED', 'FAMILY_NOT_PAYER', 'UPSTREAM_UNAVAILABLE'],
    }),
    async (c) => c.json(await accountOf(c.env, c.get('user').id), 200),
  )
  .post(
    '/payments',
    describe({
      summary: '用个人账户为家人缴费（需 Idempotency-Key 请求头）',
      description:
        '金额为家人参保地该年度的个人缴费标准，不由客户端提供。同一个 Idempotency-Key 只扣一次款，重复请求得到同样的回答；202 表示医保平台仍在确认，对账任务会完成它，绝不重复扣款。',
      headers: [{ name: 'Idempotency-Key', required: true, description: '8–64 位字母、数字、“-”或“_”，每笔缴费一个' }],
      ok: {
        200: { schema: PaymentResponseSchema, description: '已完成（成功或失败并已退回）' },
        202: { schema: PaymentResponseSchema, description: '医保平台确认中，款项已冻结' },
      },
      errors: [
        'NOT_FOUND',
        'IDEMPOTENCY_KEY_REQUIRED',
        'IDEMPOTENCY_KEY_REUSED',
        'FAMILY_NOT_BOUND',
        'FAMILY_ALREADY_PAID',
        'FAMILY_NOT_ALLOWED',
        'FAMILY_STANDARD_UNKNOWN',
        'FAMILY_BALANCE_TOO_LOW',
        'FAMILY_NOT_PAYER',
        'PROFILE_REQUIRED',
        'UPSTREAM_UNAVAILABLE',
      ],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(PaymentRequestSchema),
    async (c) => {
      const { payment, status } = await requestPayment(
        c.env,
        c.get('user').id,
        c.req.header('idempotency-key'),
        c.req.valid('json'),
      )
      return c.json({ payment }, status)
    },
  )
  .get(
    '/payments',
    describe({
      summary: '我发起的缴费，以及为我缴费的凭证',
      ok: { 200: { schema: PaymentsResponseSchema, description: '缴费记录' } },
    }),
    async (c) => c.json({ payments: await paymentsOf(c.env, c.get('user').id) }, 200),
  )
  .get(
    '/payments/:id',
    describe({
      summary: '一笔缴费及其凭证（缴费人，或已绑定的受益家人）',
      ok: { 200: { schema: PaymentResponseSchema, description: '缴费与凭证' } },
    }),
    paramOf(PaymentIdParamSchema),
    async (c) => c.json({ payment: await paymentFor(c.env, c.get('user').id, c.req.valid('param').id) }, 200),
  )
