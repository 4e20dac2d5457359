// A payer's request to pay a relative's contribution, made once whatever the retries: the Idempotency-Key names
// it, the database holds one payment per key, and retries landing in this isolate wait for the first.

import { IDEMPOTENCY_KEY, type Payment, type PaymentRequest } from '@canbao/shared/api/family'
import { FAMILY_ITEM_ZH, itemAllowed, payableYears } from '@canbao/shared/family/index'
import type { Env } from '../env'
import {
  getAccount,
  getBinding,
  getPayment,
  identityOf,
  paidYears,
  paymentByKey,
  paymentsForRelativeUser,
  paymentsOfPayer,
  startPayment,
  type PaymentRow,
} from '../db/family'
import { ensureAccount } from './accounts'
import { executePayment, RECONCILE_GRACE_MS, settledOrInFlight } from './payments'
import { amountOf, paymentView, standardsFor } from './views'
import { registrySnapshot } from '../registry/snapshot'
import { isRealWeChat } from '../lib/config'
import { nowMs, todayCst } from '../lib/clock'
import { ApiError } from '../lib/errors'
import { randomHex } from '../lib/ids'
import { describeError, log } from '../lib/log'

/** Payment requests being worked on in this isolate, by payer and Idempotency-Key. */
const inFlight = new Map<string, Promise<void>>()

const newPaymentId = () => `fp_${randomHex(12)}`

/** A payment and the status its answer carries: 202 while the platform has not confirmed it. */
export interface PaymentAnswer {
  payment: Payment
  status: 200 | 202
}

async function paymentResponse(env: Env, payment: PaymentRow): Promise<Payment> {
  const [binding, payer] = await Promise.all([
    getBinding(env.DB, payment.bindingId),
    identityOf(env.DB, payment.payerUserId),
  ])
  if (!binding) throw new Error('payment without binding')
  return paymentView(payment, { payerName: payer?.name ?? '', binding })
}

/**
 * Pays once per Idempotency-Key: a repeated request gets the first one's answer, a key reused for another
 * payment is refused, and a concurrent request (here or in another isolate) never charges twice.
 */
export async function requestPayment(
  env: Env,
  userId: string,
  rawKey: string | undefined,
  body: PaymentRequest,
): Promise<PaymentAnswer> {
  const key = rawKey?.trim()
  if (!key) throw new ApiError('IDEMPOTENCY_KEY_REQUIRED')
  if (!IDEMPOTENCY_KEY.test(key))
    throw new ApiError(
      'IDEMPOTENCY_KEY_REQUIRED',
      '请求编号（Idempotency-Key）格式不正确：应为 8–64 位字母、数字、“-”或“_”。',
    )
  const requestHash = `${body.relativeId}|${body.year}|${body.item}`
  const answer = async (payment: PaymentRow): Promise<PaymentAnswer> => {
    if (payment.requestHash !== requestHash) throw new ApiError('IDEMPOTENCY_KEY_REUSED')
    const settled = await settledOrInFlight(env, payment)
    return { payment: await paymentResponse(env, settled), status: settled.status === 'pending' ? 202 : 200 }
  }
  const slot = `${userId}|${key}`
  // Retries that land in this isolate while the first request works wait for it instead of polling D1.
  const local = inFlight.get(slot)
  if (local) await local
  const existing = await paymentByKey(env.DB, userId, key)
  if (existing) return answer(existing)
  const again = inFlight.get(slot)
  if (again) {
    await again
    const settled = await paymentByKey(env.DB, userId, key)
    if (settled) return answer(settled)
  }
  let release = () => {}
  inFlight.set(slot, new Promise<void>((resolve) => (release = resolve)))
  try {
    return await newPayment(env, userId, key, requestHash, body, answer)
  } catch (err) {
    // A concurrent request with this key (another isolate) may have started the payment since we looked:
    // its answer wins over a refusal ("already paid") that the same payment caused.
    const winner = err instanceof ApiError ? await paymentByKey(env.DB, userId, key) : null
    if (winner) return answer(winner)
    throw err
  } finally {
    inFlight.delete(slot)
    release()
  }
}

/** The payments the caller made, and the receipts of payments made for them. */
export async function paymentsOf(env: Env, userId: string): Promise<Payment[]> {
  const [mine, forMe] = await Promise.all([
    paymentsOfPayer(env.DB, userId, 100),
    paymentsForRelativeUser(env.DB, userId, 100),
  ])
  return Promise.all([...mine, ...forMe].map((p) => paymentResponse(env, p)))
}

/** One payment, to its payer or to the bound relative it was made for (once it succeeded); absent to anyone else. */
export async function paymentFor(env: Env, userId: string, id: string): Promise<Payment> {
  const payment = await getPayment(env.DB, id)
  if (!payment) throw new ApiError('NOT_FOUND')
  if (payment.payerUserId !== userId) {
    // The bound relative sees the receipt of a payment made for them; nobody else (a relative who unbound
    // included) learns it exists.
    const binding = await getBinding(env.DB, payment.bindingId)
    if (!binding || binding.relativeUserId !== userId || binding.status !== 'active' || payment.status !== 'succeeded')
      throw new ApiError('NOT_FOUND')
  }
  return paymentResponse(env, payment)
}

function balanceMessage(balanceFen: number, amountFen: number): string {
  return `个人账户余额 ${(balanceFen / 100).toFixed(2)} 元，不够缴这笔 ${(amountFen / 100).toFixed(2)} 元的费用。`
}

async function newPayment<R>(
  env: Env,
  userId: string,
  key: string,
  requestHash: string,
  body: PaymentRequest,
  answer: (payment: PaymentRow) => Promise<R>,
): Promise<R> {
  const binding = await getBinding(env.DB, body.relativeId)
  if (!binding || binding.payerUserId !== userId)
    throw new ApiError('NOT_FOUND', '没有找到这位亲属，请先邀请并等待对方确认。')
  if (binding.status !== 'active') throw new ApiError('FAMILY_NOT_BOUND')
  const today = todayCst()
  if (!itemAllowed(body.item, binding.relativeProvince)) {
    throw new ApiError(
      'FAMILY_NOT_ALLOWED',
      `${FAMILY_ITEM_ZH[body.item]}只有黑龙江省可以用职工医保个人账户为家人缴纳。`,
    )
  }
  // the relative's own enrollment period decides which coverage year a payment today buys
  const tables = (await registrySnapshot(env)).tablesFor(Number(today.slice(0, 4)))
  const years = payableYears(today, {
    province: binding.relativeProvince,
    region: binding.relativeRegion ?? undefined,
    tables,
  })
  if (!years.includes(body.year)) {
    throw new ApiError(
      'FAMILY_NOT_ALLOWED',
      `现在只能为 ${years.join(' 或 ')} 年度缴费；更早年度的补缴请到当地医保经办机构办理。`,
    )
  }
  const paid = (await paidYears(env.DB, [binding.relativeIdHash], [body.year])).filter((p) => p.item === body.item)
  if (paid.length > 0)
    throw new ApiError(
      'FAMILY_ALREADY_PAID',
      `${binding.relativeName} ${body.year} 年度的${FAMILY_ITEM_ZH[body.item]}已经缴过（或正在缴费），不需要再缴。`,
    )
  const amount = amountOf(binding, body.year, body.item, await standardsFor(env.DB, [binding], [body.year]))
  if (!amount.ok) throw new ApiError('FAMILY_STANDARD_UNKNOWN', amount.message)
  // A demonstration figure is no one's real contribution: production never charges it.
  if (amount.demo && isRealWeChat(env)) {
    log.error('config_demo_standard_in_real_mode', { region: binding.relativeRegion })
    throw new ApiError('FAMILY_STANDARD_UNKNOWN')
  }
  const account = await ensureAccount(env, userId)
  if (account.balanceFen < amount.amountFen)
    throw new ApiError('FAMILY_BALANCE_TOO_LOW', balanceMessage(account.balanceFen, amount.amountFen))

  const now = nowMs()
  const started = await startPayment(env.DB, {
    id: newPaymentId(),
    payerUserId: userId,
    idempotencyKey: key,
    requestHash: requestHash,
    bindingId: binding.id,
    payeeIdHash: binding.relativeIdHash,
    year: body.year,
    item: body.item,
    amountFen: amount.amountFen,
    amountSource: amount.demo ? `${amount.source}（演示数据）` : amount.source,
    createdAt: new Date(now).toISOString(),
    nextCheckAt: new Date(now + RECONCILE_GRACE_MS).toISOString(),
  })
  if (!started.ok) {
    if (started.reason === 'key-exists') {
      const winner = await paymentByKey(env.DB, userId, key)
      if (winner) return answer(winner)
      throw new Error('idempotency key reported but not found')
    }
    if (started.reason === 'already-paid') throw new ApiError('FAMILY_ALREADY_PAID')
    if (started.reason === 'not-bound') throw new ApiError('FAMILY_NOT_BOUND')
    const latest = await getAccount(env.DB, userId)
    throw new ApiError('FAMILY_BALANCE_TOO_LOW', balanceMessage(latest?.balanceFen ?? 0, amount.amountFen))
  }
  try {
    await executePayment(env, started.payment)
  } catch (err) {
    // The hold stands and reconciliation settles it: the resident is told it is being confirmed.
    log.error('family_payment_execute_failed', { payment: started.payment.id, error: describeError(err) })
  }
  return answer((await getPayment(env.DB, started.payment.id)) ?? started.payment)
}
